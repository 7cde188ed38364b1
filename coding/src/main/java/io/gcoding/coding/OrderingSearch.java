package io.gcoding.coding;

import java.util.Random;

/**
 * Seeded local search over orderings that lowers Q_max (PROTOCOL.md §4). A move swaps two positions in one
 * worker's order; it is kept when the objective (Q_max, then the number of chunks that attain it, then the sum of
 * the per-chunk worst cases) does not get worse, so equal moves let the search walk across plateaus and the result
 * is never worse than the start.
 */
public final class OrderingSearch {
    private final int ell;
    private final long seed;
    private final int movesPerWorker;

    public OrderingSearch(int ell, long seed) {
        this(ell, seed, 400);
    }

    public OrderingSearch(int ell, long seed, int movesPerWorker) {
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
        this.ell = ell;
        this.seed = seed;
        this.movesPerWorker = movesPerWorker;
    }

    public Ordering improve(Ordering start) {
        Assignment a = start.assignment();
        a.requireExactlyDecodable(ell);
        int m = a.workers();
        int n = a.chunks();
        int[][] orders = start.orders();
        int[] worst = new int[n];
        for (int i = 0; i < n; i++) {
            worst[i] = worstCase(a, orders, i);
        }
        long[] objective = objective(worst);
        Random rnd = new Random(seed);
        long moves = (long) movesPerWorker * m;
        for (long move = 0; move < moves; move++) {
            int[] swapped = swapRandomPair(orders, rnd);
            if (swapped == null) {
                continue;
            }
            int j = swapped[0];
            int p = swapped[1];
            int q = swapped[2];
            int ci = orders[j][p];
            int cj = orders[j][q];
            int oldI = worst[ci];
            int oldJ = worst[cj];
            worst[ci] = worstCase(a, orders, ci);
            worst[cj] = worstCase(a, orders, cj);
            long[] next = objective(worst);
            if (compare(next, objective) <= 0) {
                objective = next;
            } else {
                worst[ci] = oldI;
                worst[cj] = oldJ;
                swap(orders[j], p, q);
            }
        }
        return new Ordering(a, orders);
    }

    /** {@link QmaxCalculator#maxWorkWithoutCover} on mutable orders (orders are short: a linear scan suffices). */
    private int worstCase(Assignment a, int[][] orders, int chunk) {
        int[] holders = a.holdersOf(chunk);
        int[] gains = new int[holders.length];
        for (int h = 0; h < holders.length; h++) {
            int[] order = orders[holders[h]];
            int pos = 0;
            while (order[pos] != chunk) {
                pos++;
            }
            gains[h] = order.length - pos; // delta_j - position + 1 with a 1-based position
        }
        return a.totalLoad() - QmaxCalculator.lostWork(gains, ell);
    }

    private static long[] objective(int[] worst) {
        int max = 0;
        long sum = 0;
        for (int w : worst) {
            max = Math.max(max, w);
            sum += w;
        }
        int atMax = 0;
        for (int w : worst) {
            if (w == max) {
                atMax++;
            }
        }
        return new long[] {max, atMax, sum};
    }

    private static int compare(long[] x, long[] y) {
        for (int k = 0; k < x.length; k++) {
            if (x[k] != y[k]) {
                return Long.compare(x[k], y[k]);
            }
        }
        return 0;
    }

    /**
     * The local searches' move (this one and {@link AdaptiveOrderings}'): swaps two random positions of a random
     * worker's order; returns {worker, p, q}, or null (nothing swapped) when that worker holds fewer than two chunks.
     */
    static int[] swapRandomPair(int[][] orders, Random rnd) {
        int j = rnd.nextInt(orders.length);
        int delta = orders[j].length;
        if (delta < 2) {
            return null;
        }
        int p = rnd.nextInt(delta);
        int q = rnd.nextInt(delta - 1);
        if (q >= p) {
            q++;
        }
        swap(orders[j], p, q);
        return new int[] {j, p, q};
    }

    private static void swap(int[] a, int p, int q) {
        int t = a[p];
        a[p] = a[q];
        a[q] = t;
    }
}
