package io.gcoding.coding;

import java.util.Random;

/** The standard assignments of the gradient-coding literature (Tandon et al. 2017) and a random regular one. */
public final class Assignments {
    private Assignments() {
    }

    /**
     * The uncoded baselines' layout (PROTOCOL.md §5): the same N chunks, each on exactly one worker, in contiguous
     * blocks of floor or ceil(N / m) chunks (the remainder N mod m goes to the first workers). With N < m only the
     * first N workers get a chunk, since an assignment needs at least one chunk per worker.
     */
    public static Assignment uncoded(int chunks, int workers) {
        if (chunks < 1 || workers < 1) {
            throw new ConfigurationException("the uncoded layout needs N, m >= 1, got N = " + chunks + ", m = "
                    + workers);
        }
        int used = Math.min(chunks, workers);
        int[][] chunksOf = new int[used][];
        int next = 0;
        for (int j = 0; j < used; j++) {
            int load = chunks / used + (j < chunks % used ? 1 : 0);
            chunksOf[j] = new int[load];
            for (int k = 0; k < load; k++) {
                chunksOf[j][k] = next++;
            }
        }
        return new Assignment("uncoded(N=" + chunks + ", m=" + used + ")", chunks, chunksOf);
    }

    /** Cyclic: N = m, worker j holds chunks j, j+1, ..., j+r-1 (mod m). */
    public static Assignment cyclic(int m, int r) {
        checkReplication(m, r);
        int[][] chunks = new int[m][r];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < r; k++) {
                chunks[j][k] = (j + k) % m;
            }
        }
        return new Assignment("cyclic(m=" + m + ", r=" + r + ")", m, chunks);
    }

    /**
     * Fractional repetition: m workers in m/r groups of r; group g holds chunks g*r..g*r+r-1 (N = m, r divides m).
     */
    public static Assignment frc(int m, int r) {
        checkReplication(m, r);
        if (m % r != 0) {
            throw new ConfigurationException("fractional repetition needs r to divide m, got m = " + m + ", r = " + r
                    + " (pick r among the divisors of m, or use cyclic)");
        }
        int[][] chunks = new int[m][r];
        for (int j = 0; j < m; j++) {
            int group = j / r;
            for (int k = 0; k < r; k++) {
                chunks[j][k] = group * r + k;
            }
        }
        return new Assignment("frc(m=" + m + ", r=" + r + ")", m, chunks);
    }

    /**
     * A seeded random r-regular bipartite chunk-worker graph with N = m: the cyclic graph randomised by
     * degree-preserving double-edge swaps (a standard Markov chain on regular bipartite graphs).
     */
    public static Assignment randomRegular(int m, int r, long seed) {
        checkReplication(m, r);
        boolean[][] has = new boolean[m][m]; // has[worker][chunk]
        int[][] chunks = new int[m][r];
        for (int j = 0; j < m; j++) {
            for (int k = 0; k < r; k++) {
                chunks[j][k] = (j + k) % m;
                has[j][chunks[j][k]] = true;
            }
        }
        Random rnd = new Random(seed);
        long swaps = 20L * m * r;
        for (long s = 0; s < swaps && m > 1; s++) {
            int a = rnd.nextInt(m);
            int b = rnd.nextInt(m);
            if (a == b) {
                continue;
            }
            int ka = rnd.nextInt(r);
            int kb = rnd.nextInt(r);
            int ca = chunks[a][ka];
            int cb = chunks[b][kb];
            if (ca == cb || has[a][cb] || has[b][ca]) {
                continue;
            }
            has[a][ca] = false;
            has[b][cb] = false;
            has[a][cb] = true;
            has[b][ca] = true;
            chunks[a][ka] = cb;
            chunks[b][kb] = ca;
        }
        return new Assignment("regular(m=" + m + ", r=" + r + ", seed=" + seed + ")", m, chunks);
    }

    private static void checkReplication(int m, int r) {
        if (m < 1) {
            throw new ConfigurationException("need at least one worker, got m = " + m);
        }
        if (r < 1 || r > m) {
            throw new ConfigurationException("replication must be in 1..m = 1.." + m + ", got " + r);
        }
    }
}
