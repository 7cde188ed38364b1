package io.gcoding.coding;

import java.util.Arrays;

/**
 * The one percentile function of gcoding's summaries (simulator tables, training reports, benchmarks): nearest rank,
 * the smallest value with at least p% of the values at or below it (no interpolation, so every percentile is a value
 * that was observed).
 *
 * <p>Non-finite values are handled explicitly, the same way everywhere:
 * <ul>
 *   <li><b>NaN is ignored</b>: it means "not measured" (e.g. no trigger in that round), not a value;</li>
 *   <li><b>+infinity counts as the largest value</b>: it means "never" (a trial that never completed, a
 *       rank-deficient matrix's condition number), so a p99 over a set whose top 1% is +infinity IS +infinity, and
 *       a maximum over a set containing +infinity is +infinity instead of hiding it. -infinity sorts first.</li>
 * </ul>
 * A set with no value left (empty, or all NaN) has percentile NaN. JSON writers turn the non-finite results into
 * null.
 */
public final class Percentiles {
    private Percentiles() {
    }

    /**
     * The nearest-rank {@code percent}-th percentile of {@code values} (not modified).
     *
     * @param percent in (0, 100]; 50 is the median, 100 the maximum
     */
    public static double of(double[] values, double percent) {
        return ofSorted(sortedDefined(values), percent);
    }

    /** The values without NaN, sorted ascending (+infinity last): the input of {@link #ofSorted}. */
    public static double[] sortedDefined(double[] values) {
        // a plain loop, not a stream: the coordinator calls this every round (the adaptive encode timeout)
        double[] defined = new double[values.length];
        int n = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                defined[n++] = v;
            }
        }
        double[] sorted = n == defined.length ? defined : Arrays.copyOf(defined, n);
        Arrays.sort(sorted);
        return sorted;
    }

    /** {@link #of} on values already passed through {@link #sortedDefined} (several percentiles of one set). */
    public static double ofSorted(double[] sorted, double percent) {
        return sorted.length == 0 ? Double.NaN : sorted[nearestRank(sorted.length, percent) - 1];
    }

    /**
     * The 1-based nearest rank of the {@code percent}-th percentile among {@code n} sorted values:
     * {@code ceil(percent / 100 * n)}, at least 1 and at most n.
     */
    public static int nearestRank(int n, double percent) {
        if (!(percent > 0 && percent <= 100)) {
            throw new IllegalArgumentException("a percentile is in (0, 100], got " + percent);
        }
        if (n < 1) {
            throw new IllegalArgumentException("no values to rank (n = " + n + ")");
        }
        int rank = (int) Math.ceil(percent / 100.0 * n);
        return Math.max(1, Math.min(n, rank));
    }
}
