package io.gcoding.coding.sim;

import java.util.SplittableRandom;

/**
 * A seeded random model of how long workers take per chunk. A model draws one {@link Trial}: for each worker the
 * cumulative finish time of each position of its order. Implementations are immutable and draw only from the random
 * source they are given, so a trial is a pure function of (model, capacities, seed, trial index).
 */
public interface DelayModel {

    /**
     * @param positions how many positions to draw per worker (its coded load, or more for the uncoded baselines)
     * @param rnd       the trial's own random source
     */
    Trial sample(int[] positions, SplittableRandom rnd);

    /**
     * The trials of a run of {@code count} rounds. Trials are independent unless the model carries state across
     * rounds ({@link PersistentStragglerDelays}).
     */
    default TrialSource trials(int[] positions, long seed, int count) {
        return new SampledTrials(this, positions, seed, count);
    }

    /** The compact spec string that rebuilds this model, e.g. {@code shifted-exp:a=1,b=0.5}. */
    String spec();

    /** Cumulative sums of i.i.d. chunk times from {@code chunkTime}, scaled by {@code factor}, per worker. */
    static double[] cumulative(int count, double factor, SplittableRandom rnd, ChunkTime chunkTime) {
        double[] out = new double[count];
        double t = 0;
        for (int p = 0; p < count; p++) {
            t += factor * chunkTime.draw(rnd);
            out[p] = t;
        }
        return out;
    }

    /** One chunk's computation time (seconds, >= 0). */
    @FunctionalInterface
    interface ChunkTime {
        double draw(SplittableRandom rnd);
    }

    /** Exp(mean): -mean * ln(U) with U in (0, 1]. */
    static double exponential(SplittableRandom rnd, double mean) {
        return -mean * Math.log(1.0 - rnd.nextDouble());
    }
}
