package io.gcoding.coding.sim;

import java.util.SplittableRandom;

/**
 * Trials drawn from a delay model. Trial t uses its own random stream derived from (seed, t), so a trial does not
 * depend on how many threads run or in which order: results are reproducible and a trace can be regenerated.
 */
public record SampledTrials(DelayModel model, int[] positions, long seed, int count) implements TrialSource {

    public SampledTrials {
        if (count < 1) {
            throw new io.gcoding.coding.ConfigurationException("need at least one trial, got " + count);
        }
        positions = positions.clone();
    }

    /** Positions drawn per worker (a copy). */
    @Override
    public int[] positions() {
        return positions.clone();
    }

    @Override
    public Trial trial(int index) {
        return model.sample(positions, new SplittableRandom(streamSeed(seed, index)));
    }

    @Override
    public String describe() {
        return model.spec() + " (seed " + seed + ")";
    }

    /** Stafford's mix13 finaliser over seed and index: neighbouring indices get unrelated streams. */
    static long streamSeed(long seed, int index) {
        long z = seed * 0x9E3779B97F4A7C15L + (index + 1) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
