package io.gcoding.coding;

/**
 * The PS decode (PROTOCOL.md §2.7): ghat^(k) = sum_j Theta[k][j] * t_j, concatenated over k and cut to d. A worker
 * that sent nothing (null upload) contributes zero.
 *
 * <p>This runs on the coordinator every round, so it is written for speed, in plain Java (no BLAS in the coding
 * core). The definition above would read and write all of ghat once per upload and, for ell > 1, cut every upload
 * into ell passes over a quarter of ghat each; instead:
 * <ul>
 *   <li>the block index x is tiled ({@link #tileLength}); within a tile, each group of four uploads is loaded once
 *       for all ell blocks of ghat: the group's tiles and the ell ghat tiles stay in L1 while every block takes its
 *       share, so each upload is read from memory once and ghat is written once. For ell = 4 this loop order and the
 *       fused multiply-adds below measured about 20% faster than block by block (CPU time, d = 235,146, 18
 *       uploads), where every block re-read the uploads from L2;</li>
 *   <li>four uploads are combined per pass over a tile (a quarter of the read-modify-writes of ghat), with
 *       {@link Math#fma} (one rounding per term, and one instruction where the JIT does not vectorise);</li>
 *   <li>each ghat block is accumulated in an array indexed exactly like the uploads (block 0 in ghat itself, the
 *       others in arrays of length L copied into ghat at the end, a short last block computing its padding): the
 *       HotSpot C2 compiler (JDK 17) vectorises a loop well only when every array in it is indexed by the same
 *       expression ({@code g[x] += a[x] ...}); with the block offset in one index ({@code ghat[k L + x]}) it ran
 *       about half as fast here. A loop that updates four ghat blocks at once is not vectorised at all (measured
 *       3.7 ns per element against 4 x 0.32 ns for four single-block passes), so blocks stay one per loop.</li>
 * </ul>
 * The result equals the definition up to rounding (the terms of a pass are fused into ghat in upload order);
 * it is deterministic for given inputs.
 */
public final class GradientDecoder {

    /**
     * Doubles that one group of four upload tiles and the ell ghat tiles may take together (32 KiB): they stay in L1
     * while all ell blocks take their share of the group. The tile is this / (4 + ell) long, a multiple of 64.
     */
    static final int L1_BUDGET = 1 << 12;
    /** Tile lengths stay between these: long enough that loop set-up is negligible. */
    static final int MIN_TILE = 256;
    static final int MAX_TILE = 4096;

    private GradientDecoder() {
    }

    public static double[] decode(DecodingMatrix theta, double[][] uploads, BlockLayout layout) {
        if (uploads.length != theta.workers()) {
            throw new IllegalArgumentException(uploads.length + " uploads for " + theta.workers() + " workers");
        }
        if (theta.ell() != layout.ell()) {
            throw new IllegalArgumentException("Theta has ell = " + theta.ell() + " but the layout has " + layout.ell());
        }
        int len = layout.blockLength();
        int d = layout.dimension();
        int ell = layout.ell();
        int present = 0;
        for (int j = 0; j < uploads.length; j++) {
            double[] t = uploads[j];
            if (t == null) {
                continue;
            }
            if (t.length != len) {
                throw new IllegalArgumentException("upload of worker " + j + " has length " + t.length
                        + ", expected d/ell = " + len);
            }
            present++;
        }
        double[][] sent = new double[present][];
        double[][] weights = new double[ell][present];
        for (int j = 0, i = 0; j < uploads.length; j++) {
            if (uploads[j] != null) {
                sent[i] = uploads[j];
                for (int k = 0; k < ell; k++) {
                    weights[k][i] = theta.get(k, j);
                }
                i++;
            }
        }

        double[] ghat = new double[d];
        // block k holds ghat[k L, k L + valid[k]); blocks past d (tiny d, large ell) are empty. Block 0 starts where
        // ghat does, so ghat itself is its accumulator (indexed like the uploads); the others get arrays of length L,
        // so that every block of a group covers the whole tile (a short last block computes its padding, discarded).
        int blockCount = 0;
        double[][] blocks = new double[ell][];
        int[] valid = new int[ell];
        for (int k = 0; k < ell; k++) {
            valid[k] = Math.max(0, Math.min(len, d - k * len));
            if (valid[k] > 0) {
                blocks[k] = k == 0 ? ghat : new double[len];
                blockCount = k + 1;
            }
        }
        int tile = tileLength(ell);
        for (int from = 0; from < len; from += tile) {
            int to = Math.min(len, from + tile);
            int i = 0;
            for (; i + 4 <= present; i += 4) {
                for (int k = 0; k < blockCount; k++) {
                    double[] w = weights[k];
                    add4(blocks[k], sent[i], sent[i + 1], sent[i + 2], sent[i + 3], w[i], w[i + 1], w[i + 2],
                            w[i + 3], from, to);
                }
            }
            for (int k = 0; k < blockCount; k++) {
                int j = i;
                if (j + 2 <= present) {
                    add2(blocks[k], sent[j], sent[j + 1], weights[k][j], weights[k][j + 1], from, to);
                    j += 2;
                }
                if (j < present) {
                    add1(blocks[k], sent[j], weights[k][j], from, to);
                }
            }
        }
        for (int k = 1; k < blockCount; k++) {
            System.arraycopy(blocks[k], 0, ghat, k * len, valid[k]);
        }
        return ghat;
    }

    /** Elements per tile of the block index for {@code ell} blocks. */
    static int tileLength(int ell) {
        int tile = L1_BUDGET / (4 + Math.max(1, ell));
        return Math.max(MIN_TILE, Math.min(MAX_TILE, tile - tile % 64));
    }

    private static void add4(double[] g, double[] a, double[] b, double[] c, double[] e, double wa, double wb,
            double wc, double we, int from, int to) {
        for (int x = from; x < to; x++) {
            g[x] = Math.fma(we, e[x], Math.fma(wc, c[x], Math.fma(wb, b[x], Math.fma(wa, a[x], g[x]))));
        }
    }

    private static void add2(double[] g, double[] a, double[] b, double wa, double wb, int from, int to) {
        for (int x = from; x < to; x++) {
            g[x] = Math.fma(wb, b[x], Math.fma(wa, a[x], g[x]));
        }
    }

    private static void add1(double[] g, double[] a, double wa, int from, int to) {
        for (int x = from; x < to; x++) {
            g[x] = Math.fma(wa, a[x], g[x]);
        }
    }
}
