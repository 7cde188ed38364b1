package io.gcoding.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.model.ModelSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelEvaluatorTest {

    /** Random data for a model: Gaussian features, labels of the right kind. 70 rows span two blocks of 64. */
    static Dataset data(ModelSpec model, int rows, long seed) {
        SeededRandom r = new SeededRandom(seed);
        int f = model.inputDim();
        double[] x = new double[rows * f];
        for (int i = 0; i < x.length; i++) {
            x[i] = r.nextGaussian();
        }
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = switch (model.type()) {
                case LINEAR -> 2 * r.nextGaussian();
                case LOGISTIC -> r.nextInt(2);
                case SOFTMAX, MLP -> r.nextInt(model.classes());
            };
        }
        int classes = model.type() == io.gcoding.model.ModelType.LINEAR
                || model.type() == io.gcoding.model.ModelType.LOGISTIC ? 1 : model.classes();
        return new Dataset("random", rows, f, classes, x, y);
    }

    static double[] randomParams(ModelSpec model, long seed) {
        SeededRandom r = new SeededRandom(seed);
        double[] p = new double[model.parameterCount()];
        for (int i = 0; i < p.length; i++) {
            p[i] = 0.5 * r.nextGaussian();
        }
        return p;
    }

    static Stream<Arguments> models() {
        return Stream.of(
                Arguments.of(ModelSpec.linear(6)),
                Arguments.of(ModelSpec.logistic(6)),
                Arguments.of(ModelSpec.softmax(6, 4)),
                Arguments.of(ModelSpec.softmax(5, 40)), // wider than NARROW: the other code path
                Arguments.of(ModelSpec.mlp(6, 3, 5)),
                Arguments.of(ModelSpec.mlp(6, 3, 40, 7)),
                Arguments.of(ModelSpec.mlp(5, 34, 36))); // every layer wide
    }

    @ParameterizedTest
    @MethodSource("models")
    void fullGradientMatchesCentralFiniteDifferences(ModelSpec model) {
        Dataset d = data(model, 70, 11);
        double[] p = randomParams(model, 12);
        double[] g = ModelEvaluator.fullGradient(model, p, d);
        double h = 1e-5;
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            double saved = p[i];
            p[i] = saved + h;
            double up = ModelEvaluator.loss(model, p, d);
            p[i] = saved - h;
            double down = ModelEvaluator.loss(model, p, d);
            p[i] = saved;
            double numeric = (up - down) / (2 * h);
            worst = Math.max(worst, Math.abs(numeric - g[i]) / Math.max(1.0, Math.abs(numeric)));
        }
        assertTrue(worst < 1e-6, model + ": worst relative finite-difference error " + worst);
    }

    @ParameterizedTest
    @MethodSource("models")
    void miniBatchGradientEqualsGradientOfTheSubset(ModelSpec model) {
        Dataset d = data(model, 70, 3);
        double[] p = randomParams(model, 4);
        int[] rows = {0, 5, 6, 33, 64, 69};
        double[] g = new double[model.parameterCount()];
        java.util.Arrays.fill(g, 123.0); // gradient() overwrites, it does not add
        double loss = ModelEvaluator.gradient(model, p, d.toChunk(), rows, g);
        Dataset subset = d.subset("subset", rows);
        assertArrayEquals(ModelEvaluator.fullGradient(model, p, subset), g, 1e-12);
        assertEquals(ModelEvaluator.loss(model, p, subset), loss, 1e-12);
    }

    @ParameterizedTest
    @MethodSource("models")
    void chunkGradientsAddUpToTheFullGradient(ModelSpec model) {
        Dataset d = data(model, 70, 5);
        double[] p = randomParams(model, 6);
        double[] sum = new double[model.parameterCount()];
        double[] g = new double[model.parameterCount()];
        for (var chunk : Chunking.split(d, 4, 9)) {
            ModelEvaluator.gradient(model, p, chunk, null, g);
            for (int i = 0; i < g.length; i++) {
                sum[i] += g[i];
            }
        }
        assertArrayEquals(ModelEvaluator.fullGradient(model, p, d), sum, 1e-9);
    }

    @Test
    void zeroSoftmaxHasLossLogKAndPredictsClassZero() {
        ModelSpec model = ModelSpec.softmax(2, 4);
        Dataset d = new Dataset("tiny", 4, 2, 4, new double[] {1, 2, 3, 4, 5, 6, 7, 8}, new double[] {0, 1, 0, 3});
        Evaluation e = ModelEvaluator.evaluate(model, new double[model.parameterCount()], d);
        assertEquals(Math.log(4), e.meanLoss(), 1e-15);
        assertEquals(0.5, e.accuracy()); // ties go to class 0, and two rows are class 0
        assertEquals(4, e.rows());
    }

    @Test
    void linearAndLogisticByHand() {
        Dataset d = new Dataset("tiny", 2, 2, 1, new double[] {1, 2, -1, 0.5}, new double[] {1, 0});
        double[] p = {0.5, -1, 0.25}; // z = x.w + b: row 0: 0.5 - 2 + 0.25 = -1.25; row 1: -0.5 - 0.5 + 0.25 = -0.75
        Evaluation lin = ModelEvaluator.evaluate(ModelSpec.linear(2), p, d);
        assertEquals((0.5 * 2.25 * 2.25 + 0.5 * 0.75 * 0.75) / 2, lin.meanLoss(), 1e-15);
        assertTrue(Double.isNaN(lin.accuracy()));
        double[] g = ModelEvaluator.fullGradient(ModelSpec.linear(2), p, d);
        // sum of r * [x, 1] with r = -2.25 and -0.75
        assertArrayEquals(new double[] {-2.25 + 0.75, -4.5 - 0.375, -3.0}, g, 1e-15);

        Evaluation log = ModelEvaluator.evaluate(ModelSpec.logistic(2), p, d);
        // row 0: label 1, z = -1.25: log(1 + e^z) - z = log(1 + e^1.25); row 1: label 0, z = -0.75: log(1 + e^-0.75)
        assertEquals((Math.log1p(Math.exp(1.25)) + Math.log1p(Math.exp(-0.75))) / 2, log.meanLoss(), 1e-15);
        assertEquals(0.5, log.accuracy()); // both predicted 0; row 1 is 0
    }

    @Test
    void logisticLossIsStableForHugeLogits() {
        Dataset d = new Dataset("far", 2, 1, 1, new double[] {1000, -1000}, new double[] {0, 1});
        Evaluation e = ModelEvaluator.evaluate(ModelSpec.logistic(1), new double[] {1, 0}, d);
        assertEquals(1000.0, e.meanLoss(), 1e-9);
        double[] g = ModelEvaluator.fullGradient(ModelSpec.logistic(1), new double[] {1, 0}, d);
        assertArrayEquals(new double[] {2000, 0}, g, 1e-9);
    }

    @Test
    void rejectsShapeAndLabelMismatches() {
        ModelSpec model = ModelSpec.softmax(3, 2);
        Dataset d = data(ModelSpec.softmax(3, 4), 5, 1);
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluator.evaluate(model, new double[model.parameterCount()], d));
        assertTrue(classes.getMessage().contains("4 classes"), classes.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluator.evaluate(model, new double[3], data(model, 5, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluator.evaluate(ModelSpec.softmax(4, 2), new double[10], data(model, 5, 1)));
        // A raw chunk carries no class count: a label outside 0..K-1 is caught row by row.
        var chunk = new io.gcoding.kernels.HostChunk(2, 3, new double[6], new double[] {1, 7});
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluator.gradient(model, new double[model.parameterCount()], chunk, null,
                        new double[model.parameterCount()]));
        assertTrue(label.getMessage().contains("row 1"), label.getMessage());
    }

    @Test
    void isDeterministic() {
        ModelSpec model = ModelSpec.mlp(6, 3, 40, 7);
        Dataset d = data(model, 70, 2);
        double[] p = randomParams(model, 2);
        assertArrayEquals(ModelEvaluator.fullGradient(model, p, d), ModelEvaluator.fullGradient(model, p, d), 0.0);
    }
}
