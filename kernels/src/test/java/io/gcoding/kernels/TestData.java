package io.gcoding.kernels;

import io.gcoding.model.ModelSpec;
import java.util.Random;

/** Seeded random chunks, parameters and norms for the tests. */
public final class TestData {

    private TestData() {
    }

    /** Features ~ N(0, 1); labels suited to the model (real, 0/1, or class indices). */
    public static HostChunk chunk(ModelSpec model, int rows, long seed) {
        Random random = new Random(seed);
        int cols = model.inputDim();
        double[] features = new double[rows * cols];
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
        return new HostChunk(rows, cols, features, labels);
    }

    public static double[] vector(int length, double scale, long seed) {
        Random random = new Random(seed);
        double[] v = new double[length];
        for (int i = 0; i < length; i++) {
            v[i] = scale * random.nextGaussian();
        }
        return v;
    }

    /** ||a - b|| / ||b|| (or ||a|| when b is zero). */
    public static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }

    public static double[] flatten(double[][] m) {
        int total = 0;
        for (double[] row : m) {
            total += row.length;
        }
        double[] out = new double[total];
        int at = 0;
        for (double[] row : m) {
            System.arraycopy(row, 0, out, at, row.length);
            at += row.length;
        }
        return out;
    }
}
