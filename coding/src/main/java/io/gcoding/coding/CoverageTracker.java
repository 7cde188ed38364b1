package io.gcoding.coding;

/**
 * Incremental coverage counts |W(i)| as progress arrives (PROTOCOL.md §2.4): O(1) amortised per reported chunk.
 * The same class decides coverage in the simulator and in the coordinator.
 *
 * <p>Lifecycle: construct per (ordering, ell); {@link #advance} with each cumulative progress report;
 * {@link #isCovered()} / {@link #closedFormError()} to decide; {@link #drop} a dead worker; {@link #reset()} at the
 * start of a round. Not thread-safe: one owner (the coordinator's state machine or the simulator loop).
 */
public final class CoverageTracker {
    private final Ordering ordering;
    private final int ell;
    private final int[] state;
    private final int[] coverage;
    private int underCovered;
    private long deficit;
    private int total;

    public CoverageTracker(Ordering ordering, int ell) {
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
        this.ordering = ordering;
        this.ell = ell;
        this.state = new int[ordering.workers()];
        this.coverage = new int[ordering.assignment().chunks()];
        reset();
    }

    /** Back to the empty state (start of a round). */
    public void reset() {
        java.util.Arrays.fill(state, 0);
        java.util.Arrays.fill(coverage, 0);
        underCovered = coverage.length;
        deficit = (long) coverage.length * ell;
        total = 0;
    }

    public int ell() {
        return ell;
    }

    public Ordering ordering() {
        return ordering;
    }

    /**
     * Worker j reports that it has finished {@code count} chunks in total (reports are cumulative, so a lost or
     * reordered report loses nothing). A count not above the current one is ignored.
     *
     * @return true when the state changed
     * @throws IllegalArgumentException when the count exceeds the worker's chunks or the worker is unknown
     */
    public boolean advance(int worker, int count) {
        checkWorker(worker);
        if (count > ordering.length(worker)) {
            throw new IllegalArgumentException("worker " + worker + " reports " + count + " chunks done but holds only "
                    + ordering.length(worker));
        }
        if (count <= state[worker]) {
            return false;
        }
        for (int p = state[worker] + 1; p <= count; p++) {
            int chunk = ordering.chunkAt(worker, p);
            int c = ++coverage[chunk];
            if (c <= ell) {
                deficit--;
                if (c == ell) {
                    underCovered--;
                }
            }
        }
        total += count - state[worker];
        state[worker] = count;
        return true;
    }

    /** Sets s_j = 0 (a worker declared dead for the round, PROTOCOL.md §6). */
    public void drop(int worker) {
        checkWorker(worker);
        for (int p = 1; p <= state[worker]; p++) {
            int chunk = ordering.chunkAt(worker, p);
            int c = coverage[chunk]--;
            if (c <= ell) {
                deficit++;
                if (c == ell) {
                    underCovered++;
                }
            }
        }
        total -= state[worker];
        state[worker] = 0;
    }

    /** sum_j s_j: the chunks the state uses (0: nothing to decode). */
    public int total() {
        return total;
    }

    /** Every chunk covered at least ell times: exact decoding is possible. */
    public boolean isCovered() {
        return underCovered == 0;
    }

    /** Chunks covered fewer than ell times. */
    public int underCoveredChunks() {
        return underCovered;
    }

    /** |W(i)|. */
    public int coverage(int chunk) {
        return coverage[chunk];
    }

    public int progress(int worker) {
        return state[worker];
    }

    public StateVector state() {
        return new StateVector(state);
    }

    /**
     * E(s) = sum_i max(0, ell - |W(i)|) / (N * ell): the coefficient error of PROTOCOL.md §3 for a Theta whose
     * every ell x k column subset has full rank min(ell, k) (true with probability one for Gaussian Theta, and for
     * the Chebyshev construction).
     */
    public double closedFormError() {
        return (double) deficit / ((double) coverage.length * ell);
    }

    private void checkWorker(int worker) {
        if (worker < 0 || worker >= state.length) {
            throw new IllegalArgumentException("unknown worker " + worker + " (workers are 0.." + (state.length - 1) + ")");
        }
    }
}
