package io.gcoding.data;

import io.gcoding.kernels.ModelSpec;
import io.gcoding.kernels.ModelType;

/** Initial parameters, in {@link ModelSpec}'s flat layout. */
public final class ModelInit {
    private static final long INIT_STREAM = 0x1A17L;

    private ModelInit() {
    }

    /**
     * Zeros for linear, logistic and softmax (their losses are convex, and zero is the usual, reproducible start).
     * For an MLP, zeros would keep every hidden unit identical forever, so weights are He-normal,
     * N(0, 2 / fan_in) (He et al. 2015, right for ReLU), and biases zero. Seeded: the same seed gives the same
     * vector in every process.
     */
    public static double[] initial(ModelSpec model, long seed) {
        double[] p = new double[model.parameterCount()];
        if (model.type() != ModelType.MLP) {
            return p;
        }
        SeededRandom r = SeededRandom.of(seed, INIT_STREAM);
        int[] sizes = model.layerSizes();
        int offset = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            int fanIn = sizes[l];
            int weights = sizes[l] * sizes[l + 1];
            double std = Math.sqrt(2.0 / fanIn);
            for (int i = 0; i < weights; i++) {
                p[offset + i] = std * r.nextGaussian();
            }
            offset += weights + sizes[l + 1]; // biases stay zero
        }
        return p;
    }
}
