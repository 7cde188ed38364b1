package io.gcoding.coding;

import java.util.Arrays;
import java.util.Optional;
import java.util.Random;

/**
 * The classic baselines' code (ell = 1): every worker's coefficients are fixed before the round, so a worker uploads
 * as soon as it has finished all its chunks, in one round trip, as Tandon et al.'s own implementation does. Worker j
 * sends t_j = sum_p b_j[p] g_{order_j[p]}; the PS, holding the uploads of a set F of workers, finds weights a with
 * sum_{j in F} a_j b_j = 1 (all chunks once) by a min-norm least-squares solve and decodes g = sum_j a_j t_j. When
 * 1 is not in the span (too few uploads, as in ignore-stragglers), that solve is the best approximation and its
 * residual is the round's coefficient error.
 *
 * <p>Constructions (Tandon, Lei, Dimakis, Karampatziakis, "Gradient coding", ICML 2017): s = min replication - 1
 * stragglers are tolerated. With s = 0 (one holder per chunk) every coefficient is 1. Otherwise their randomised
 * construction: H (s x N, seeded) with H 1 = 0, and b_j the projection of 1 onto the null space of H restricted to
 * worker j's chunks, so that every b_j lies in null(H), which contains 1 and which any m - s of them span (cyclic
 * assignments). Fractional-repetition assignments (workers of a group hold the same chunks) use all-ones rows. A
 * construction is used only after it decoded exactly for every set of m - s workers (or a seeded sample of 512
 * such sets when there are more); {@link #forOrdering} is empty when none does.
 */
public final class FixedCode {
    private static final long SEED = 0x6C0DE5L;
    private static final int CHECKED_SETS = 512;
    /** Every checked set costs an SVD of N x (m - s): fewer sets for large m (8 at m = 160, 20 at m = 100). */
    private static final double CHECK_BUDGET = 200_000;
    /** Decodings by set of uploaders: the same workers straggle round after round. */
    private static final int CACHED_DECODINGS = 64;
    /** Relative residual under which a decode counts as exact (far above rounding, far below any real miss). */
    private static final double EXACT = 1e-9;

    /** The PS's weights for one set of uploads, with the quality of the decode. */
    public record Decoding(double[] weights, double coefficientError, double condition) {
    }

    private final Ordering ordering;
    private final String construction;
    /** b[j][p]: worker j's coefficient for the p-th chunk of its order. */
    private final double[][] b;

    private FixedCode(Ordering ordering, String construction, double[][] b) {
        this.ordering = ordering;
        this.construction = construction;
        this.b = b;
    }

    /**
     * The fixed code of this ordering's assignment, checked to decode exactly from any m - s complete workers (s =
     * min replication - 1); empty when neither construction does (e.g. more chunks than workers).
     */
    public static Optional<FixedCode> forOrdering(Ordering ordering) {
        Assignment a = ordering.assignment();
        int s = a.minReplication() - 1;
        FixedCode ones = new FixedCode(ordering, "ones", onesRows(ordering));
        if (s == 0 || ones.decodesAnyFastest(s)) {
            return Optional.of(ones);
        }
        if (a.chunks() <= ordering.workers()) {
            FixedCode tandon = new FixedCode(ordering, "tandon", tandonRows(ordering, s));
            if (tandon.decodesAnyFastest(s)) {
                return Optional.of(tandon);
            }
        }
        return Optional.empty();
    }

    public Ordering ordering() {
        return ordering;
    }

    /**
     * The same code on other orders of the same assignment: each chunk keeps its coefficient, only the positions
     * move (whether it decodes depends on who holds what, not on the order, so nothing needs checking again).
     */
    public FixedCode reordered(Ordering other) {
        if (!other.assignment().equals(ordering.assignment())) {
            throw new IllegalArgumentException("other orders are for " + other.assignment().name() + ", not "
                    + ordering.assignment().name());
        }
        double[][] rows = new double[b.length][];
        for (int j = 0; j < b.length; j++) {
            rows[j] = new double[b[j].length];
            for (int p = 0; p < rows[j].length; p++) {
                int chunk = other.chunkAt(j, p + 1);
                rows[j][p] = b[j][ordering.positionOf(j, chunk) - 1];
            }
        }
        return new FixedCode(other, construction, rows);
    }

    /** "ones" or "tandon", for logs. */
    public String construction() {
        return construction;
    }

    /** Worker j's coefficients in the backend's layout: one row of length 1 per chunk of its order. */
    public double[][] coefficientRows(int worker) {
        double[][] rows = new double[b[worker].length][];
        for (int p = 0; p < rows.length; p++) {
            rows[p] = new double[] {b[worker][p]};
        }
        return rows;
    }

    private final java.util.Map<java.util.BitSet, Decoding> cache = new java.util.LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(java.util.Map.Entry<java.util.BitSet, Decoding> eldest) {
            return size() > CACHED_DECODINGS;
        }
    };

    /** The decode weights for the workers whose uploads are in hand (cached per set of uploaders). */
    public Decoding decoding(boolean[] uploaded) {
        java.util.BitSet key = new java.util.BitSet(uploaded.length);
        for (int j = 0; j < uploaded.length; j++) {
            key.set(j, uploaded[j]);
        }
        synchronized (cache) {
            Decoding hit = cache.get(key);
            if (hit != null) {
                return hit;
            }
        }
        Decoding d = solve(uploaded);
        synchronized (cache) {
            cache.put(key, d);
        }
        return d;
    }

    private Decoding solve(boolean[] uploaded) {
        int n = ordering.assignment().chunks();
        int count = 0;
        for (boolean u : uploaded) {
            count += u ? 1 : 0;
        }
        double[] weights = new double[uploaded.length];
        if (count == 0) {
            return new Decoding(weights, 1.0, Double.NaN);
        }
        // B_F^T (N x |F|): column c is the c-th uploader's coefficients spread over the N chunks
        double[][] bt = new double[n][count];
        int[] who = new int[count];
        int c = 0;
        for (int j = 0; j < uploaded.length; j++) {
            if (uploaded[j]) {
                who[c] = j;
                for (int p = 0; p < b[j].length; p++) {
                    bt[ordering.chunkAt(j, p + 1)][c] = b[j][p];
                }
                c++;
            }
        }
        MinNormSolver.Solution sol = MinNormSolver.solve(bt);
        double[][] pinv = sol.pinv(); // |F| x N
        for (int k = 0; k < count; k++) {
            double w = 0;
            for (int i = 0; i < n; i++) {
                w += pinv[k][i];
            }
            weights[who[k]] = w;
        }
        double residual = 0;
        for (int i = 0; i < n; i++) {
            double sum = 0;
            for (int k = 0; k < count; k++) {
                sum += bt[i][k] * weights[who[k]];
            }
            residual += (sum - 1) * (sum - 1);
        }
        return new Decoding(weights, residual / n, sol.condition());
    }

    /** g = sum_j a_j t_j over the uploads in hand (null: not uploaded); null when there are none. */
    public double[] decode(double[][] uploads) {
        boolean[] uploaded = new boolean[uploads.length];
        int length = -1;
        for (int j = 0; j < uploads.length; j++) {
            uploaded[j] = uploads[j] != null;
            if (uploaded[j]) {
                length = uploads[j].length;
            }
        }
        if (length < 0) {
            return null;
        }
        double[] weights = decoding(uploaded).weights();
        double[] g = new double[length];
        for (int j = 0; j < uploads.length; j++) {
            if (uploaded[j] && weights[j] != 0) {
                double w = weights[j];
                double[] t = uploads[j];
                for (int x = 0; x < length; x++) {
                    g[x] += w * t[x];
                }
            }
        }
        return g;
    }

    // ------------------------------------------------------------------ constructions and their check

    private static double[][] onesRows(Ordering ordering) {
        double[][] rows = new double[ordering.workers()][];
        for (int j = 0; j < rows.length; j++) {
            rows[j] = new double[ordering.length(j)];
            Arrays.fill(rows[j], 1.0);
        }
        return rows;
    }

    private static double[][] tandonRows(Ordering ordering, int s) {
        int n = ordering.assignment().chunks();
        Random rnd = new Random(SEED);
        double[][] h = new double[s][n];
        for (double[] row : h) {
            double mean = 0;
            for (int i = 0; i < n; i++) {
                row[i] = rnd.nextGaussian();
                mean += row[i] / n;
            }
            for (int i = 0; i < n; i++) {
                row[i] -= mean; // H 1 = 0: the all-ones vector stays in the null space
            }
        }
        double[][] rows = new double[ordering.workers()][];
        for (int j = 0; j < rows.length; j++) {
            int len = ordering.length(j);
            double[][] sub = new double[s][len];
            for (int k = 0; k < s; k++) {
                for (int p = 0; p < len; p++) {
                    sub[k][p] = h[k][ordering.chunkAt(j, p + 1)];
                }
            }
            // the projection of 1 onto null(sub): 1 - pinv(sub) sub 1
            double[][] pinv = MinNormSolver.solve(sub).pinv(); // len x s
            double[] subOnes = new double[s];
            for (int k = 0; k < s; k++) {
                for (int p = 0; p < len; p++) {
                    subOnes[k] += sub[k][p];
                }
            }
            rows[j] = new double[len];
            double norm = 0;
            for (int p = 0; p < len; p++) {
                double v = 1;
                for (int k = 0; k < s; k++) {
                    v -= pinv[p][k] * subOnes[k];
                }
                rows[j][p] = v;
                norm = Math.max(norm, Math.abs(v));
            }
            if (norm > 0) {
                for (int p = 0; p < len; p++) {
                    rows[j][p] /= norm;
                }
            }
        }
        return rows;
    }

    /** Exact from every set of m - s workers (all of them, or a seeded sample when there are many). */
    private boolean decodesAnyFastest(int s) {
        int m = ordering.workers();
        int keep = m - s;
        if (keep <= 0) {
            return false;
        }
        double sets = 1;
        for (int k = 0; k < s; k++) {
            sets = sets * (m - k) / (k + 1);
        }
        int budget = (int) Math.max(8, Math.min(CHECKED_SETS, CHECK_BUDGET / ((double) m * m)));
        if (sets <= budget) {
            return allSubsets(new boolean[m], 0, keep);
        }
        Random rnd = new Random(SEED);
        for (int t = 0; t < budget; t++) {
            boolean[] in = new boolean[m];
            Arrays.fill(in, true);
            for (int dropped = 0; dropped < s; ) {
                int j = rnd.nextInt(m);
                if (in[j]) {
                    in[j] = false;
                    dropped++;
                }
            }
            if (!exact(in)) {
                return false;
            }
        }
        return true;
    }

    private boolean allSubsets(boolean[] in, int from, int left) {
        if (left == 0) {
            return exact(in);
        }
        for (int j = from; j <= in.length - left; j++) {
            in[j] = true;
            boolean ok = allSubsets(in, j + 1, left - 1);
            in[j] = false;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private boolean exact(boolean[] in) {
        return solve(in).coefficientError() <= EXACT * EXACT;
    }
}
