package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coordinator.TrainingSpec;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class ConfigFileTest {
    @TempDir
    Path dir;

    private Path file(String name, String yaml) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, yaml);
        return f;
    }

    /** Parses (does not run) a command line, as the real command would be parsed. */
    private static CommandLine parsed(String... args) {
        CommandLine root = GcodingCommand.newCommandLine();
        CommandLine.ParseResult result = root.parseArgs(args);
        return result.subcommand().commandSpec().commandLine();
    }

    private static TrainingOptions options(CommandLine cmd) {
        Object command = cmd.getCommand();
        if (command instanceof TrainCommand t) {
            return t.options;
        }
        if (command instanceof DemoCommand d) {
            return d.options;
        }
        return ((CoordinatorCommand) command).options;
    }

    @Test
    void theExampleValidatesAndSetsTheCoordinatorsOptions() throws IOException {
        Path example = file("cluster.yaml", ConfigCommand.example());
        CommandLine cmd = parsed("coordinator", "--config", example.toString());
        CoordinatorCommand c = cmd.getCommand();
        assertEquals("0.0.0.0:7070", c.listen);
        assertNull(c.token, "an empty key keeps the default (the environment variable)");
        assertEquals(9464, c.metricsPort);
        TrainingSpec spec = c.options.toSpec(Map.of());
        assertEquals(8, spec.workers());
        assertEquals(3, spec.replication());
        assertEquals(List.of(ProtocolKind.PARTIAL, ProtocolKind.ORIGINAL), spec.protocols());
        assertEquals("mlp", spec.model());
        assertArrayEquals(new int[] {256, 128}, spec.hidden());
        assertEquals(200, spec.rounds());
        assertEquals(300.0, spec.joinTimeout());
        assertEquals(LiveView.Mode.AUTO, c.options.view);
        assertEquals(Path.of("report"), c.options.report);
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), c.options.dataDir);
        assertEquals(10, c.options.checkpoints().every());
    }

    @Test
    void theWorkersReadTheSameFileAndNoteTheKeysThatAreNotTheirs() throws IOException {
        Path example = file("cluster.yaml", ConfigCommand.example());
        StringWriter err = new StringWriter();
        CommandLine root = GcodingCommand.newCommandLine();
        root.setErr(new java.io.PrintWriter(err));
        WorkerCommand w = root.parseArgs("worker", "--config", example.toString(), "--id", "3").subcommand()
                .commandSpec().commandLine().getCommand();
        assertEquals("head-node:7070", w.coordinator);
        assertEquals(3, w.idOption);
        assertEquals(60.0, w.reconnectTimeout);
        assertEquals(Path.of("/usr/share/datasets/fashion-mnist"), w.dataDir, "training.data-dir serves both");
        assertNull(w.token);
        String note = err.toString().strip();
        assertEquals(1, note.lines().count(), note);
        assertTrue(note.startsWith("note: " + example + ": "), note);
        assertTrue(note.contains("not read by 'gcoding worker': cluster.workers, cluster.listen,"), note);
        // a file's value beats the option's own default value; the command line beats the file
        Path f = file("w.yaml", "worker:\n  workers-on-machine: 4\n  id: 2\n  coordinator: h:1\n");
        WorkerCommand fromFile = parsed("worker", "--config", f.toString()).getCommand();
        assertEquals(4, fromFile.workersOnMachine);
        assertEquals(2, fromFile.idOption, "the id can come from the file");
        assertEquals(5, ((WorkerCommand) parsed("worker", "--config", f.toString(), "--id", "5").getCommand()).idOption);
        // without the file the required options are still required
        StringWriter missing = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), missing, "worker", "--id", "1"));
        assertTrue(missing.toString().contains("Missing required option: '--coordinator=<coordinator>'"),
                missing.toString());
    }

    @Test
    void theCommandLineOverridesTheFileAndTheFileTheCommandsDefaults() throws IOException {
        Path f = file("run.yaml", "training:\n  rounds: 5\ncluster:\n  workers: 9\ncoding:\n  protocol: uncoded\n");
        TrainingSpec train = options(parsed("train", "--config", f.toString(), "--rounds", "7")).toSpec(Map.of());
        assertEquals(7, train.rounds());
        assertEquals(9, train.workers());
        // demo has defaults of its own (partial,original,uncoded; 40 rounds): the file overrides them
        TrainingSpec demo = options(parsed("demo", "--config", f.toString())).toSpec(DemoCommand.DEFAULTS);
        assertEquals(List.of(ProtocolKind.UNCODED), demo.protocols());
        assertEquals(5, demo.rounds());
        assertEquals(2, demo.replication(), "what the file leaves out keeps the demo's default");
        // without --config nothing leaks from an earlier parse
        assertEquals(100, options(parsed("train")).toSpec(Map.of()).rounds());
    }

    @Test
    void aBadFileIsOneLineWithTheKeyPathAndExitCode2() throws IOException {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("coding:\n  replication: three\n", "coding.replication: expected an integer, got \"three\"");
        cases.put("coding:\n  replicaton: 3\n", "coding.replicaton: unknown key (keys of coding: protocol,"
                + " replication, ell, assignment, ordering, theta, mode, deadline, error-bound, ignore-k, upload-bandwidth)");
        cases.put("codng:\n  replication: 3\n", "codng: unknown section (sections: cluster, coding, training,"
                + " output, worker)");
        cases.put("coding:\n  deadline: soon\n", "coding.deadline: expected a number, got \"soon\"");
        cases.put("output:\n  view: loud\n", "output.view: expected one of auto, live, lines, off, got \"loud\"");
        cases.put("output:\n  resume: yes please\n", "output.resume: expected true or false, got \"yes please\"");
        cases.put("training:\n  hidden: [64, wide]\n", "training.hidden: expected an integer or a list of"
                + " integers, got a list");
        cases.put("training:\n  model: [mlp]\n", "training.model: expected a single value, got a list");
        cases.put("coding: 3\n", "coding: expected keys (protocol, replication, ell, assignment, ordering, theta,"
                + " mode, deadline, error-bound, ignore-k, upload-bandwidth), got 3");
        cases.put("- rounds\n", "expected sections (cluster, coding, training, output, worker), got a list");
        cases.put("training:\n  rounds: 3\n  rounds: 4\n", "line 3, column 9: Duplicate field 'rounds'");
        int i = 0;
        for (Map.Entry<String, String> c : cases.entrySet()) {
            Path f = file("bad" + i++ + ".yaml", c.getKey());
            StringWriter err = new StringWriter();
            int code = OrderCommandTest.run(new StringWriter(), err, "train", "--config", f.toString());
            assertEquals(2, code, c.getKey());
            String line = err.toString().strip();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith("error: " + f + ": " + c.getValue()), c.getKey() + " -> " + line);
        }
        StringWriter err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "train", "--config",
                dir.resolve("absent.yaml").toString()));
        assertTrue(err.toString().startsWith("error: " + dir.resolve("absent.yaml") + ": no such file"),
                err.toString());
    }

    @Test
    void everyOptionOfTheCommandsWithConfigFilesIsInExactlyOneSection() {
        Set<String> used = new HashSet<>();
        for (String command : List.of("train", "demo", "coordinator", "worker")) {
            for (OptionSpec o : GcodingCommand.newCommandLine().getSubcommands().get(command).getCommandSpec()
                    .options()) {
                String key = o.longestName().substring(2);
                if (ConfigFile.NOT_IN_FILES.contains(key)) {
                    continue;
                }
                long sections = ConfigFile.SECTIONS.values().stream().filter(keys -> keys.contains(key)).count();
                assertEquals(1, sections, command + " --" + key + " in " + sections + " sections");
                used.add(key);
            }
        }
        Set<String> listed = new HashSet<>();
        ConfigFile.SECTIONS.values().forEach(listed::addAll);
        assertEquals(listed, used, "every key of a section is an option of one of the commands");
    }
}
