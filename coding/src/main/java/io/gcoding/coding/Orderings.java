package io.gcoding.coding;

import java.util.Random;

/** Ways to choose the chunk ordering of PROTOCOL.md §4. */
public final class Orderings {
    private Orderings() {
    }

    /** Each worker processes its chunks in increasing index order (cyclic: j, j+1, ...). */
    public static Ordering natural(Assignment assignment) {
        int m = assignment.workers();
        int[][] orders = new int[m][];
        for (int j = 0; j < m; j++) {
            orders[j] = assignment.chunksOf(j);
            if (assignment.name().startsWith("cyclic")) {
                // cyclic lists chunk j first: j, j+1, ..., wrapping past m - 1
                orders[j] = rotateToStart(orders[j], j);
            }
        }
        return new Ordering(assignment, orders);
    }

    /** A seeded uniformly random permutation per worker. */
    public static Ordering random(Assignment assignment, long seed) {
        Random rnd = new Random(seed);
        int m = assignment.workers();
        int[][] orders = new int[m][];
        for (int j = 0; j < m; j++) {
            int[] order = assignment.chunksOf(j);
            for (int k = order.length - 1; k > 0; k--) {
                int swap = rnd.nextInt(k + 1);
                int tmp = order[k];
                order[k] = order[swap];
                order[swap] = tmp;
            }
            orders[j] = order;
        }
        return new Ordering(assignment, orders);
    }

    /**
     * The best ordering we can find for this ell: for N = m regular assignments, start from an edge colouring
     * (every chunk at every position exactly once, optimal for ell = 1); otherwise start from the natural order.
     * Then a seeded local search that never returns anything worse than its start; the natural order is searched
     * from too, and the better result (lower Q_max) is kept, so {@code optimal} is never worse than {@code natural}.
     */
    public static Ordering optimal(Assignment assignment, int ell, long seed) {
        OrderingSearch search = new OrderingSearch(ell, seed);
        Ordering best = search.improve(natural(assignment));
        if (assignment.isRegular()) {
            Ordering coloured = search.improve(EdgeColouring.colour(assignment));
            if (QmaxCalculator.qmax(coloured, ell) <= QmaxCalculator.qmax(best, ell)) {
                best = coloured;
            }
        }
        return best;
    }

    private static int[] rotateToStart(int[] sorted, int first) {
        int at = 0;
        while (at < sorted.length && sorted[at] < first) {
            at++;
        }
        int[] out = new int[sorted.length];
        for (int k = 0; k < sorted.length; k++) {
            out[k] = sorted[(at + k) % sorted.length];
        }
        return out;
    }
}
