package io.gcoding.coding;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a {@link SpeedEstimator} expects of the next round: each worker's normal seconds per chunk, the probability
 * that it is slow, and how much slower a slow worker is. {@link AdaptiveOrderings} draws scenarios of slow workers
 * from it and minimises the mean trigger time over them. Immutable.
 *
 * @param normalSeconds per worker, seconds per chunk when not slow (> 0)
 * @param pSlow         per worker, probability of being slow in the next round
 * @param slowdown      chunk-time factor of a slow worker (>= 1)
 * @param noise         coefficient of variation of one chunk's time (>= 0)
 */
public record SpeedForecast(double[] normalSeconds, double[] pSlow, double slowdown, double noise) {

    public SpeedForecast {
        if (normalSeconds.length != pSlow.length) {
            throw new IllegalArgumentException(normalSeconds.length + " times but " + pSlow.length + " probabilities");
        }
        for (int j = 0; j < normalSeconds.length; j++) {
            if (!(normalSeconds[j] > 0) || Double.isInfinite(normalSeconds[j]) || !(pSlow[j] >= 0 && pSlow[j] <= 1)) {
                throw new IllegalArgumentException("worker " + j + ": chunk time " + normalSeconds[j]
                        + " must be positive and finite, P(slow) " + pSlow[j] + " in [0, 1]");
            }
        }
        if (!(noise >= 0) || !(noise <= 1)) {
            throw new IllegalArgumentException("the chunk-time noise must be a coefficient of variation in [0, 1], got "
                    + noise);
        }
        if (!(slowdown >= 1) || Double.isInfinite(slowdown)) {
            throw new IllegalArgumentException("the slow-down must be a finite factor >= 1, got " + slowdown);
        }
        normalSeconds = normalSeconds.clone();
        pSlow = pSlow.clone();
    }

    /** Every worker at the same speed, never slow: nothing to adapt to. */
    public static SpeedForecast uniform(int workers) {
        double[] ones = new double[workers];
        Arrays.fill(ones, 1);
        return new SpeedForecast(ones, new double[workers], 1, 0);
    }

    public int workers() {
        return normalSeconds.length;
    }

    /** Expected seconds per chunk of worker j. */
    public double expectedSeconds(int worker) {
        return normalSeconds[worker] * (1 + pSlow[worker] * (slowdown - 1));
    }

    /** One scenario: per worker seconds per chunk, each worker slow with its probability. */
    double[] draw(SplittableRandom rnd) {
        double[] t = new double[normalSeconds.length];
        for (int j = 0; j < t.length; j++) {
            t[j] = normalSeconds[j] * (rnd.nextDouble() < pSlow[j] ? slowdown : 1);
        }
        return t;
    }

    /** One chunk's time over its mean: 1 - noise + noise * Exp(1), so mean 1 and standard deviation noise. */
    double noiseFactor(SplittableRandom rnd) {
        return 1 - noise - noise * Math.log(1 - rnd.nextDouble());
    }

    /**
     * True when the expected chunk times differ by more than {@code ratio} (max over min): below that the forecast
     * says nothing worth reordering for.
     */
    public boolean informative(double ratio) {
        double min = Double.POSITIVE_INFINITY;
        double max = 0;
        for (int j = 0; j < workers(); j++) {
            min = Math.min(min, expectedSeconds(j));
            max = Math.max(max, expectedSeconds(j));
        }
        return max > ratio * min;
    }

    @Override
    public double[] normalSeconds() {
        return normalSeconds.clone();
    }

    @Override
    public double[] pSlow() {
        return pSlow.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SpeedForecast f && Arrays.equals(normalSeconds, f.normalSeconds)
                && Arrays.equals(pSlow, f.pSlow) && slowdown == f.slowdown && noise == f.noise;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(normalSeconds) * 31 + Arrays.hashCode(pSlow);
    }

    @Override
    public String toString() {
        return "SpeedForecast[normal=" + Arrays.toString(normalSeconds) + ", pSlow=" + Arrays.toString(pSlow)
                + ", slowdown=" + slowdown + ", noise=" + noise + "]";
    }
}
