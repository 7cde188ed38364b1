package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A run stopped in the middle and resumed from its newest checkpoint by a fresh coordinator and fresh workers ends
 * on the model of an uninterrupted run, to 1e-9 relative, with the same evaluation history and the same absolute
 * round numbers. Mini-batches (drawn per absolute round), Adam (m, v and t) and a warm-up session (which takes round
 * numbers before the first protocol) make every part of the saved state matter.
 */
class ResumeTrajectoryTest {
    private static final String DATASET = "synthetic:rows=800,test=160,features=6,classes=3,task=softmax";
    private static final int ROUNDS = 6;

    private static TrainingSpec spec() {
        return TrainingSpec.builder().workers(4).replication(2).dataset(DATASET).rounds(ROUNDS).batch(40)
                .protocols(List.of(ProtocolKind.PARTIAL, ProtocolKind.ORIGINAL)).optimizer("adam:lr=0.05")
                .stragglers("slow=1:2").seed(7).evalEvery(2).warmupRounds(2).encodeTimeout(5).build();
    }

    /** What a dying coordinator leaves behind: the exception ends the run right after this step. */
    private static final class Crash extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Crash() {
            super("simulated coordinator crash");
        }
    }

    private static List<SessionResult> run(TrainingSpec spec, TrainTest data, TrainingRun.Checkpointing cp,
            String crashProtocol, int crashAfter, List<Long> rounds) throws Exception {
        return run(spec, data, cp, crashProtocol, crashAfter, rounds, new ArrayList<>());
    }

    private static List<SessionResult> run(TrainingSpec spec, TrainTest data, TrainingRun.Checkpointing cp,
            String crashProtocol, int crashAfter, List<Long> rounds, List<String> sessions) throws Exception {
        TrainingRun run = new TrainingRun(spec, data, 30, cp);
        try (InProcessCluster cluster = new InProcessCluster(spec.workers(), run.modelSpec().parameterCount())) {
            return run.run(cluster.coordinator, new TrainingRun.Listener() {
                @Override
                public void sessionStarting(String protocol, int roundCount) {
                    sessions.add(protocol + ":" + roundCount);
                }

                @Override
                public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
                    rounds.add(record.round());
                    if (protocol.equals(crashProtocol) && roundsDone == crashAfter) {
                        throw new Crash();
                    }
                }
            });
        }
    }

    @ParameterizedTest(name = "stopped after {0} round {1}, checkpoints every {2}")
    @CsvSource({"partial, 3, 2", "original, 5, 2", "original, 1, 4"})
    @Timeout(120)
    void resumedRunEndsOnTheUninterruptedModel(String crashProtocol, int crashAfter, int every, @TempDir Path dir)
            throws Exception {
        TrainingSpec spec = spec();
        TrainTest data = DatasetSpec.parse(DATASET).load(null, spec.seed());
        List<Long> straightRounds = new ArrayList<>();
        List<SessionResult> straight = run(spec, data, new TrainingRun.Checkpointing(
                new CheckpointStore(dir.resolve("straight")), every, null), "", -1, straightRounds);

        CheckpointStore store = new CheckpointStore(dir.resolve("stopped"));
        List<Long> firstRounds = new ArrayList<>();
        ExecutionException e = assertThrows(ExecutionException.class, () -> run(spec, data,
                new TrainingRun.Checkpointing(store, every, null), crashProtocol, crashAfter, firstRounds));
        assertTrue(e.getCause() instanceof Crash, e.toString());

        Checkpoint from = store.loadForResume().checkpoint();
        List<Long> resumedRounds = new ArrayList<>();
        List<String> resumedSessions = new ArrayList<>();
        List<SessionResult> resumed = run(spec, data, new TrainingRun.Checkpointing(store, every, from), "", -1,
                resumedRounds, resumedSessions);

        assertEquals(2, resumed.size());
        for (int p = 0; p < 2; p++) {
            SessionResult a = straight.get(p);
            SessionResult b = resumed.get(p);
            assertEquals(a.protocol(), b.protocol());
            assertEquals(ROUNDS, b.roundsDone(), b.protocol());
            double rel = ExactTrajectoryTest.relativeError(b.finalParameters(), a.finalParameters());
            assertTrue(rel <= 1e-9, b.protocol() + ": resumed vs uninterrupted relative difference " + rel);
            assertEquals(a.finalTrainLoss(), b.finalTrainLoss(), 1e-9 * Math.abs(a.finalTrainLoss()));
            assertEquals(a.evaluations().size(), b.evaluations().size(), b.protocol() + " evaluations");
            for (int k = 0; k < a.evaluations().size(); k++) {
                assertEquals(a.evaluations().get(k).rounds(), b.evaluations().get(k).rounds());
                assertEquals(a.evaluations().get(k).testLoss(), b.evaluations().get(k).testLoss(),
                        1e-9 * a.evaluations().get(k).testLoss());
            }
            // the same absolute round numbers: those before the stop from the checkpoint, the rest run again
            assertEquals(a.roundSummaries().stream().map(RoundSummary::round).toList(),
                    b.roundSummaries().stream().map(RoundSummary::round).toList(), b.protocol() + " round numbers");
        }
        // the resumed process ran its (unrecorded) warm-up first (on the round numbers just below the checkpoint's
        // when it continues a session, in the uninterrupted run's rounds when the next session begins), then only the
        // recorded rounds after the checkpoint
        assertEquals("warm-up:2", resumedSessions.get(0), resumedSessions.toString());
        long resumeRound = from.nextRound();
        assertEquals(straightRounds.stream().filter(r -> r >= resumeRound).toList(), resumedRounds);
        assertTrue(resumedRounds.size() < straightRounds.size());
    }
}
