package io.gcoding.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.Dataset;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.model.ReferenceGradient;
import io.gcoding.model.SampleData;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelEvaluatorTest {

    /** Random data for a model: Gaussian features, labels of the right kind. 70 rows span two blocks of 64. */
    static Dataset data(ModelSpec model, int rows, long seed) {
        SampleData.Rows sample = SampleData.rows(model, rows, seed);
        int classes = model.type() == ModelType.LINEAR || model.type() == ModelType.LOGISTIC ? 1 : model.classes();
        return new Dataset("random", rows, model.inputDim(), classes, sample.features(), sample.labels());
    }

    static double[] randomParams(ModelSpec model, long seed) {
        return SampleData.vector(model.parameterCount(), 0.5, seed);
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

    /** The production forward pass computes the objective whose gradient the reference (and every backend) gives. */
    @ParameterizedTest
    @MethodSource("models")
    void summedLossEqualsTheReferenceLoss(ModelSpec model) {
        Dataset d = data(model, 70, 11);
        double[] p = randomParams(model, 12);
        double expected = ReferenceGradient.of(model, p, d.x(), d.y()).loss();
        assertEquals(expected, ModelEvaluator.loss(model, p, d), 1e-12 * Math.abs(expected), model.toString());
        assertEquals(expected / d.rows(), ModelEvaluator.evaluate(model, p, d).meanLoss(),
                1e-12 * Math.abs(expected / d.rows()), model.toString());
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
        assertEquals(0.0, e.accuracy());
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
        // A one-output dataset carries no class count: a logistic label other than 0/1 is caught row by row.
        Dataset notBinary = new Dataset("real labels", 2, 3, 1, new double[6], new double[] {1, 7});
        IllegalArgumentException label = assertThrows(IllegalArgumentException.class,
                () -> ModelEvaluator.evaluate(ModelSpec.logistic(3), new double[4], notBinary));
        assertTrue(label.getMessage().contains("row 1"), label.getMessage());
    }

    @Test
    void isDeterministic() {
        ModelSpec model = ModelSpec.mlp(6, 3, 40, 7);
        Dataset d = data(model, 70, 2);
        double[] p = randomParams(model, 2);
        assertEquals(ModelEvaluator.loss(model, p, d), ModelEvaluator.loss(model, p, d), 0.0);
    }
}
