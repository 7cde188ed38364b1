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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ell auto} through real in-process workers: the coordinator chooses each round's ell, announces it with
 * RoundStart, and the workers encode with that ell's Theta and upload ceil(d / ell) values (the validator refuses
 * any other length). With a dear upload (a given bandwidth of 50 bytes/s: a full-length upload would take seconds)
 * the first round runs at ell 1 and later ones at a larger ell, and exact mode stays exact across the change: every
 * decoded gradient equals the directly summed gradient to 1e-12, and the trajectory equals a fixed ell-1 run's to
 * 1e-9. Worker 1 is a persistent straggler (a replayed trace).
 */
class AutoEllTest {
    private static final String DATASET = "synthetic:rows=600,test=120,features=8,classes=3,task=softmax";
    private static final int ROUNDS = 8;

    @TempDir
    static Path dir;

    /** Every round: a chunk takes 0.02 s, on worker 1 0.2 s. */
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

    private static TrainingSpec.Builder spec(String ell) throws Exception {
        return TrainingSpec.builder().workers(6).replication(3).ell(ell).protocols(List.of(ProtocolKind.PARTIAL))
                .dataset(DATASET).rounds(ROUNDS).optimizer("sgd:lr=1").stragglers(trace()).seed(5).evalEvery(0)
                .encodeTimeout(5).warmupRounds(0);
    }

    private static List<double[]> trajectory(TrainingSpec spec, List<RoundRecord> records) throws Exception {
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

    @Test
    void ellChangesBetweenRoundsAndEveryRoundStaysExact() throws Exception {
        List<RoundRecord> autoRecords = new ArrayList<>();
        List<double[]> auto = trajectory(spec("auto").uploadBandwidth(50).build(), autoRecords);
        List<double[]> fixed = trajectory(spec("1").build(), new ArrayList<>());
        assertEquals(ROUNDS, autoRecords.size());
        assertEquals(1, autoRecords.get(0).ell(), "round 0 knows nothing yet: ell 1");
        assertTrue(autoRecords.stream().allMatch(r -> r.ell() >= 1 && r.ell() <= 3));
        assertTrue(autoRecords.stream().skip(1).allMatch(r -> r.ell() > 1),
                "a dear upload: every later round at a larger ell, got " + autoRecords.stream()
                        .map(RoundRecord::ell).toList());
        TrainTest data = DatasetSpec.parse(DATASET).load(null, 5);
        ModelSpec model = new TrainingRun(spec("1").build(), data, 1).modelSpec();
        for (int t = 0; t < ROUNDS; t++) {
            double[] before = auto.get(t);
            double[] decoded = new double[before.length];
            for (int x = 0; x < decoded.length; x++) {
                // sgd with lr = 1 steps by the mean gradient: rows times the step is the decoded sum
                decoded[x] = (before[x] - auto.get(t + 1)[x]) * data.train().rows();
            }
            double[] direct = ReferenceGradient.of(model, before, data.train().x(), data.train().y()).gradient();
            double gradientError = ExactTrajectoryTest.relativeError(decoded, direct);
            assertTrue(gradientError <= 1e-12, "round " + t + " at ell " + autoRecords.get(t).ell()
                    + ": decoded vs direct sum " + gradientError);
            double trajectoryError = ExactTrajectoryTest.relativeError(auto.get(t + 1), fixed.get(t + 1));
            assertTrue(trajectoryError <= 1e-9, "round " + t + ": auto vs fixed ell 1 " + trajectoryError);
            // an ell-3 round needs three copies of every chunk: worker 1's chunks wait for worker 1
            if (autoRecords.get(t).ell() == 3) {
                assertTrue(autoRecords.get(t).state()[1] == 3, "ell 3 needs all of worker 1's chunks: "
                        + java.util.Arrays.toString(autoRecords.get(t).state()));
            }
        }
    }
}
