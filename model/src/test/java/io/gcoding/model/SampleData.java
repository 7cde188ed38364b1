package io.gcoding.model;

import java.util.Random;

/** Seeded random rows and vectors for gradient tests, shared through this module's test-jar. */
public final class SampleData {

    private SampleData() {
    }

    /**
     * Rows for a model: row-major features ~ N(0, 1) and labels of the model's kind.
     *
     * @param features rows x inputDim values
     * @param labels   real ~ N(0, 9) for LINEAR, 0/1 for LOGISTIC, class indices for SOFTMAX and MLP
     */
    public record Rows(double[] features, double[] labels) {
    }

    public static Rows rows(ModelSpec model, int rows, long seed) {
        Random random = new Random(seed);
        double[] features = new double[rows * model.inputDim()];
        for (int i = 0; i < features.length; i++) {
            features[i] = random.nextGaussian();
        }
        double[] labels = new double[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = switch (model.type()) {
                case LINEAR -> 3 * random.nextGaussian();
                case LOGISTIC -> random.nextInt(2);
                case SOFTMAX, MLP -> random.nextInt(model.classes());
            };
        }
        return new Rows(features, labels);
    }

    /** {@code length} draws of N(0, scale^2). */
    public static double[] vector(int length, double scale, long seed) {
        Random random = new Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }
}
