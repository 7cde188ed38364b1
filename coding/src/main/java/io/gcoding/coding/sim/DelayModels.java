package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;

/**
 * Parses the compact delay-model strings users type: {@code NAME} or {@code NAME:key=value,key=value}. Every key
 * has a default, so {@code stragglers} alone is a valid model. Trace files ({@code trace:PATH}) are not a random
 * model and are read by {@link TraceCsv}.
 */
public final class DelayModels {

    /** What {@code --help} prints: every model, its keys and defaults ({@code %n}: picocli line breaks). */
    public static final String HELP =
            "  exp:mean=1                i.i.d. exponential chunk times%n"
            + "  shifted-exp:a=1,b=1       chunk time a + Exp(mean b)%n"
            + "  pareto:scale=1,alpha=1.5  heavy tail: scale * U^(-1/alpha)%n"
            + "  stragglers:a=1,b=0.5,p_slow=0.2,slow=3-10,p_fail=0.1%n"
            + "      chunk time a + Exp(b); per worker and trial: failed with p_fail%n"
            + "      (stops after 0..load-1 chunks), else slowed by a factor drawn%n"
            + "      from LO-HI with p_slow, else normal%n"
            + "  persistent:a=1,b=0.5,p_slow=0.1,slow=6-12,stay=0.9%n"
            + "      stragglers that persist across consecutive trials: a slow worker%n"
            + "      stays slow with probability stay (Markov), p_slow of all rounds%n"
            + "      are slow, one factor per episode; stay=p_slow gives i.i.d. rounds%n"
            + "  trace:PATH  replay a CSV trace trial,worker,position,finish_time%n"
            + "      (0-based trial and worker, 1-based position; missing row = never)";

    private DelayModels() {
    }

    /** True for {@code trace:PATH}, which names recorded trials instead of a random model. */
    public static boolean isTrace(String spec) {
        return spec != null && spec.startsWith("trace:");
    }

    /** The file named by {@code trace:PATH}. */
    public static java.nio.file.Path tracePath(String spec) {
        if (!isTrace(spec)) {
            throw new ConfigurationException("'" + spec + "' is not trace:PATH");
        }
        return java.nio.file.Path.of(spec.substring("trace:".length()));
    }

    /** The model for {@code spec}; a clear error names the problem and the valid forms. */
    public static DelayModel parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new ConfigurationException("empty delay model: use one of exp, shifted-exp, pareto, stragglers,"
                    + " persistent, trace:PATH");
        }
        if (isTrace(spec)) {
            throw new ConfigurationException("'" + spec + "' is a trace file, not a random model: read it with TraceCsv");
        }
        KeyValueSpec.Named named = KeyValueSpec.Named.of(spec);
        String name = named.name();
        KeyValueSpec params = KeyValueSpec.parse(name, named.rest(), name + ":" + example(name));
        return switch (name) {
            case "exp" -> ExponentialDelays.parse(params);
            case "shifted-exp" -> ShiftedExponentialDelays.parse(params);
            case "pareto" -> ParetoDelays.parse(params);
            case "stragglers" -> StragglerDelays.parse(params);
            case "persistent" -> PersistentStragglerDelays.parse(params);
            default -> throw new ConfigurationException("unknown delay model '" + name + "' in '" + spec
                    + "': use exp, shifted-exp, pareto, stragglers, persistent or trace:PATH, e.g."
                    + " stragglers:p_slow=0.2,slow=3-10,p_fail=0.1");
        };
    }

    private static String example(String model) {
        return switch (model) {
            case "exp" -> "mean=1";
            case "shifted-exp" -> "a=1,b=1";
            case "pareto" -> "scale=1,alpha=1.5";
            case "persistent" -> "p_slow=0.1,slow=6-12,stay=0.9";
            default -> "p_slow=0.2,slow=3-10,p_fail=0.1";
        };
    }

    static void requirePositive(String model, String key, double v) {
        if (!(v > 0) || Double.isInfinite(v)) {
            throw new ConfigurationException(model + ": " + key + " must be a positive number, got " + format(v));
        }
    }

    static void requireNonNegative(String model, String key, double v) {
        if (!(v >= 0) || Double.isInfinite(v)) {
            throw new ConfigurationException(model + ": " + key + " must be >= 0, got " + format(v));
        }
    }

    static void requireProbability(String model, String key, double v) {
        if (!(v >= 0 && v <= 1)) {
            throw new ConfigurationException(model + ": " + key + " is a probability and must be in [0, 1], got "
                    + format(v));
        }
    }

    /** 1.0 prints as 1, 0.25 as 0.25: specs read as users write them. */
    static String format(double v) {
        return KeyValueSpec.format(v);
    }
}
