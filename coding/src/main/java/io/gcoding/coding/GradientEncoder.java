package io.gcoding.coding;

/**
 * The worker's encoded vector (PROTOCOL.md §2.6), plain Java reference:
 * t_j = sum_i sum_k b_{j,i}[k] * g_i^(k), of length L = ceil(d / ell).
 */
public final class GradientEncoder {
    private GradientEncoder() {
    }

    /**
     * @param grads  the worker's first s_j chunk gradients, each of length d
     * @param coeffs one row b_{j,i} of length ell per gradient, in the same order
     */
    public static double[] encode(double[][] grads, double[][] coeffs, BlockLayout layout) {
        if (grads.length != coeffs.length) {
            throw new IllegalArgumentException(grads.length + " gradients but " + coeffs.length + " coefficient rows");
        }
        int d = layout.dimension();
        int len = layout.blockLength();
        for (int i = 0; i < grads.length; i++) {
            if (grads[i].length != d) {
                throw new IllegalArgumentException("gradient " + i + " has length " + grads[i].length + ", expected " + d);
            }
            if (coeffs[i].length != layout.ell()) {
                throw new IllegalArgumentException("coefficient row " + i + " has length " + coeffs[i].length
                        + ", expected ell = " + layout.ell());
            }
        }
        double[] out = new double[len];
        // block by block, four gradients per pass over the block: a quarter of the read-modify-writes of out (a CPU
        // worker runs this on its control thread for every ENCODE, so it is a hot path, not only the reference)
        for (int k = 0; k < layout.ell(); k++) {
            int offset = k * len;
            int end = Math.min(len, d - offset); // the last block is short: its padding counts as zero
            if (end <= 0) {
                break;
            }
            int i = 0;
            for (; i + 4 <= grads.length; i += 4) {
                add4(out, grads[i], grads[i + 1], grads[i + 2], grads[i + 3], coeffs[i][k], coeffs[i + 1][k],
                        coeffs[i + 2][k], coeffs[i + 3][k], offset, end);
            }
            for (; i < grads.length; i++) {
                double b = coeffs[i][k];
                if (b != 0) {
                    double[] g = grads[i];
                    for (int x = 0; x < end; x++) {
                        out[x] += b * g[offset + x];
                    }
                }
            }
        }
        return out;
    }

    private static void add4(double[] out, double[] a, double[] b, double[] c, double[] e, double wa, double wb,
            double wc, double we, int offset, int end) {
        for (int x = 0; x < end; x++) {
            out[x] += wa * a[offset + x] + wb * b[offset + x] + wc * c[offset + x] + we * e[offset + x];
        }
    }
}
