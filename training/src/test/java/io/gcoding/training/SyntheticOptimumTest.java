package io.gcoding.training;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.Dataset;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.Synthetic;
import io.gcoding.data.SyntheticSpec;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import org.junit.jupiter.api.Test;

/** Synthetic data's {@code trueParameters} are what they claim under the model: the optimum, the Bayes classifier. */
class SyntheticOptimumTest {

    @Test
    void linearOptimumIsExactlyTheGeneratingParameters() {
        SyntheticSpec spec = (SyntheticSpec) DatasetSpec.parse("synthetic:rows=500,features=8,task=linear");
        Synthetic.Result r = Synthetic.generate(spec, 3);
        assertEquals(ModelSpec.linear(8), r.model());
        assertEquals(9, r.trueParameters().length);
        Dataset train = r.data().train();
        assertEquals(1, train.classes());
        assertEquals(0.0, ModelEvaluator.evaluate(r.model(), r.trueParameters(), train).meanLoss(), 1e-25);
        double[] g = ReferenceGradient.of(r.model(), r.trueParameters(), train.x(), train.y()).gradient();
        for (double v : g) {
            assertEquals(0.0, v, 1e-10, "the gradient vanishes at the optimum");
        }
        // and it is a strict optimum: moving away costs
        double[] moved = r.trueParameters().clone();
        moved[0] += 0.01;
        assertTrue(ModelEvaluator.evaluate(r.model(), moved, train).meanLoss() > 1e-6);
    }

    @Test
    void softmaxTruthIsTheBayesClassifierAndBeatsChance() {
        SyntheticSpec spec = (SyntheticSpec) DatasetSpec.parse("synthetic:rows=2000,test=2000,features=10,classes=4");
        Synthetic.Result r = Synthetic.generate(spec, 9);
        Evaluation truth = ModelEvaluator.evaluate(r.model(), r.trueParameters(), r.data().test());
        assertTrue(truth.accuracy() > 0.8, "separation 3 makes the classes well separated: " + truth);
        Evaluation zero = ModelEvaluator.evaluate(r.model(), new double[r.model().parameterCount()], r.data().test());
        assertTrue(truth.meanLoss() < zero.meanLoss());
    }

    @Test
    void logisticTruthClassifiesTheTestSet() {
        Synthetic.Result r = Synthetic.generate(
                (SyntheticSpec) DatasetSpec.parse("synthetic:task=logistic,rows=300"), 2);
        assertTrue(ModelEvaluator.evaluate(r.model(), r.trueParameters(), r.data().test()).accuracy() > 0.9);
    }
}
