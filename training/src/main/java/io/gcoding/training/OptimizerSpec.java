package io.gcoding.training;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;

/**
 * An optimizer as users write it: {@code sgd[:lr=0.1,momentum=0,wd=0]} or
 * {@code adam[:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8,wd=0]} (the defaults shown). Parsing is separate from
 * {@link #create} so a command line can be validated before the data (and so the gradient scale) is known.
 */
public record OptimizerSpec(Kind kind, double lr, double momentum, double beta1, double beta2, double eps,
        double weightDecay) {

    public enum Kind { SGD, ADAM }

    public static final double SGD_LR = 0.1;
    public static final double ADAM_LR = 0.001;

    public OptimizerSpec {
        if (kind == null) {
            throw new ConfigurationException("optimizer kind is null");
        }
        // The optimizers' constructors own the range checks; run them now so that a bad spec fails at parse time.
        // (Parameters, not fields: in a compact constructor the fields are assigned only at its end.)
        if (kind == Kind.SGD) {
            new Sgd(lr, momentum, weightDecay, 1.0);
        } else {
            new Adam(lr, beta1, beta2, eps, weightDecay, 1.0);
        }
    }

    public static OptimizerSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException("no optimizer given (use sgd:lr=0.1,momentum=0.9 or adam:lr=0.001)");
        }
        KeyValueSpec.Named named = KeyValueSpec.Named.of(text);
        return switch (named.name()) {
            case "sgd" -> {
                KeyValueSpec o = KeyValueSpec.parse("sgd", named.rest(), "sgd:lr=0.1,momentum=0.9,wd=0")
                        .requireOnly("lr", "momentum", "wd");
                yield new OptimizerSpec(Kind.SGD, o.positive("lr", SGD_LR), o.number("momentum", 0.0, 0.0, 1.0, false),
                        0.9, 0.999, 1e-8, o.number("wd", 0.0, 0.0, Double.MAX_VALUE, true));
            }
            case "adam" -> {
                KeyValueSpec o = KeyValueSpec.parse("adam", named.rest(),
                        "adam:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8,wd=0")
                        .requireOnly("lr", "beta1", "beta2", "eps", "wd");
                yield new OptimizerSpec(Kind.ADAM, o.positive("lr", ADAM_LR), 0.0,
                        o.number("beta1", 0.9, 0.0, 1.0, false), o.number("beta2", 0.999, 0.0, 1.0, false),
                        o.positive("eps", 1e-8), o.number("wd", 0.0, 0.0, Double.MAX_VALUE, true));
            }
            default -> throw new ConfigurationException("unknown optimizer '" + text.trim()
                    + "' (use sgd[:lr=0.1,momentum=0.9,wd=0] or adam[:lr=0.001,beta1=0.9,beta2=0.999,eps=1e-8,wd=0])");
        };
    }

    /**
     * @param gradientScale the number of rows the summed gradient covers (see {@link Optimizer})
     */
    public Optimizer create(double gradientScale) {
        return kind == Kind.SGD
                ? new Sgd(lr, momentum, weightDecay, gradientScale)
                : new Adam(lr, beta1, beta2, eps, weightDecay, gradientScale);
    }

    /** The spec in canonical form; {@code parse(text())} gives an equal spec. */
    public String text() {
        return kind == Kind.SGD
                ? "sgd:lr=" + lr + ",momentum=" + momentum + ",wd=" + weightDecay
                : "adam:lr=" + lr + ",beta1=" + beta1 + ",beta2=" + beta2 + ",eps=" + eps + ",wd=" + weightDecay;
    }
}
