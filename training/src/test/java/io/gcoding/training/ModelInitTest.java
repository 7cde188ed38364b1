package io.gcoding.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.model.ModelSpec;
import org.junit.jupiter.api.Test;

class ModelInitTest {

    @Test
    void convexModelsStartAtZero() {
        for (ModelSpec m : new ModelSpec[] {ModelSpec.linear(5), ModelSpec.logistic(5), ModelSpec.softmax(5, 3)}) {
            double[] p = ModelInit.initial(m, 1);
            assertEquals(m.parameterCount(), p.length);
            assertArrayEquals(new double[p.length], p, m.toString());
        }
    }

    @Test
    void mlpWeightsAreHeNormalAndBiasesZero() {
        ModelSpec m = ModelSpec.mlp(784, 10, 256, 128);
        double[] p = ModelInit.initial(m, 3);
        assertArrayEquals(p, ModelInit.initial(m, 3), 0.0);
        // layer 1: 784 x 256 weights, then 256 biases
        double sum = 0;
        double sumSq = 0;
        int n = 784 * 256;
        for (int i = 0; i < n; i++) {
            sum += p[i];
            sumSq += p[i] * p[i];
        }
        assertEquals(0.0, sum / n, 0.002);
        assertEquals(2.0 / 784, sumSq / n, 0.02 * 2.0 / 784, "variance 2 / fan_in");
        for (int i = n; i < n + 256; i++) {
            assertEquals(0.0, p[i]);
        }
        // layer 2 uses fan_in 256
        int w2 = n + 256;
        double sq2 = 0;
        for (int i = w2; i < w2 + 256 * 128; i++) {
            sq2 += p[i] * p[i];
        }
        assertEquals(2.0 / 256, sq2 / (256 * 128), 0.05 * 2.0 / 256);
        // the output biases (last 10 entries) are zero too
        for (int i = p.length - 10; i < p.length; i++) {
            assertEquals(0.0, p[i]);
        }
        assertTrue(!java.util.Arrays.equals(p, ModelInit.initial(m, 4)));
    }
}
