package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coordinator.Checkpoint;
import io.gcoding.coordinator.CheckpointStore;
import io.gcoding.coordinator.TrainingRun;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.DatasetSpec;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checkpoint options' mistakes are one line and exit code 2, and are found before any process starts. */
class CheckpointCommandsTest {
    private static final String DATASET = "synthetic:rows=400,test=50,features=5,classes=3,task=softmax";

    private static String[] train(Path dir, String rounds, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--workers", "3", "--replication", "2",
                "--dataset", DATASET, "--rounds", rounds, "--protocol", "partial,original", "--checkpoint-dir",
                dir.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void resumeWithoutACheckpointIsOneLine(@TempDir Path dir) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(out, err, train(dir.resolve("none"), "4", "--resume")));
        assertTrue(err.toString().startsWith("error: --resume: no checkpoint in "), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), err.toString());
        assertFalse(out.toString().contains("coordinator on"), "no worker started: " + out);

        err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "train", "--resume"));
        assertTrue(err.toString().contains("--resume needs --checkpoint-dir DIR"), err.toString());
        err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, train(dir, "4", "--checkpoint-every", "-1")));
        assertTrue(err.toString().contains("--checkpoint-every must be >= 0"), err.toString());
    }

    @Test
    void aCheckpointOfOtherSettingsIsRefusedBeforeAnyWorkerStarts(@TempDir Path dir) throws Exception {
        TrainingSpec saved = TrainingSpec.builder().workers(3).replication(2).dataset(DATASET).rounds(4)
                .protocols(List.of(ProtocolKind.PARTIAL, ProtocolKind.ORIGINAL)).build();
        new CheckpointStore(dir).write(new Checkpoint(TrainingRun.fingerprint(saved,
                DatasetSpec.parse(DATASET).load(null, saved.seed())), 3, List.of(), null));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(out, err, train(dir, "5", "--resume")));
        assertEquals("error: --resume: the checkpoint was written with other settings: --rounds is 5 here but 4 in"
                + " the checkpoint", err.toString().strip());
        assertFalse(out.toString().contains("coordinator on"), "no worker started: " + out);

        // without --resume, a directory that holds checkpoints is not silently overwritten
        err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, train(dir, "4")));
        assertTrue(err.toString().contains("already holds checkpoints: pass --resume"), err.toString());
    }
}
