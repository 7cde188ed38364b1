package io.gcoding.coding;

/**
 * The PS decode (PROTOCOL.md §2.7), plain Java reference: ghat^(k) = sum_j Theta[k][j] * t_j, concatenated over
 * k and cut to d. A worker that sent nothing (null upload) contributes zero.
 */
public final class GradientDecoder {
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
        double[] ghat = new double[d];
        for (int j = 0; j < uploads.length; j++) {
            double[] t = uploads[j];
            if (t == null) {
                continue;
            }
            if (t.length != len) {
                throw new IllegalArgumentException("upload of worker " + j + " has length " + t.length
                        + ", expected d/ell = " + len);
            }
            for (int k = 0; k < layout.ell(); k++) {
                double w = theta.get(k, j);
                int offset = k * len;
                int end = Math.min(len, d - offset);
                for (int x = 0; x < end; x++) {
                    ghat[offset + x] += w * t[x];
                }
            }
        }
        return ghat;
    }
}
