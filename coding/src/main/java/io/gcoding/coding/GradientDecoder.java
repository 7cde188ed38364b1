package io.gcoding.coding;

/**
 * The PS decode (PROTOCOL.md §2.7): ghat^(k) = sum_j Theta[k][j] * t_j, concatenated over k and cut to d. A worker
 * that sent nothing (null upload) contributes zero.
 *
 * <p>This runs on the coordinator every round, so it is written for speed, in plain Java (no BLAS in the coding
 * core). The definition above would read and write all of ghat once per upload and, for ell > 1, cut every upload
 * into ell passes over a quarter of ghat each; instead:
 * <ul>
 *   <li>the block index x is tiled ({@link #tileLength}) so that one tile of every upload stays in L2 while all ell
 *       blocks of ghat take their share of it (each upload is read from memory once), and the tile of each ghat
 *       block stays in L1 while the uploads stream through it (ghat is written once);</li>
 *   <li>four uploads are combined per pass over a tile (a quarter of the read-modify-writes of ghat);</li>
 *   <li>each ghat block is accumulated in an array indexed exactly like the uploads (block 0 in ghat itself, the
 *       others in arrays of length L copied into ghat at the end): the HotSpot C2 compiler (JDK 17) vectorises a
 *       loop well only when every array in it is indexed by the same expression ({@code g[x] += a[x] ...}); with
 *       the block offset in one index ({@code ghat[k L + x]}) it ran about half as fast here.</li>
 * </ul>
 * The result equals the definition up to rounding (the four terms of a pass are added before they reach ghat);
 * it is deterministic for given inputs.
 */
public final class GradientDecoder {

    /** Doubles of all uploads' tiles together that should stay in L2 (512 KiB); the tile is this / uploads long. */
    static final int TILE_BUDGET = 1 << 16;
    /** Tile lengths stay between these: long enough that loop set-up is negligible, short enough for L1. */
    static final int MIN_TILE = 512;
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
        // ghat does, so ghat itself is its accumulator (indexed like the uploads); the others get their own array.
        double[][] blocks = new double[ell][];
        int[] valid = new int[ell];
        for (int k = 0; k < ell; k++) {
            valid[k] = Math.max(0, Math.min(len, d - k * len));
            blocks[k] = k == 0 ? ghat : new double[valid[k]];
        }
        int tile = tileLength(present);
        for (int from = 0; from < len; from += tile) {
            int tileEnd = Math.min(len, from + tile);
            for (int k = 0; k < ell; k++) {
                int to = Math.min(tileEnd, valid[k]);
                if (to > from) {
                    accumulate(blocks[k], sent, weights[k], from, to);
                }
            }
        }
        for (int k = 1; k < ell && valid[k] > 0; k++) {
            System.arraycopy(blocks[k], 0, ghat, k * len, valid[k]);
        }
        return ghat;
    }

    /** Elements per tile of the block index for {@code uploads} uploads. */
    static int tileLength(int uploads) {
        int tile = TILE_BUDGET / Math.max(1, uploads);
        return Math.max(MIN_TILE, Math.min(MAX_TILE, tile - tile % 64));
    }

    /** {@code g[x] += sum_i w[i] * t_i[x]} for x in [from, to), four uploads per pass. */
    private static void accumulate(double[] g, double[][] t, double[] w, int from, int to) {
        int i = 0;
        for (; i + 4 <= t.length; i += 4) {
            add4(g, t[i], t[i + 1], t[i + 2], t[i + 3], w[i], w[i + 1], w[i + 2], w[i + 3], from, to);
        }
        if (i + 2 <= t.length) {
            add2(g, t[i], t[i + 1], w[i], w[i + 1], from, to);
            i += 2;
        }
        if (i < t.length) {
            add1(g, t[i], w[i], from, to);
        }
    }

    private static void add4(double[] g, double[] a, double[] b, double[] c, double[] e, double wa, double wb,
            double wc, double we, int from, int to) {
        for (int x = from; x < to; x++) {
            g[x] += wa * a[x] + wb * b[x] + wc * c[x] + we * e[x];
        }
    }

    private static void add2(double[] g, double[] a, double[] b, double wa, double wb, int from, int to) {
        for (int x = from; x < to; x++) {
            g[x] += wa * a[x] + wb * b[x];
        }
    }

    private static void add1(double[] g, double[] a, double wa, int from, int to) {
        for (int x = from; x < to; x++) {
            g[x] += wa * a[x];
        }
    }
}
