package io.gcoding.training;

import io.gcoding.coding.KeyValueSpec;
import java.util.List;
import java.util.Map;

/**
 * Stochastic gradient descent with heavy-ball momentum (the PyTorch form: v = mu v + g, w -= lr v) and optional
 * L2 weight decay (g += wd w, applied to every parameter, biases included).
 */
public final class Sgd implements Optimizer {
    private final double lr;
    private final double momentum;
    private final double weightDecay;
    private final double gradientScale;
    private final OptimizerState state = new OptimizerState("sgd");
    private double[] velocity;
    private long steps;

    /** No weight decay; the gradient is used as given (scale 1). */
    public Sgd(double lr, double momentum) {
        this(lr, momentum, 0.0, 1.0);
    }

    /**
     * @param gradientScale the number of rows the summed gradient covers; the update uses gradient / gradientScale
     */
    public Sgd(double lr, double momentum, double weightDecay, double gradientScale) {
        OptimizerState.require(lr > 0 && Double.isFinite(lr), "sgd: lr must be > 0, got " + lr);
        OptimizerState.require(momentum >= 0 && momentum < 1, "sgd: momentum must be in [0, 1), got " + momentum);
        OptimizerState.require(weightDecay >= 0 && Double.isFinite(weightDecay),
                "sgd: wd must be >= 0, got " + weightDecay);
        OptimizerState.requireScale(gradientScale);
        this.lr = lr;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.gradientScale = gradientScale;
    }

    @Override
    public void step(double[] params, double[] gradient) {
        if (state.check(params, gradient)) {
            velocity = new double[params.length];
        }
        steps++;
        double inv = 1.0 / gradientScale;
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i] * inv + weightDecay * params[i];
            velocity[i] = momentum * velocity[i] + g;
            params[i] -= lr * velocity[i];
        }
    }

    @Override
    public String describe() {
        return "sgd(lr=" + lr + ", momentum=" + momentum + ", wd=" + weightDecay + ", gradient/"
                + KeyValueSpec.format(gradientScale) + ")";
    }

    @Override
    public OptimizerSnapshot snapshot() {
        return new OptimizerSnapshot(describe(), steps,
                velocity == null ? Map.of() : Map.of("velocity", velocity));
    }

    @Override
    public void restore(OptimizerSnapshot snapshot) {
        snapshot.requireOwner(describe(), List.of("velocity"));
        velocity = snapshot.length() < 0 ? null : snapshot.vector("velocity");
        steps = snapshot.steps();
        state.restored(snapshot.length());
    }
}
