package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coordinator.TrainingSpec;
import java.io.StringWriter;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TrainingCommandsTest {

    @Test
    void everyCommandHasHelp() {
        for (String command : List.of("demo", "train", "coordinator", "worker")) {
            StringWriter out = new StringWriter();
            assertEquals(0, OrderCommandTest.run(out, new StringWriter(), command, "--help"), command);
            assertTrue(out.toString().contains("Usage: gcoding " + command), out.toString());
        }
    }

    @Test
    void demoDefaultsApplyOnlyWhereNoOptionIsGiven() {
        TrainingOptions options = new TrainingOptions();
        new CommandLine(new Object() {
            @CommandLine.Mixin
            TrainingOptions o = options;
        }).parseArgs("--rounds", "7", "--protocol", "all");
        TrainingSpec spec = options.toSpec(DemoCommand.DEFAULTS);
        assertEquals(7, spec.rounds());
        assertEquals(io.gcoding.coding.engine.ProtocolKind.trainable(), spec.protocols());
        assertEquals(2, spec.replication(), "the demo's replication");
        assertEquals("slow=2:10,5:10;fail=7@5", spec.stragglers());
        TrainingSpec train = options.toSpec(Map.of());
        assertEquals(3, train.replication(), "train's own default");
        assertEquals("", train.stragglers());
    }

    @Test
    void configurationMistakesAreOneLineAndExitCode2() {
        StringWriter err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "train", "--workers", "4", "--replication",
                "5"));
        assertTrue(err.toString().contains("--replication must be in 1..4"), err.toString());
        err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "train", "--protocol", "fastest"));
        assertTrue(err.toString().contains("unknown protocol 'fastest'"), err.toString());
        err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "worker", "--coordinator", "nohost", "--id",
                "0", "--token", "x"));
        assertTrue(err.toString().contains("HOST:PORT"), err.toString());
    }
}
