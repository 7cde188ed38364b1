package io.gcoding.coding.sim;

import io.gcoding.coding.KeyValueSpec;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The partial-straggler model the paper's protocol is built for (PROTOCOL.md §1, "workers slower than their promised
 * speed or failure-prone"). Each trial, independently per worker:
 * <ul>
 *   <li>with probability {@code pFail} it fails: it finishes a uniformly random number of chunks in
 *       0..positions-1 at normal speed and then never another one;</li>
 *   <li>otherwise with probability {@code pSlow} it is a partial straggler: every chunk takes a factor drawn
 *       uniformly from [slowMin, slowMax] longer (one factor per worker and trial);</li>
 *   <li>otherwise it is normal.</li>
 * </ul>
 * A normal chunk takes a + Exp(b) seconds.
 */
public record StragglerDelays(double shift, double mean, double pSlow, double slowMin, double slowMax, double pFail)
        implements DelayModel {

    public StragglerDelays {
        DelayModels.requireNonNegative("stragglers", "a", shift);
        DelayModels.requirePositive("stragglers", "b", mean);
        DelayModels.requireProbability("stragglers", "p_slow", pSlow);
        DelayModels.requireProbability("stragglers", "p_fail", pFail);
        if (pSlow + pFail > 1) {
            throw new io.gcoding.coding.ConfigurationException("stragglers: p_slow + p_fail = " + (pSlow + pFail)
                    + " exceeds 1 (a worker is normal, slow or failed; lower one of them)");
        }
        if (!(slowMin >= 1) || !(slowMax >= slowMin) || Double.isInfinite(slowMax)) {
            throw new io.gcoding.coding.ConfigurationException("stragglers: slow=" + DelayModels.format(slowMin) + "-"
                    + DelayModels.format(slowMax) + " must be a range LO-HI of slow-down factors with 1 <= LO <= HI,"
                    + " e.g. slow=3-10");
        }
    }

    @Override
    public Trial sample(int[] positions, SplittableRandom rnd) {
        double[][] finish = new double[positions.length][];
        for (int j = 0; j < positions.length; j++) {
            double u = rnd.nextDouble();
            if (u < pFail) {
                int done = rnd.nextInt(positions[j]); // 0..positions-1: a failed worker never finishes everything
                double[] f = new double[positions[j]];
                double[] head = DelayModel.cumulative(done, 1, rnd, r -> shift + DelayModel.exponential(r, mean));
                System.arraycopy(head, 0, f, 0, done);
                Arrays.fill(f, done, f.length, Double.POSITIVE_INFINITY);
                finish[j] = f;
            } else {
                double factor = u < pFail + pSlow ? slowMin + (slowMax - slowMin) * rnd.nextDouble() : 1;
                finish[j] = shiftedExponentialTimes(positions[j], factor, shift, mean, rnd);
            }
        }
        return Trial.trusted(finish);
    }

    @Override
    public String spec() {
        return "stragglers:a=" + DelayModels.format(shift) + ",b=" + DelayModels.format(mean) + ",p_slow="
                + DelayModels.format(pSlow) + ",slow=" + DelayModels.format(slowMin) + "-" + DelayModels.format(slowMax)
                + ",p_fail=" + DelayModels.format(pFail);
    }

    static StragglerDelays parse(KeyValueSpec params) {
        params.requireOnly("a", "b", "p_slow", "slow", "p_fail");
        double[] range = params.range("slow", 3, 10);
        return new StragglerDelays(params.number("a", 1), params.number("b", 0.5), params.number("p_slow", 0.2),
                range[0], range[1], params.number("p_fail", 0.1));
    }

    /**
     * Finish times of a worker's first {@code positions} chunks: shifted-exponential chunk times (shift + Exp(mean)),
     * each slowed by {@code factor}, cumulated. Shared with {@link PersistentStragglerDelays}.
     */
    static double[] shiftedExponentialTimes(int positions, double factor, double shift, double mean,
            SplittableRandom rnd) {
        return DelayModel.cumulative(positions, factor, rnd, r -> shift + DelayModel.exponential(r, mean));
    }
}
