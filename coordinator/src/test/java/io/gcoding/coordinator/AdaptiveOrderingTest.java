package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.engine.ProtocolKind;
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
    private static final int ROUNDS = 12;

    @TempDir
    static Path dir;

    private static TrainingSpec spec(String ordering, int ell) throws Exception {
        return TrainingSpec.builder().workers(SlowWorkerRuns.WORKERS).replication(3).ell(ell)
                .protocols(List.of(ProtocolKind.PARTIAL)).ordering(ordering)
                .dataset(SlowWorkerRuns.DATASET).rounds(ROUNDS).optimizer("sgd:lr=1")
                .stragglers(SlowWorkerRuns.slowWorker1(dir, ROUNDS)).seed(5).evalEvery(0).encodeTimeout(5)
                .warmupRounds(0).build();
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    void reorderedRoundsStayExact(int ell) throws Exception {
        List<RoundRecord> adaptiveRecords = new ArrayList<>();
        TrainingSpec adaptiveSpec = spec("adaptive", ell);
        List<double[]> adaptive = SlowWorkerRuns.trajectory(adaptiveSpec, adaptiveRecords);
        List<double[]> fixed = SlowWorkerRuns.trajectory(spec("optimal", ell), new ArrayList<>());
        assertEquals(0, adaptiveRecords.get(0).orderVersion(), "round 0 runs on the Config's orders");
        assertTrue(adaptiveRecords.stream().anyMatch(r -> r.orderVersion() > 0),
                "the slow worker made the coordinator announce new orders");
        for (int t = 0; t < ROUNDS; t++) {
            double gradientError = SlowWorkerRuns.decodedVsDirect(adaptiveSpec, adaptive, t);
            assertTrue(gradientError <= 1e-12, "round " + t + ": decoded vs direct sum " + gradientError
                    + " (orders v" + adaptiveRecords.get(t).orderVersion() + ")");
            double trajectoryError = ExactTrajectoryTest.relativeError(adaptive.get(t + 1), fixed.get(t + 1));
            assertTrue(trajectoryError <= 1e-9, "round " + t + ": adaptive vs static " + trajectoryError);
        }
    }
}
