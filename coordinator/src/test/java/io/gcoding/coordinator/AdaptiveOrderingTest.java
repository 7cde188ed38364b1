package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import io.gcoding.training.ModelInit;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code --ordering adaptive} through real in-process workers: with worker 1 ten times slower in every round (a replayed
 * trace), the
 * coordinator re-orders the chunks after the first rounds and announces the orders with RoundStart; the workers
 * compute and encode in them. Exact mode stays exact: every decoded gradient equals the full gradient at the same
 * parameters to 1e-12, and the trajectory equals a run on the static orders to 1e-9.
 */
class AdaptiveOrderingTest {
    private static final String DATASET = "synthetic:rows=600,test=120,features=8,classes=3,task=softmax";
    private static final int ROUNDS = 12;

    @TempDir
    static Path dir;

    /** Every round: a chunk takes 0.02 s, on worker 1 0.2 s (a persistent straggler, replayed in real time). */
    private static String trace() throws Exception {
        Path trace = dir.resolve("slow-worker-1.csv");
        StringBuilder b = new StringBuilder("trial,worker,position,finish_time\n");
        for (int t = 0; t < ROUNDS; t++) {
            for (int j = 0; j < 6; j++) {
                for (int p = 1; p <= 3; p++) {
                    b.append(t).append(',').append(j).append(',').append(p).append(',')
                            .append(p * (j == 1 ? 0.2 : 0.02)).append('\n');
                }
            }
        }
        Files.writeString(trace, b.toString());
        return "trace:" + trace;
    }

    private static List<double[]> trajectory(String ordering, int ell, List<RoundRecord> records) throws Exception {
        TrainingSpec spec = TrainingSpec.builder().workers(6).replication(3).ell(ell)
                .protocols(List.of(ProtocolKind.PARTIAL)).ordering(ordering)
                .dataset(DATASET).rounds(ROUNDS).optimizer("sgd:lr=1")
                .stragglers(trace()).seed(5).evalEvery(0).encodeTimeout(5).warmupRounds(0)
                .build();
        TrainTest data = DatasetSpec.parse(DATASET).load(null, spec.seed());
        TrainingRun run = new TrainingRun(spec, data, 1);
        List<double[]> params = new ArrayList<>();
        params.add(ModelInit.initial(run.modelSpec(), spec.seed()));
        try (InProcessCluster cluster = new InProcessCluster(6, run.modelSpec().parameterCount())) {
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

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reorderedRoundsStayExact(int ell) throws Exception {
        List<RoundRecord> adaptiveRecords = new ArrayList<>();
        List<double[]> adaptive = trajectory("adaptive", ell, adaptiveRecords);
        List<double[]> fixed = trajectory("optimal", ell, new ArrayList<>());
        assertEquals(0, adaptiveRecords.get(0).orderVersion(), "round 0 runs on the Config's orders");
        assertTrue(adaptiveRecords.stream().anyMatch(r -> r.orderVersion() > 0),
                "the slow worker made the coordinator announce new orders");
        TrainTest data = DatasetSpec.parse(DATASET).load(null, 5);
        ModelSpec model = new TrainingRun(TrainingSpec.builder().workers(6).replication(3).ell(ell)
                .dataset(DATASET).seed(5).build(), data, 1).modelSpec();
        for (int t = 0; t < ROUNDS; t++) {
            double[] before = adaptive.get(t);
            double[] decoded = new double[before.length];
            for (int x = 0; x < decoded.length; x++) {
                // sgd with lr = 1 steps by the mean gradient: rows times the step is the decoded sum
                decoded[x] = (before[x] - adaptive.get(t + 1)[x]) * data.train().rows();
            }
            double[] direct = ReferenceGradient.of(model, before, data.train().x(), data.train().y()).gradient();
            double gradientError = ExactTrajectoryTest.relativeError(decoded, direct);
            assertTrue(gradientError <= 1e-12, "round " + t + ": decoded vs direct sum " + gradientError
                    + " (orders v" + adaptiveRecords.get(t).orderVersion() + ")");
            double trajectoryError = ExactTrajectoryTest.relativeError(adaptive.get(t + 1), fixed.get(t + 1));
            assertTrue(trajectoryError <= 1e-9, "round " + t + ": adaptive vs static " + trajectoryError);
        }
    }
}
