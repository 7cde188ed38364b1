package io.gcoding.training;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.Chunking;
import io.gcoding.data.Dataset;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.HostChunk;
import io.gcoding.data.Synthetic;
import io.gcoding.data.SyntheticSpec;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import org.junit.jupiter.api.Test;

/**
 * End-to-end: the pieces the coordinator combines (spec, chunks, optimizer, evaluation) learn, with gradients from
 * the reference (the backends' oracle) standing in for the workers.
 */
class TrainingTest {

    private static double[] gradient(ModelSpec model, double[] params, Dataset data) {
        return ReferenceGradient.of(model, params, data.x(), data.y()).gradient();
    }

    private static double[] gradient(ModelSpec model, double[] params, HostChunk chunk, int[] rows) {
        return ReferenceGradient.of(model, params, chunk.features(), chunk.labels(), rows).gradient();
    }

    @Test
    void fullBatchAdamOnSyntheticSoftmaxReachesTheBayesAccuracy() {
        Synthetic.Result r = Synthetic.generate(
                (SyntheticSpec) DatasetSpec.parse("synthetic:rows=3000,test=2000,features=20,classes=4"), 5);
        ModelSpec model = r.model();
        TrainTest data = r.data();
        double[] p = ModelInit.initial(model, 5);
        Optimizer adam = Optimizers.parse("adam:lr=0.05", data.train().rows());
        for (int step = 0; step < 200; step++) {
            adam.step(p, gradient(model, p, data.train()));
        }
        Evaluation trained = ModelEvaluator.evaluate(model, p, data.test());
        Evaluation bayes = ModelEvaluator.evaluate(model, r.trueParameters(), data.test());
        assertTrue(trained.accuracy() > 0.9, "trained: " + trained);
        assertTrue(trained.accuracy() >= bayes.accuracy() - 0.02, "trained " + trained + " vs Bayes " + bayes);
    }

    @Test
    void chunkedGradientDescentOnSyntheticLinearFindsTheTrueParameters() {
        Synthetic.Result r = Synthetic.generate(
                (SyntheticSpec) DatasetSpec.parse("synthetic:rows=1000,features=10,task=linear"), 8);
        ModelSpec model = r.model();
        HostChunk[] chunks = Chunking.split(r.data().train(), 8, 8);
        double[] p = ModelInit.initial(model, 8);
        Optimizer sgd = Optimizers.parse("sgd:lr=0.5,momentum=0.5", r.data().train().rows());
        double[] sum = new double[p.length];
        for (int step = 0; step < 300; step++) {
            java.util.Arrays.fill(sum, 0);
            for (HostChunk c : chunks) { // sum_i g_i: what exact decoding delivers
                double[] g = gradient(model, p, c, null);
                for (int i = 0; i < g.length; i++) {
                    sum[i] += g[i];
                }
            }
            sgd.step(p, sum);
        }
        double worst = 0;
        for (int i = 0; i < p.length; i++) {
            worst = Math.max(worst, Math.abs(p[i] - r.trueParameters()[i]));
        }
        assertTrue(worst < 1e-8, "largest distance to the true parameters " + worst);
    }

    @Test
    void miniBatchMlpLearnsSyntheticClusters() {
        Synthetic.Result r = Synthetic.generate(
                (SyntheticSpec) DatasetSpec.parse("synthetic:rows=2000,test=1000,features=10,classes=3"), 4);
        ModelSpec model = ModelSpec.mlp(10, 3, 16);
        HostChunk[] chunks = Chunking.split(r.data().train(), 5, 4);
        double[] p = ModelInit.initial(model, 4);
        int batch = 16;
        Optimizer adam = Optimizers.parse("adam:lr=0.01", chunks.length * batch);
        double[] sum = new double[p.length];
        for (long round = 0; round < 300; round++) {
            java.util.Arrays.fill(sum, 0);
            for (int c = 0; c < chunks.length; c++) {
                int[] rows = Chunking.miniBatchRows(chunks[c].rows(), batch, 4, round, c);
                double[] g = gradient(model, p, chunks[c], rows);
                for (int i = 0; i < g.length; i++) {
                    sum[i] += g[i];
                }
            }
            adam.step(p, sum);
        }
        Evaluation trained = ModelEvaluator.evaluate(model, p, r.data().test());
        Evaluation bayes = ModelEvaluator.evaluate(r.model(), r.trueParameters(), r.data().test());
        assertTrue(trained.accuracy() >= bayes.accuracy() - 0.04, "trained " + trained + " vs Bayes " + bayes);
    }
}
