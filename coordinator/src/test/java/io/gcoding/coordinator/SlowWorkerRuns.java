package io.gcoding.coordinator;

import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import io.gcoding.training.ModelInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Exact-mode runs through real in-process workers with worker 1 a persistent straggler (a replayed trace), for the
 * tests of what the coordinator changes between rounds (adaptive orders, ell per round): the run's parameters after
 * every round, and each round's decoded gradient read back from an SGD step with lr = 1.
 */
final class SlowWorkerRuns {
    static final String DATASET = "synthetic:rows=600,test=120,features=8,classes=3,task=softmax";
    static final int WORKERS = 6;

    private SlowWorkerRuns() {
    }

    /** A trace of {@code rounds} rounds where a chunk takes 0.02 s, on worker 1 0.2 s; as a straggler profile. */
    static String slowWorker1(Path dir, int rounds) throws Exception {
        Path trace = dir.resolve("slow-worker-1.csv");
        StringBuilder b = new StringBuilder("trial,worker,position,finish_time\n");
        for (int t = 0; t < rounds; t++) {
            for (int j = 0; j < WORKERS; j++) {
                for (int p = 1; p <= 3; p++) {
                    b.append(t).append(',').append(j).append(',').append(p).append(',')
                            .append(p * (j == 1 ? 0.2 : 0.02)).append('\n');
                }
            }
        }
        Files.writeString(trace, b.toString());
        return "trace:" + trace;
    }

    /** The parameters before round 0 and after every round; each round's record goes to {@code records}. */
    static List<double[]> trajectory(TrainingSpec spec, List<RoundRecord> records) throws Exception {
        TrainTest data = DatasetSpec.parse(spec.dataset()).load(null, spec.seed());
        TrainingRun run = new TrainingRun(spec, data, 1);
        List<double[]> params = new ArrayList<>();
        params.add(ModelInit.initial(run.modelSpec(), spec.seed()));
        try (InProcessCluster cluster = new InProcessCluster(WORKERS, run.modelSpec().parameterCount())) {
            run.run(cluster.coordinator, new TrainingRun.Listener() {
                @Override
                public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
                    params.add(parameters);
                    records.add(record);
                }
            });
        }
        return params;
    }

    /**
     * Round t's decoded gradient against the directly summed one at the same parameters (relative 2-norm error):
     * SGD with lr = 1 steps by the mean gradient, so rows times the step is the decoded sum.
     */
    static double decodedVsDirect(TrainingSpec spec, List<double[]> trajectory, int t) throws Exception {
        TrainTest data = DatasetSpec.parse(spec.dataset()).load(null, spec.seed());
        ModelSpec model = new TrainingRun(spec, data, 1).modelSpec();
        double[] before = trajectory.get(t);
        double[] decoded = new double[before.length];
        for (int x = 0; x < decoded.length; x++) {
            decoded[x] = (before[x] - trajectory.get(t + 1)[x]) * data.train().rows();
        }
        double[] direct = ReferenceGradient.of(model, before, data.train().x(), data.train().y()).gradient();
        return ExactTrajectoryTest.relativeError(decoded, direct);
    }
}
