package io.gcoding.coding;

/** Runs one round of the protocol's arithmetic through the reference encoder and decoder. */
final class CodecRoundTrip {
    private CodecRoundTrip() {
    }

    /** Every worker encodes its first s_j chunk gradients; the PS decodes. */
    static double[] decode(MinNormEncoder encoder, StateVector state, double[][] chunkGradients) {
        DecodingMatrix theta = encoder.theta();
        BlockLayout layout = new BlockLayout(chunkGradients[0].length, theta.ell());
        double[][] uploads = new double[theta.workers()][];
        for (int j = 0; j < theta.workers(); j++) {
            if (state.get(j) == 0) {
                continue;
            }
            MinNormEncoder.WorkerCoefficients c = encoder.coefficients(j, state);
            double[][] grads = new double[c.chunks().length][];
            for (int p = 0; p < grads.length; p++) {
                grads[p] = chunkGradients[c.chunks()[p]];
            }
            uploads[j] = GradientEncoder.encode(grads, c.rows(), layout);
        }
        return GradientDecoder.decode(theta, uploads, layout);
    }

    static double[] directSum(double[][] chunkGradients) {
        double[] g = new double[chunkGradients[0].length];
        for (double[] gi : chunkGradients) {
            for (int x = 0; x < g.length; x++) {
                g[x] += gi[x];
            }
        }
        return g;
    }
}
