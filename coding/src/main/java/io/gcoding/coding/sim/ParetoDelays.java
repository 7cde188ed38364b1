package io.gcoding.coding.sim;

import io.gcoding.coding.KeyValueSpec;
import java.util.SplittableRandom;

/**
 * Heavy-tailed chunk times: Pareto with minimum {@code scale} and tail index {@code alpha}, scale * U^(-1/alpha).
 * For alpha <= 2 the variance is infinite, for alpha <= 1 the mean too: a few chunks take very long.
 */
public record ParetoDelays(double scale, double alpha) implements DelayModel {

    public ParetoDelays {
        DelayModels.requirePositive("pareto", "scale", scale);
        DelayModels.requirePositive("pareto", "alpha", alpha);
    }

    @Override
    public Trial sample(int[] positions, SplittableRandom rnd) {
        double exponent = -1.0 / alpha;
        double[][] finish = new double[positions.length][];
        for (int j = 0; j < positions.length; j++) {
            // 1 - U lies in (0, 1], so the power is finite
            finish[j] = DelayModel.cumulative(positions[j], 1, rnd, r -> scale * Math.pow(1.0 - r.nextDouble(), exponent));
        }
        return Trial.trusted(finish);
    }

    @Override
    public String spec() {
        return "pareto:scale=" + DelayModels.format(scale) + ",alpha=" + DelayModels.format(alpha);
    }

    static ParetoDelays parse(KeyValueSpec params) {
        params.requireOnly("scale", "alpha");
        return new ParetoDelays(params.number("scale", 1), params.number("alpha", 1.5));
    }
}
