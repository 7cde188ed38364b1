package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.engine.ProtocolKind;
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
    private static final int ROUNDS = 8;

    @TempDir
    static Path dir;

    private static TrainingSpec.Builder spec(String ell) throws Exception {
        return TrainingSpec.builder().workers(SlowWorkerRuns.WORKERS).replication(3).ell(ell)
                .protocols(List.of(ProtocolKind.PARTIAL)).dataset(SlowWorkerRuns.DATASET).rounds(ROUNDS)
                .optimizer("sgd:lr=1").stragglers(SlowWorkerRuns.slowWorker1(dir, ROUNDS)).seed(5).evalEvery(0)
                .encodeTimeout(5).warmupRounds(0);
    }

    @Test
    void ellChangesBetweenRoundsAndEveryRoundStaysExact() throws Exception {
        List<RoundRecord> autoRecords = new ArrayList<>();
        TrainingSpec autoSpec = spec("auto").uploadBandwidth(50).build();
        List<double[]> auto = SlowWorkerRuns.trajectory(autoSpec, autoRecords);
        List<double[]> fixed = SlowWorkerRuns.trajectory(spec("1").build(), new ArrayList<>());
        assertEquals(ROUNDS, autoRecords.size());
        assertEquals(1, autoRecords.get(0).ell(), "round 0 knows nothing yet: ell 1");
        assertTrue(autoRecords.stream().allMatch(r -> r.ell() >= 1 && r.ell() <= 3));
        assertTrue(autoRecords.stream().skip(1).allMatch(r -> r.ell() > 1),
                "a dear upload: every later round at a larger ell, got " + autoRecords.stream()
                        .map(RoundRecord::ell).toList());
        for (int t = 0; t < ROUNDS; t++) {
            double gradientError = SlowWorkerRuns.decodedVsDirect(autoSpec, auto, t);
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
