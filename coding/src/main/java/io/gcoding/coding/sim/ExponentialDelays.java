package io.gcoding.coding.sim;

import io.gcoding.coding.KeyValueSpec;
import java.util.SplittableRandom;

/** I.i.d. exponential chunk times with the given mean: the memoryless model of the straggler literature. */
public record ExponentialDelays(double mean) implements DelayModel {

    public ExponentialDelays {
        DelayModels.requirePositive("exp", "mean", mean);
    }

    @Override
    public Trial sample(int[] positions, SplittableRandom rnd) {
        double[][] finish = new double[positions.length][];
        for (int j = 0; j < positions.length; j++) {
            finish[j] = DelayModel.cumulative(positions[j], 1, rnd, r -> DelayModel.exponential(r, mean));
        }
        return Trial.trusted(finish);
    }

    @Override
    public String spec() {
        return "exp:mean=" + DelayModels.format(mean);
    }

    static ExponentialDelays parse(KeyValueSpec params) {
        params.requireOnly("mean");
        return new ExponentialDelays(params.number("mean", 1));
    }
}
