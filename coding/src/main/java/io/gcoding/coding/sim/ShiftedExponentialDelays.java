package io.gcoding.coding.sim;

import io.gcoding.coding.KeyValueSpec;
import java.util.SplittableRandom;

/**
 * Chunk time a + Exp(b): a deterministic minimum (the work itself) plus an exponential tail (interference), the
 * standard model of the coded-computing literature.
 *
 * @param shift a, seconds (>= 0)
 * @param mean  b, the mean of the exponential part (> 0)
 */
public record ShiftedExponentialDelays(double shift, double mean) implements DelayModel {

    public ShiftedExponentialDelays {
        DelayModels.requireNonNegative("shifted-exp", "a", shift);
        DelayModels.requirePositive("shifted-exp", "b", mean);
    }

    @Override
    public Trial sample(int[] positions, SplittableRandom rnd) {
        double[][] finish = new double[positions.length][];
        for (int j = 0; j < positions.length; j++) {
            finish[j] = DelayModel.cumulative(positions[j], 1, rnd, r -> shift + DelayModel.exponential(r, mean));
        }
        return Trial.trusted(finish);
    }

    @Override
    public String spec() {
        return "shifted-exp:a=" + DelayModels.format(shift) + ",b=" + DelayModels.format(mean);
    }

    static ShiftedExponentialDelays parse(KeyValueSpec params) {
        params.requireOnly("a", "b");
        return new ShiftedExponentialDelays(params.number("a", 1), params.number("b", 1));
    }
}
