package io.gcoding.coding;

import java.util.Arrays;

/**
 * Which chunk is stored on which worker: the 0/1 matrix A (N x m) of PROTOCOL.md §1, held as sorted index lists
 * both ways. Immutable and validated at construction: every worker holds at least one chunk, every chunk is held
 * by at least one worker, indices are in range and not repeated.
 */
public final class Assignment {
    private final String name;
    private final int chunks;
    private final int[][] chunksOfWorker;
    private final int[][] holdersOfChunk;

    /**
     * @param name           a short description for reports, e.g. {@code cyclic(m=12, r=4)}
     * @param chunks         N, the number of chunks
     * @param chunksOfWorker for each of the m workers, the chunk indices (0-based) it stores
     */
    public Assignment(String name, int chunks, int[][] chunksOfWorker) {
        if (chunks < 1) {
            throw new ConfigurationException("an assignment needs at least one chunk, got N = " + chunks);
        }
        if (chunksOfWorker == null || chunksOfWorker.length < 1) {
            throw new ConfigurationException("an assignment needs at least one worker");
        }
        this.name = name == null ? "custom" : name;
        this.chunks = chunks;
        int m = chunksOfWorker.length;
        this.chunksOfWorker = new int[m][];
        int[] replication = new int[chunks];
        for (int j = 0; j < m; j++) {
            int[] list = chunksOfWorker[j] == null ? new int[0] : chunksOfWorker[j].clone();
            if (list.length == 0) {
                throw new ConfigurationException("worker " + j + " holds no chunk: every worker must store at least one"
                        + " chunk (remove the worker or give it data)");
            }
            Arrays.sort(list);
            for (int k = 0; k < list.length; k++) {
                if (list[k] < 0 || list[k] >= chunks) {
                    throw new ConfigurationException("worker " + j + " holds chunk " + list[k] + ", outside 0.." + (chunks - 1)
                            + " (mismatched sizes: the assignment has N = " + chunks + " chunks)");
                }
                if (k > 0 && list[k] == list[k - 1]) {
                    throw new ConfigurationException("worker " + j + " lists chunk " + list[k] + " twice");
                }
                replication[list[k]]++;
            }
            this.chunksOfWorker[j] = list;
        }
        this.holdersOfChunk = new int[chunks][];
        for (int i = 0; i < chunks; i++) {
            if (replication[i] == 0) {
                throw new ConfigurationException("chunk " + i + " is stored on no worker: every chunk needs at least one"
                        + " holder (ell holders for exact decoding)");
            }
            holdersOfChunk[i] = new int[replication[i]];
        }
        int[] fill = new int[chunks];
        for (int j = 0; j < m; j++) {
            for (int i : this.chunksOfWorker[j]) {
                holdersOfChunk[i][fill[i]++] = j;
            }
        }
    }

    public String name() {
        return name;
    }

    /** N. */
    public int chunks() {
        return chunks;
    }

    /** m. */
    public int workers() {
        return chunksOfWorker.length;
    }

    /** delta_j: how many chunks worker j stores. */
    public int load(int worker) {
        return chunksOfWorker[worker].length;
    }

    /** r_i: how many workers store chunk i. */
    public int replication(int chunk) {
        return holdersOfChunk[chunk].length;
    }

    public int minReplication() {
        int min = Integer.MAX_VALUE;
        for (int[] h : holdersOfChunk) {
            min = Math.min(min, h.length);
        }
        return min;
    }

    public int maxReplication() {
        int max = 0;
        for (int[] h : holdersOfChunk) {
            max = Math.max(max, h.length);
        }
        return max;
    }

    public int maxLoad() {
        int max = 0;
        for (int[] c : chunksOfWorker) {
            max = Math.max(max, c.length);
        }
        return max;
    }

    /** Sum of delta_j: the total work of one round. */
    public int totalLoad() {
        int total = 0;
        for (int[] c : chunksOfWorker) {
            total += c.length;
        }
        return total;
    }

    /** Sorted chunk indices of worker j (a copy). */
    public int[] chunksOf(int worker) {
        return chunksOfWorker[worker].clone();
    }

    /** Sorted worker indices that store chunk i (a copy). */
    public int[] holdersOf(int chunk) {
        return holdersOfChunk[chunk].clone();
    }

    public boolean holds(int worker, int chunk) {
        return Arrays.binarySearch(chunksOfWorker[worker], chunk) >= 0;
    }

    /** N = m, every worker stores delta chunks and every chunk is on delta workers. */
    public boolean isRegular() {
        if (chunks != workers()) {
            return false;
        }
        int delta = load(0);
        for (int j = 0; j < workers(); j++) {
            if (load(j) != delta) {
                return false;
            }
        }
        for (int i = 0; i < chunks; i++) {
            if (replication(i) != delta) {
                return false;
            }
        }
        return true;
    }

    /**
     * Fails with a clear message when some chunk has fewer than ell holders: exact decoding is then impossible.
     */
    public void requireExactlyDecodable(int ell) {
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
        for (int i = 0; i < chunks; i++) {
            if (replication(i) < ell) {
                throw new ConfigurationException("chunk " + i + " is stored on " + replication(i) + " worker(s) but ell = "
                        + ell + ": exact mode needs replication >= ell for every chunk (raise the replication, lower"
                        + " ell, or use approximate mode)");
            }
        }
    }

    /** The 0/1 matrix A (N x m). */
    public int[][] toMatrix() {
        int[][] a = new int[chunks][workers()];
        for (int j = 0; j < workers(); j++) {
            for (int i : chunksOfWorker[j]) {
                a[i][j] = 1;
            }
        }
        return a;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Assignment other && chunks == other.chunks
                && Arrays.deepEquals(chunksOfWorker, other.chunksOfWorker);
    }

    @Override
    public int hashCode() {
        return 31 * chunks + Arrays.deepHashCode(chunksOfWorker);
    }

    @Override
    public String toString() {
        return name + " [N=" + chunks + ", m=" + workers() + "]";
    }
}
