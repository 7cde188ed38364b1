package io.gcoding.coding;

import java.util.Arrays;

/**
 * The state vector s = (s_1..s_m) of PROTOCOL.md §2.4: s_j chunks finished by worker j, always a prefix of its
 * order. Immutable.
 */
public final class StateVector {
    private final int[] counts;

    public StateVector(int[] counts) {
        if (counts == null || counts.length == 0) {
            throw new IllegalArgumentException("a state vector needs one entry per worker");
        }
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] < 0) {
                throw new IllegalArgumentException("s_" + j + " = " + counts[j] + " is negative");
            }
        }
        this.counts = counts.clone();
    }

    /** Checks that s_j <= delta_j for every worker of the ordering. */
    public StateVector requireFits(Ordering ordering) {
        if (counts.length != ordering.workers()) {
            throw new IllegalArgumentException("state has " + counts.length + " entries but there are "
                    + ordering.workers() + " workers");
        }
        for (int j = 0; j < counts.length; j++) {
            if (counts[j] > ordering.length(j)) {
                throw new IllegalArgumentException("s_" + j + " = " + counts[j] + " exceeds worker " + j + "'s "
                        + ordering.length(j) + " chunks");
            }
        }
        return this;
    }

    public int workers() {
        return counts.length;
    }

    public int get(int worker) {
        return counts[worker];
    }

    public int total() {
        int t = 0;
        for (int c : counts) {
            t += c;
        }
        return t;
    }

    public int[] toArray() {
        return counts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StateVector other && Arrays.equals(counts, other.counts);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return Arrays.toString(counts);
    }
}
