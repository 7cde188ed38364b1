package io.gcoding.training;

import io.gcoding.data.SeededRandom;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.model.ParameterLayout;

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
        ParameterLayout layout = model.layout();
        for (int l = 0; l < layout.layers(); l++) {
            double std = Math.sqrt(2.0 / layout.size(l)); // fan-in: the layer's input width
            int offset = layout.weightOffset(l);
            for (int i = 0; i < layout.weightCount(l); i++) {
                p[offset + i] = std * r.nextGaussian();
            }
            // biases stay zero
        }
        return p;
    }
}
