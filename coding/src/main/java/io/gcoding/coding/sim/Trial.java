package io.gcoding.coding.sim;

import java.util.Arrays;

/**
 * One simulated round: for every worker j and every position p of its processing order, the time (seconds after the
 * round start, cumulative) at which worker j finishes its p-th chunk. {@link Double#POSITIVE_INFINITY} means never
 * (a failed worker); once a worker never finishes a position it finishes no later one. A worker may have more
 * positions than its coded load: the uncoded baselines read the same times (PROTOCOL.md §5, "same delays").
 * Immutable.
 */
public final class Trial {
    private final double[][] finish;

    private Trial(double[][] finish) {
        this.finish = finish;
    }

    /**
     * A validated copy of {@code finish[j][p - 1]}.
     *
     * @throws IllegalArgumentException when a time is NaN or negative, decreases along a worker's order, or a finite
     *                                  time follows a "never"
     */
    public static Trial of(double[][] finish) {
        double[][] copy = new double[finish.length][];
        for (int j = 0; j < finish.length; j++) {
            copy[j] = finish[j].clone();
            double previous = 0;
            for (int p = 0; p < copy[j].length; p++) {
                double t = copy[j][p];
                if (Double.isNaN(t) || t < 0) {
                    throw new IllegalArgumentException("worker " + j + " position " + (p + 1) + ": finish time " + t
                            + " must be >= 0 (or +infinity for never)");
                }
                if (t < previous) {
                    throw new IllegalArgumentException("worker " + j + " position " + (p + 1) + " finishes at " + t
                            + ", before position " + p + " at " + previous + ": times are cumulative from the round"
                            + " start, and a worker processes its chunks one after the other");
                }
                previous = t;
            }
        }
        return new Trial(copy);
    }

    /** For the delay models, which build non-decreasing arrays by construction: no copy, no check. */
    static Trial trusted(double[][] finish) {
        return new Trial(finish);
    }

    public int workers() {
        return finish.length;
    }

    /** How many positions this trial gives worker j a time for (finite or never). */
    public int positions(int worker) {
        return finish[worker].length;
    }

    /** When worker j finishes its chunk at 1-based {@code position}; +infinity = never. */
    public double finish(int worker, int position) {
        return position <= finish[worker].length ? finish[worker][position - 1] : Double.POSITIVE_INFINITY;
    }

    /** How many chunks worker j finishes at all within its first {@code limit} positions. */
    public int finishedCount(int worker, int limit) {
        double[] f = finish[worker];
        int n = Math.min(limit, f.length);
        int c = 0;
        while (c < n && f[c] != Double.POSITIVE_INFINITY) {
            c++;
        }
        return c;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Trial other && Arrays.deepEquals(finish, other.finish);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(finish);
    }

    @Override
    public String toString() {
        return "Trial" + Arrays.deepToString(finish);
    }
}
