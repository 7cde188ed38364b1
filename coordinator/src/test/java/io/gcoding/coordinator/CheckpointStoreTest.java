package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.gcoding.training.OptimizerSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint file and directory: exact round trip, atomic write, keep two, corrupt newest -> previous. */
class CheckpointStoreTest {
    private static final String DATASET = "synthetic:rows=300,test=60,features=5,classes=3,task=softmax";

    private static TrainingSpec.Builder spec() {
        return TrainingSpec.builder().workers(4).replication(2).dataset(DATASET).rounds(6)
                .protocols(List.of(ProtocolKind.PARTIAL, ProtocolKind.ORIGINAL)).optimizer("adam:lr=0.05").seed(3);
    }

    private static ConfigFingerprint fingerprint(TrainingSpec spec) throws IOException {
        TrainTest data = DatasetSpec.parse(spec.dataset()).load(null, spec.seed());
        return TrainingRun.fingerprint(spec, data);
    }

    /** Awkward doubles on purpose: -0.0, subnormals, extremes, values with no short decimal form. */
    private static double[] awkward(int n, double salt) {
        double[] v = new double[n];
        double[] special = {-0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL / 3, 0.1 + 0.2, Math.PI};
        for (int i = 0; i < n; i++) {
            v[i] = i < special.length ? special[i] : Math.sin(i * salt) / (i + 1) * 1e-3;
        }
        return v;
    }

    private static Checkpoint checkpoint(ConfigFingerprint fp, long nextRound) {
        List<RoundSummary> rounds = List.of(new RoundSummary(3, 0.25, 1.5, 7.25, 3.0),
                new RoundSummary(4, 0.125, Double.NaN, 2.0, Double.POSITIVE_INFINITY));
        List<SessionResult.EvaluationPoint> evals = List.of(new SessionResult.EvaluationPoint(2, 0.7, 0.81, 0.375));
        SessionResult finished = new SessionResult("partial", List.of(), evals, 1.5, Double.NaN, awkward(20, 0.3),
                rounds);
        Map<String, double[]> moments = new LinkedHashMap<>();
        moments.put("m", awkward(20, 0.7));
        moments.put("v", awkward(20, 1.1));
        SessionProgress current = new SessionProgress("original", 9, 2, 0.5, awkward(20, 1.3),
                new OptimizerSnapshot("adam(lr=0.05, ...)", 2, moments), evals, rounds);
        return new Checkpoint(fp, nextRound, List.of(finished), current);
    }

    @Test
    void roundTripIsExactBitForBit(@TempDir Path dir) throws Exception {
        ConfigFingerprint fp = fingerprint(spec().build());
        Checkpoint c = checkpoint(fp, 11);
        CheckpointStore store = new CheckpointStore(dir);
        CheckpointStore.Written w = store.write(c);
        assertEquals(Files.size(w.path()), w.bytes());
        Checkpoint back = store.loadNewest().checkpoint();
        assertEquals(fp.settings(), back.fingerprint().settings());
        assertEquals(fp.hash(), back.fingerprint().hash());
        assertEquals(11, back.nextRound());
        SessionResult f = back.finished().get(0);
        assertEquals("partial", f.protocol());
        assertArrayEquals(c.finished().get(0).finalParameters(), f.finalParameters(), 0.0);
        assertEquals(Double.doubleToRawLongBits(-0.0), Double.doubleToRawLongBits(f.finalParameters()[0]));
        assertTrue(Double.isNaN(f.finalTrainLoss()));
        assertEquals(c.finished().get(0).roundSummaries(), f.roundSummaries());
        assertEquals(c.finished().get(0).evaluations(), f.evaluations());
        SessionProgress p = back.current();
        assertEquals(9, p.firstRound());
        assertEquals(2, p.roundsDone());
        assertArrayEquals(c.current().parameters(), p.parameters(), 0.0);
        assertEquals(List.of("m", "v"), p.optimizer().names());
        assertArrayEquals(c.current().optimizer().vector("v"), p.optimizer().vector("v"), 0.0);
        assertEquals(2, p.optimizer().steps());
        assertEquals(c.current().rounds(), p.rounds());
    }

    @Test
    void keepsTheNewestTwoAndLeavesNoTemporaryFile(@TempDir Path dir) throws Exception {
        ConfigFingerprint fp = fingerprint(spec().build());
        CheckpointStore store = new CheckpointStore(dir);
        for (int k = 1; k <= 5; k++) {
            store.write(checkpoint(fp, 10 * k));
        }
        List<Path> files = store.files();
        assertEquals(2, files.size(), files.toString());
        assertTrue(files.get(1).getFileName().toString().endsWith("05.gck"), files.toString());
        try (Stream<Path> all = Files.list(dir)) {
            assertEquals(2, all.count(), "only the two checkpoints, no temporary file");
        }
        assertEquals(50, store.loadNewest().checkpoint().nextRound());
        // a new store on the same directory (a resumed process) continues the numbering
        new CheckpointStore(dir).write(checkpoint(fp, 60));
        assertEquals(60, new CheckpointStore(dir).loadNewest().checkpoint().nextRound());
    }

    @Test
    void aCrashBeforeTheRenameLeavesThePreviousCheckpoint(@TempDir Path dir) throws Exception {
        ConfigFingerprint fp = fingerprint(spec().build());
        CheckpointStore store = new CheckpointStore(dir);
        store.write(checkpoint(fp, 10));
        // what a crash in the middle of the next write leaves: a partial temporary file, never renamed
        byte[] partial = CheckpointCodec.encode(checkpoint(fp, 20));
        Files.write(dir.resolve(".checkpoint-2.tmp"), java.util.Arrays.copyOf(partial, partial.length / 2));
        assertEquals(10, new CheckpointStore(dir).loadNewest().checkpoint().nextRound());
        new CheckpointStore(dir).write(checkpoint(fp, 30));
        assertFalse(Files.exists(dir.resolve(".checkpoint-2.tmp")), "the next write removes the leftover");
        assertEquals(30, new CheckpointStore(dir).loadNewest().checkpoint().nextRound());
    }

    @Test
    void truncatedOrCorruptNewestFallsBackToThePrevious(@TempDir Path dir) throws Exception {
        ConfigFingerprint fp = fingerprint(spec().build());
        CheckpointStore store = new CheckpointStore(dir);
        store.write(checkpoint(fp, 10));
        store.write(checkpoint(fp, 20));
        store.write(checkpoint(fp, 30));
        List<Path> files = store.files(); // rounds 20 and 30
        Path newest = files.get(1);
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length - 100)); // truncated
        CheckpointStore.Loaded loaded = new CheckpointStore(dir).loadNewest();
        assertEquals(20, loaded.checkpoint().nextRound());
        assertEquals(files.get(0), loaded.path());
        assertEquals(1, loaded.skipped().size());
        assertTrue(loaded.skipped().get(0).contains("truncated"), loaded.skipped().toString());
        assertTrue(Files.exists(newest.resolveSibling(newest.getFileName() + ".corrupt")), "kept aside");

        // one flipped bit in the middle of the (now newest) file: the CRC32C catches it
        Path previous = files.get(0);
        byte[] b = Files.readAllBytes(previous);
        b[b.length / 2] ^= 0x10;
        Files.write(previous, b);
        CheckpointStore.Loaded none = new CheckpointStore(dir).loadNewest();
        assertNull(none.checkpoint());
        assertTrue(none.skipped().get(0).contains("CRC32C mismatch"), none.skipped().toString());
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new CheckpointStore(dir).loadForResume());
        assertTrue(e.getMessage().startsWith("--resume: no valid checkpoint in "), e.getMessage());
        // the corrupt files are out of the way: the next write is the only checkpoint and is read back
        new CheckpointStore(dir).write(checkpoint(fp, 40));
        assertEquals(40, new CheckpointStore(dir).loadForResume().checkpoint().nextRound());
    }

    @Test
    void noCheckpointIsOneClearLine(@TempDir Path dir) {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> new CheckpointStore(dir.resolve("missing")).loadForResume());
        assertTrue(e.getMessage().startsWith("--resume: no checkpoint in "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void aDifferentConfigurationIsRefusedNamingTheSetting(@TempDir Path dir) throws Exception {
        TrainingSpec saved = spec().build();
        Checkpoint c = checkpoint(fingerprint(saved), 11);
        TrainTest data = DatasetSpec.parse(DATASET).load(null, 3);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> new TrainingRun(
                spec().rounds(7).build(), data, 1, new TrainingRun.Checkpointing(new CheckpointStore(dir), 2, c)));
        assertEquals("--resume: the checkpoint was written with other settings: --rounds is 7 here but 6 in the"
                + " checkpoint", e.getMessage());
        e = assertThrows(ConfigurationException.class, () -> new TrainingRun(spec().optimizer("adam:lr=0.02").build(),
                data, 1, new TrainingRun.Checkpointing(new CheckpointStore(dir), 2, c)));
        assertTrue(e.getMessage().contains("--optimizer is adam:lr=0.02,"), e.getMessage());
        // the same settings written differently, and settings that do not change an exact trajectory: accepted
        new TrainingRun(spec().optimizer("adam:lr=0.05,beta1=0.9").evalEvery(1).stragglers("slow=1:3")
                .encodeTimeout(3).roundTimeout(9).build(), data, 1,
                new TrainingRun.Checkpointing(new CheckpointStore(dir), 2, c));
        // in approximate mode the stragglers decide the state vectors, so they are part of the configuration
        ConfigFingerprint a = fingerprint(spec().mode(TrainingSpec.Mode.APPROX).stragglers("slow=1:3").build());
        ConfigFingerprint b = fingerprint(spec().mode(TrainingSpec.Mode.APPROX).build());
        assertEquals("--stragglers is '' here but slow=1:3 in the checkpoint", b.mismatch(a));
    }
}
