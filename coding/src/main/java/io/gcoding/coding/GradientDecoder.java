package io.gcoding.coding;

import java.lang.ref.SoftReference;

/**
 * The PS decode (PROTOCOL.md §2.7): ghat^(k) = sum_j Theta[k][j] * t_j, concatenated over k and cut to d. A worker
 * that sent nothing (null upload) contributes zero.
 *
 * <p>This runs on the coordinator every round, so it is written for speed, in plain Java (no BLAS in the coding
 * core). The definition above would read and write all of ghat once per upload and, for ell > 1, cut every upload
 * into ell passes over a quarter of ghat each; instead:
 * <ul>
 *   <li>the block index x is tiled ({@link #tileLength}); within a tile, each group of six uploads is loaded once
 *       for all ell blocks of ghat: the group's tiles and the ell ghat tiles stay in L1 while every block takes its
 *       share, so each upload is read from memory once and ghat is written once. For ell = 4 this loop order and the
 *       fused multiply-adds below measured about 20% faster than block by block (CPU time, d = 235,146, 18
 *       uploads), where every block re-read the uploads from L2;</li>
 *   <li>six uploads are combined per pass over a tile (a sixth of the read-modify-writes of ghat; groups of four
 *       measured about 10% slower for ell = 4, and C2 no longer vectorises a pass over eight or nine uploads), with
 *       {@link Math#fma} (one rounding per term, and one instruction where the JIT does not vectorise);</li>
 *   <li>each ghat block is accumulated in an array indexed exactly like the uploads (block 0 in ghat itself, the
 *       others in this thread's reusable arrays of length L, copied into ghat at the end, a short last block computing
 *       its padding; the first pass over a tile assigns them, so they need no clearing): the
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
     * Sets the tile length: this / (4 + ell), a multiple of 64 (512 for ell = 4). A group of six upload tiles and the
     * ell ghat tiles then take 40 KiB for ell = 4 (43 KiB for ell = 1) and stay in the 48 KiB L1 while all ell blocks
     * take their share of the group; 384 and 256 measured slower.
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
        // ghat does, so ghat itself is its accumulator (indexed like the uploads); the others get arrays of length L
        // (this thread's scratch, reused across calls), so that every block of a group covers the whole tile (a short
        // last block computes its padding, discarded).
        int blockCount = 0;
        int[] valid = new int[ell];
        for (int k = 0; k < ell; k++) {
            valid[k] = Math.max(0, Math.min(len, d - k * len));
            if (valid[k] > 0) {
                blockCount = k + 1;
            }
        }
        double[][] blocks = scratch(blockCount, len);
        blocks[0] = ghat;
        int tile = tileLength(ell);
        for (int from = 0; from < len; from += tile) {
            int to = Math.min(len, from + tile);
            // the first pass over a tile assigns the scratch blocks (k >= 1) instead of adding to what they held
            int i = 0;
            for (; i + 6 <= present; i += 6) {
                for (int k = 0; k < blockCount; k++) {
                    double[] w = weights[k];
                    add6(blocks[k], i == 0 && k > 0, sent[i], sent[i + 1], sent[i + 2], sent[i + 3], sent[i + 4],
                            sent[i + 5], w[i], w[i + 1], w[i + 2], w[i + 3], w[i + 4], w[i + 5], from, to);
                }
            }
            for (int k = 0; k < blockCount; k++) {
                int j = i;
                double[] w = weights[k];
                if (j + 4 <= present) {
                    add4(blocks[k], j == 0 && k > 0, sent[j], sent[j + 1], sent[j + 2], sent[j + 3], w[j], w[j + 1],
                            w[j + 2], w[j + 3], from, to);
                    j += 4;
                }
                if (j + 2 <= present) {
                    add2(blocks[k], j == 0 && k > 0, sent[j], sent[j + 1], w[j], w[j + 1], from, to);
                    j += 2;
                }
                if (j < present) {
                    add1(blocks[k], j == 0 && k > 0, sent[j], w[j], from, to);
                } else if (j == 0 && k > 0) { // no uploads at all: the scratch must not leak into ghat
                    java.util.Arrays.fill(blocks[k], from, to, 0.0);
                }
            }
        }
        for (int k = 1; k < blockCount; k++) {
            System.arraycopy(blocks[k], 0, ghat, k * len, valid[k]);
        }
        blocks[0] = null;
        return ghat;
    }

    /**
     * This thread's accumulators for blocks 1..count-1, each of length at least {@code len}, reused across calls:
     * allocating them per call cost their zeroing and the garbage (for ell = 4, three quarters of d per call, about
     * 15% of the decode's time at d = 235,146). Held softly, so a large d does not pin memory the heap needs.
     */
    private static double[][] scratch(int count, int len) {
        double[][] blocks = SCRATCH.get().get();
        if (blocks == null || blocks.length < count || (count > 1 && blocks[count - 1].length < len)) {
            blocks = new double[Math.max(count, 1)][];
            for (int k = 1; k < count; k++) {
                blocks[k] = new double[len];
            }
            SCRATCH.set(new SoftReference<>(blocks));
        }
        return blocks;
    }

    private static final ThreadLocal<SoftReference<double[][]>> SCRATCH =
            ThreadLocal.withInitial(() -> new SoftReference<>(null));

    /** Elements per tile of the block index for {@code ell} blocks. */
    static int tileLength(int ell) {
        int tile = L1_BUDGET / (4 + Math.max(1, ell));
        return Math.max(MIN_TILE, Math.min(MAX_TILE, tile - tile % 64));
    }

    // Each pass fuses its uploads into g in upload order, g = fma(w_last, t_last, ... fma(w_first, t_first, g)), so
    // the result is the same whichever group sizes the uploads are cut into. {@code assign}: g held nothing yet.

    private static void add6(double[] g, boolean assign, double[] a, double[] b, double[] c, double[] e, double[] f,
            double[] h, double wa, double wb, double wc, double we, double wf, double wh, int from, int to) {
        if (assign) {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(wh, h[x], Math.fma(wf, f[x], Math.fma(we, e[x], Math.fma(wc, c[x],
                        Math.fma(wb, b[x], wa * a[x])))));
            }
        } else {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(wh, h[x], Math.fma(wf, f[x], Math.fma(we, e[x], Math.fma(wc, c[x],
                        Math.fma(wb, b[x], Math.fma(wa, a[x], g[x]))))));
            }
        }
    }

    private static void add4(double[] g, boolean assign, double[] a, double[] b, double[] c, double[] e, double wa,
            double wb, double wc, double we, int from, int to) {
        if (assign) {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(we, e[x], Math.fma(wc, c[x], Math.fma(wb, b[x], wa * a[x])));
            }
        } else {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(we, e[x], Math.fma(wc, c[x], Math.fma(wb, b[x], Math.fma(wa, a[x], g[x]))));
            }
        }
    }

    private static void add2(double[] g, boolean assign, double[] a, double[] b, double wa, double wb, int from,
            int to) {
        if (assign) {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(wb, b[x], wa * a[x]);
            }
        } else {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(wb, b[x], Math.fma(wa, a[x], g[x]));
            }
        }
    }

    private static void add1(double[] g, boolean assign, double[] a, double wa, int from, int to) {
        if (assign) {
            for (int x = from; x < to; x++) {
                g[x] = wa * a[x];
            }
        } else {
            for (int x = from; x < to; x++) {
                g[x] = Math.fma(wa, a[x], g[x]);
            }
        }
    }
}
