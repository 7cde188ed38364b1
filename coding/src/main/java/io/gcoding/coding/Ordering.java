package io.gcoding.coding;

import java.util.Arrays;

/**
 * The order in which each worker processes its chunks (PROTOCOL.md §1): {@code order(j)} is a permutation of
 * {@code assignment.chunksOf(j)}. Part of the configuration, known to every worker and to the PS. Immutable.
 */
public final class Ordering {
    private final Assignment assignment;
    private final int[][] orders;
    /** position[j][k]: 1-based position in order(j) of the k-th chunk of chunksOf(j) (sorted). */
    private final int[][] positions;
    private final int[][] sortedChunks;

    public Ordering(Assignment assignment, int[][] orders) {
        this.assignment = assignment;
        int m = assignment.workers();
        if (orders == null || orders.length != m) {
            throw new ConfigurationException("an ordering needs one order per worker: " + m + " expected, got "
                    + (orders == null ? 0 : orders.length));
        }
        this.orders = new int[m][];
        this.positions = new int[m][];
        this.sortedChunks = new int[m][];
        for (int j = 0; j < m; j++) {
            int[] order = orders[j] == null ? new int[0] : orders[j].clone();
            int[] sorted = order.clone();
            Arrays.sort(sorted);
            if (!Arrays.equals(sorted, assignment.chunksOf(j))) {
                throw new ConfigurationException("order of worker " + j + " " + Arrays.toString(order)
                        + " is not a permutation of its chunks " + Arrays.toString(assignment.chunksOf(j)));
            }
            this.orders[j] = order;
            int[] chunks = assignment.chunksOf(j);
            sortedChunks[j] = chunks;
            int[] pos = new int[order.length];
            for (int p = 0; p < order.length; p++) {
                pos[Arrays.binarySearch(chunks, order[p])] = p + 1;
            }
            this.positions[j] = pos;
        }
    }

    public Assignment assignment() {
        return assignment;
    }

    public int workers() {
        return orders.length;
    }

    /** The chunk that worker j processes at 1-based position p. */
    public int chunkAt(int worker, int position) {
        if (position < 1 || position > orders[worker].length) {
            throw new IndexOutOfBoundsException("position " + position + " outside 1.." + orders[worker].length
                    + " for worker " + worker);
        }
        return orders[worker][position - 1];
    }

    /** delta_j. */
    public int length(int worker) {
        return orders[worker].length;
    }

    /** Worker j's processing order (a copy). */
    public int[] order(int worker) {
        return orders[worker].clone();
    }

    /** All orders (deep copy). */
    public int[][] orders() {
        int[][] copy = new int[orders.length][];
        for (int j = 0; j < orders.length; j++) {
            copy[j] = orders[j].clone();
        }
        return copy;
    }

    /** 1-based position of chunk i in worker j's order, or 0 when j does not hold i. */
    public int positionOf(int worker, int chunk) {
        int k = Arrays.binarySearch(sortedChunks[worker], chunk);
        return k < 0 ? 0 : positions[worker][k];
    }

    /** A copy with worker j's order replaced. */
    public Ordering withOrder(int worker, int[] order) {
        int[][] copy = orders();
        copy[worker] = order.clone();
        return new Ordering(assignment, copy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ordering other && assignment.equals(other.assignment) && Arrays.deepEquals(orders, other.orders);
    }

    @Override
    public int hashCode() {
        return Arrays.deepHashCode(orders);
    }

    @Override
    public String toString() {
        return "Ordering" + Arrays.deepToString(orders);
    }
}
