package io.gcoding.coding.sim;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.Orderings;

/**
 * The uncoded baselines' data layout (PROTOCOL.md §5): the same N chunks, each on exactly one worker, split into
 * contiguous blocks of floor or ceil(N / m) chunks. Worker j's uncoded chunks take the times of the first positions
 * of its trial, so coded and uncoded runs see the same worker speeds. With N < m only the first N workers get a
 * chunk (an assignment needs at least one chunk per worker).
 */
public final class UncodedBaseline {
    private UncodedBaseline() {
    }

    public static Ordering ordering(int chunks, int workers) {
        int used = Math.min(chunks, workers);
        int[][] chunksOf = new int[used][];
        int next = 0;
        for (int j = 0; j < used; j++) {
            // spread the remainder N mod m over the first workers
            int load = chunks / used + (j < chunks % used ? 1 : 0);
            chunksOf[j] = new int[load];
            for (int k = 0; k < load; k++) {
                chunksOf[j][k] = next++;
            }
        }
        return Orderings.natural(new Assignment("uncoded(N=" + chunks + ", m=" + used + ")", chunks, chunksOf));
    }
}
