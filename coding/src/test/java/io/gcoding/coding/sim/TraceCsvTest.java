package io.gcoding.coding.sim;

import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.OrderingSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceCsvTest {
    private static final int[] TWO_EACH = {2, 2, 2};

    @TempDir
    Path dir;

    @Test
    void writtenTraceReadsBackToIdenticalTrialsAndResults() throws IOException {
        List<Scenario> scenarios = List.of(Scenario.build(new AssignmentSpec("cyclic", 8, 3, 1),
                new OrderingSpec("optimal", 1), List.of(1, 2)));
        int[] positions = Simulator.positionsNeeded(scenarios);
        // p_fail = 0.5 with 60 trials: failed workers and (with 8 workers) likely an all-failed trial or two
        SampledTrials sampled = new SampledTrials(DelayModels.parse("stragglers:p_fail=0.5,p_slow=0.3"), positions, 5, 60);
        Path file = dir.resolve("trace.csv");
        TraceCsv.write(file, sampled);
        RecordedTrials read = TraceCsv.read(file, positions);
        assertEquals(sampled.count(), read.count());
        int failed = 0;
        for (int t = 0; t < sampled.count(); t++) {
            assertEquals(sampled.trial(t), read.trial(t), "trial " + t);
            for (int j = 0; j < 8; j++) {
                failed += read.trial(t).finishedCount(j, 3) < 3 ? 1 : 0;
            }
        }
        assertTrue(failed > 0, "the round trip must cover failed workers");
        SimulationSettings settings = new SimulationSettings(List.of(1, 2), "chebyshev", 0.1, 0,
                new double[] {2, 5}, true, true, 0, 2);
        SimulationResult a = Simulator.run(scenarios, sampled, settings, done -> { });
        SimulationResult b = Simulator.run(scenarios, read, settings, done -> { });
        for (int e = 0; e < 2; e++) {
            for (ProtocolKind p : ProtocolKind.values()) {
                assertArrayEquals(a.scenarios().get(0).ells().get(e).completion().get(p),
                        b.scenarios().get(0).ells().get(e).completion().get(p));
            }
        }
    }

    @Test
    void trailingAllFailedTrialsSurviveThroughTheDeclaration() throws IOException {
        double never = Double.POSITIVE_INFINITY;
        Trial some = Trial.of(new double[][] {{1, 2}, {1, never}, {never, never}});
        Trial none = Trial.of(new double[][] {{never, never}, {never, never}, {never, never}});
        Path file = dir.resolve("t.csv");
        TraceCsv.write(file, new RecordedTrials(List.of(some, none, none), "test"));
        RecordedTrials read = TraceCsv.read(file, TWO_EACH);
        assertEquals(3, read.count());
        assertEquals(some, read.trial(0));
        assertEquals(none, read.trial(2));
    }

    @Test
    void missingRowsMeanNeverAndRowOrderDoesNotMatter() throws IOException {
        RecordedTrials read = TraceCsv.read(write("1,2,1,0.5\n0,0,2,2.0\n0,0,1,1.0\n"), TWO_EACH);
        assertEquals(2, read.count());
        assertEquals(2.0, read.trial(0).finish(0, 2));
        assertEquals(Double.POSITIVE_INFINITY, read.trial(0).finish(1, 1));
        assertEquals(0.5, read.trial(1).finish(2, 1));
        assertEquals(Double.POSITIVE_INFINITY, read.trial(1).finish(2, 2));
    }

    @Test
    void malformedFilesNameTheLineAndTheFix() throws IOException {
        assertError("0,0,1\n", "line 2", "expected 4 columns");
        assertError("0,0,1,abc\n", "line 2", "not a number");
        assertError("0,x,1,1.0\n", "line 2", "worker 'x' is not an integer");
        assertError("0,3,1,1.0\n", "line 2", "worker 3 is outside 0..2");
        assertError("0,0,0,1.0\n", "line 2", "positions are 1-based");
        assertError("0,0,3,1.0\n", "line 2", "outside 1..2");
        assertError("0,0,1,-1\n", "line 2", "must be a finite number >= 0");
        assertError("-1,0,1,1\n", "line 2", "trials are numbered from 0");
        assertError("0,0,1,1.0\n0,0,1,1.5\n", "line 3", "appears twice (first on line 2)");
        assertError("0,0,2,1.0\n", "line 2", "no row for position 1");
        assertError("0,0,1,2.0\n0,0,2,1.0\n", "line 3", "before position 1 at 2.0 (line 2)");
        assertError("# gcoding trace: trials=1 workers=4\n", "line 2", "recorded for 4 workers");
        ConfigurationException empty = assertThrows(ConfigurationException.class,
                () -> TraceCsv.read(write(""), TWO_EACH));
        assertTrue(empty.getMessage().contains("no trials"), empty.getMessage());
    }

    private Path write(String rows) throws IOException {
        Path file = Files.createTempFile(dir, "trace", ".csv");
        Files.writeString(file, TraceCsv.HEADER + "\n" + rows);
        return file;
    }

    private void assertError(String rows, String line, String text) throws IOException {
        Path file = write(rows);
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> TraceCsv.read(file, TWO_EACH));
        assertTrue(e.getMessage().contains(file + " " + line + ":"), e.getMessage());
        assertTrue(e.getMessage().contains(text), e.getMessage());
    }
}
