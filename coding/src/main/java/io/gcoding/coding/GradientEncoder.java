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
        double[] out = new double[len];
        for (int i = 0; i < grads.length; i++) {
            if (grads[i].length != d) {
                throw new IllegalArgumentException("gradient " + i + " has length " + grads[i].length + ", expected " + d);
            }
            if (coeffs[i].length != layout.ell()) {
                throw new IllegalArgumentException("coefficient row " + i + " has length " + coeffs[i].length
                        + ", expected ell = " + layout.ell());
            }
            for (int k = 0; k < layout.ell(); k++) {
                double b = coeffs[i][k];
                if (b == 0) {
                    continue;
                }
                int offset = k * len;
                int end = Math.min(len, d - offset);
                for (int x = 0; x < end; x++) {
                    out[x] += b * grads[i][offset + x];
                }
            }
        }
        return out;
    }
}
