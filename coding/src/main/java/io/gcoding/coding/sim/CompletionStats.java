package io.gcoding.coding.sim;

import io.gcoding.coding.Percentiles;
import java.util.Arrays;

/**
 * Summary of one protocol's completion times over the trials. The mean is over the trials in which it completed;
 * the median and the 95th percentile count a never-completed trial as +infinity (nearest-rank percentiles), so
 * they read "never" once more than half (5%) of the trials never complete.
 */
public record CompletionStats(double mean, double median, double p95, int completed, int never) {

    public static CompletionStats of(double[] times) {
        double[] sorted = times.clone();
        Arrays.sort(sorted); // +infinity sorts last
        double sum = 0;
        int completed = 0;
        for (double t : sorted) {
            if (t != Double.POSITIVE_INFINITY) {
                sum += t;
                completed++;
            }
        }
        return new CompletionStats(completed == 0 ? Double.NaN : sum / completed, Percentiles.of(times, 50),
                Percentiles.of(times, 95), completed, sorted.length - completed);
    }

    /**
     * How many times faster {@code ours} is than {@code baseline}: the ratio of their mean completion times over
     * the trials in which both complete (a trial in which either never completes has no finite ratio). NaN when
     * there is no such trial.
     */
    public static double speedup(double[] baseline, double[] ours) {
        double b = 0;
        double o = 0;
        int common = 0;
        for (int t = 0; t < ours.length; t++) {
            if (baseline[t] != Double.POSITIVE_INFINITY && ours[t] != Double.POSITIVE_INFINITY) {
                b += baseline[t];
                o += ours[t];
                common++;
            }
        }
        return common == 0 || o == 0 ? Double.NaN : b / o;
    }

    /** Mean of the finite (non-NaN) values, NaN when there are none. */
    public static double meanOfDefined(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
