package io.gcoding.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The oracle itself must be right: checked against finite differences, by hand, and for additivity over rows. */
class ReferenceGradientTest {

    static Stream<ModelSpec> models() {
        return Stream.of(ModelSpec.linear(6), ModelSpec.logistic(6), ModelSpec.softmax(6, 4), ModelSpec.mlp(6, 3, 5),
                ModelSpec.mlp(6, 3, 7, 4));
    }

    /** {@code [0]} features, {@code [1]} labels. */
    static double[][] data(ModelSpec model, int rows, long seed) {
        SampleData.Rows sample = SampleData.rows(model, rows, seed);
        return new double[][] {sample.features(), sample.labels()};
    }

    static double[] params(ModelSpec model, long seed) {
        return SampleData.vector(model.parameterCount(), 0.5, seed);
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientMatchesCentralDifferencesOfTheLoss(ModelSpec model) {
        double[][] d = data(model, 20, 1);
        double[] p = params(model, 2);
        double[] numeric = GradientChecks.centralDifferences(
                q -> ReferenceGradient.of(model, q, d[0], d[1]).loss(), p, 1e-5);
        double error = GradientChecks.relativeError(ReferenceGradient.of(model, p, d[0], d[1]).gradient(), numeric);
        assertTrue(error < 1e-7, model + ": relative error vs finite differences " + error);
    }

    @ParameterizedTest
    @MethodSource("models")
    void miniBatchIsTheGradientOfExactlyThoseRowsAndPartsAddUp(ModelSpec model) {
        double[][] d = data(model, 12, 3);
        double[] p = params(model, 4);
        int[] rows = {7, 0, 7, 11};
        int f = model.inputDim();
        double[] gathered = new double[rows.length * f];
        double[] labels = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            System.arraycopy(d[0], rows[i] * f, gathered, i * f, f);
            labels[i] = d[1][rows[i]];
        }
        ReferenceGradient.Result batch = ReferenceGradient.of(model, p, d[0], d[1], rows);
        ReferenceGradient.Result copy = ReferenceGradient.of(model, p, gathered, labels);
        assertEquals(copy.loss(), batch.loss(), 0.0);
        assertArrayEquals(copy.gradient(), batch.gradient(), 0.0);

        ReferenceGradient.Result first = ReferenceGradient.of(model, p, Arrays.copyOf(d[0], 5 * f),
                Arrays.copyOf(d[1], 5));
        ReferenceGradient.Result rest = ReferenceGradient.of(model, p, Arrays.copyOfRange(d[0], 5 * f, 12 * f),
                Arrays.copyOfRange(d[1], 5, 12));
        ReferenceGradient.Result all = ReferenceGradient.of(model, p, d[0], d[1]);
        double[] sum = first.gradient().clone();
        for (int i = 0; i < sum.length; i++) {
            sum[i] += rest.gradient()[i];
        }
        assertEquals(all.loss(), first.loss() + rest.loss(), 1e-12 * Math.abs(all.loss()));
        assertTrue(GradientChecks.relativeError(sum, all.gradient()) < 1e-14);
    }

    @Test
    void linearAndLogisticByHand() {
        double[] x = {1, 2, -1, 0.5};
        double[] y = {1, 0};
        double[] p = {0.5, -1, 0.25}; // z = x.w + b: row 0: -1.25, row 1: -0.75
        ReferenceGradient.Result lin = ReferenceGradient.of(ModelSpec.linear(2), p, x, y);
        assertEquals(0.5 * 2.25 * 2.25 + 0.5 * 0.75 * 0.75, lin.loss(), 1e-15);
        // sum of r * [x, 1] with r = -2.25 and -0.75
        assertArrayEquals(new double[] {-2.25 + 0.75, -4.5 - 0.375, -3.0}, lin.gradient(), 1e-15);
        ReferenceGradient.Result log = ReferenceGradient.of(ModelSpec.logistic(2), p, x, y);
        assertEquals(Math.log1p(Math.exp(1.25)) + Math.log1p(Math.exp(-0.75)), log.loss(), 1e-15);
    }

    @Test
    void logisticStaysFiniteForHugeLogits() {
        ReferenceGradient.Result r = ReferenceGradient.of(ModelSpec.logistic(1), new double[] {1, 0},
                new double[] {1000, -1000}, new double[] {0, 1});
        assertEquals(2000.0, r.loss(), 1e-9);
        assertArrayEquals(new double[] {2000, 0}, r.gradient(), 1e-9);
    }
}
