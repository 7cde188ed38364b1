package io.gcoding.kernels.internal;

/**
 * PS decode on host arrays: {@code ghat[k * L + x] = sum_j theta[k][j] * uploads[j][x]}, cut to d.
 *
 * <p>Memory-bound (each upload is read once, the output written once), so it is a tiled loop in Java rather than a
 * BLAS call: the inputs already live on the Java heap, and copying them off-heap for a GEMM would double the traffic.
 * Per tile of {@link #TILE} entries, uploads are taken four at a time and each group updates all ell output blocks
 * while its tiles are in L1: one pass over the uploads, a quarter of the read-modify-writes of the output, and a
 * loop the JIT vectorises.
 */
public final class HostDecoder {

    /** Entries per tile: four upload tiles (256 KiB) and the ell output tiles fit in L2. */
    private static final int TILE = 8192;

    private HostDecoder() {
    }

    /** Shapes must already be validated: theta ell x m, uploads m entries of length L (or null), d <= ell * L. */
    public static double[] decode(double[][] theta, double[][] uploads, int blockLength, int d) {
        double[] out = new double[d];
        int[] present = java.util.stream.IntStream.range(0, uploads.length).filter(j -> uploads[j] != null)
                .toArray();
        for (int tileStart = 0; tileStart < blockLength; tileStart += TILE) {
            int tileEnd = Math.min(blockLength, tileStart + TILE);
            for (int q = 0; q < present.length; q += 4) {
                int count = Math.min(4, present.length - q);
                // Missing members of a short group repeat the first upload with coefficient 0.
                double[] u0 = uploads[present[q]];
                double[] u1 = count > 1 ? uploads[present[q + 1]] : u0;
                double[] u2 = count > 2 ? uploads[present[q + 2]] : u0;
                double[] u3 = count > 3 ? uploads[present[q + 3]] : u0;
                for (int k = 0; k < theta.length; k++) {
                    int base = k * blockLength;
                    int end = Math.min(tileEnd, d - base); // blocks past d are zero padding
                    double[] row = theta[k];
                    double c0 = row[present[q]];
                    double c1 = count > 1 ? row[present[q + 1]] : 0.0;
                    double c2 = count > 2 ? row[present[q + 2]] : 0.0;
                    double c3 = count > 3 ? row[present[q + 3]] : 0.0;
                    for (int x = tileStart; x < end; x++) {
                        out[base + x] += c0 * u0[x] + c1 * u1[x] + c2 * u2[x] + c3 * u3[x];
                    }
                }
            }
        }
        return out;
    }
}
