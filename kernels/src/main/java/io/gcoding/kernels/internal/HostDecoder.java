package io.gcoding.kernels.internal;

/**
 * PS decode on host arrays: {@code ghat[k * L + x] = sum_j theta[k][j] * uploads[j][x]}, cut to d.
 *
 * <p>Memory-bound (each upload is read once, the output written once), so it is a tiled loop in Java rather than a
 * BLAS call: the inputs already live on the Java heap, and copying them off-heap for a GEMM would double the traffic.
 * A tile of the output (all ell blocks) stays in cache while every upload streams through once.
 */
public final class HostDecoder {

    private static final int TILE = 2048;

    private HostDecoder() {
    }

    /** Shapes must already be validated: theta ell x m, uploads m entries of length L (or null), d <= ell * L. */
    public static double[] decode(double[][] theta, double[][] uploads, int blockLength, int d) {
        double[] out = new double[d];
        int ell = theta.length;
        for (int tileStart = 0; tileStart < blockLength; tileStart += TILE) {
            int tileEnd = Math.min(blockLength, tileStart + TILE);
            for (int k = 0; k < ell; k++) {
                int base = k * blockLength;
                int end = Math.min(tileEnd, d - base);
                if (end <= tileStart) {
                    continue; // this block lies entirely in the padding beyond d
                }
                double[] row = theta[k];
                for (int j = 0; j < uploads.length; j++) {
                    double[] upload = uploads[j];
                    double c = row[j];
                    if (upload == null || c == 0.0) {
                        continue;
                    }
                    for (int x = tileStart; x < end; x++) {
                        out[base + x] += c * upload[x];
                    }
                }
            }
        }
        return out;
    }
}
