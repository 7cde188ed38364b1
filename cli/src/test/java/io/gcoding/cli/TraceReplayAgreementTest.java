package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One round engine, two clocks: a recorded trace played through the simulator ({@code simulate --delays trace:})
 * and through a real local cluster ({@code train --stragglers trace:...,scale=X}, worker JVMs on loopback) gives
 * the same ENCODE state in every round. The trace's events are a whole time unit apart and a unit is 0.25 s of wall
 * time, far above the loopback message latency; in trial 1 worker 2 has no rows at all (it never reports).
 */
class TraceReplayAgreementTest {
    /** trial -> worker -> finish times of positions 1..3 (cyclic(4, 3): every worker holds three chunks). */
    private static final double[][][] TRACE = {
        {{2, 5, 8}, {3, 6, 11}, {4, 9, 10}, {7, 12, 13}},
        {{2, 4, 7}, {3, 5, 9}, null, {6, 8, 10}},
        {{8, 12, 14}, {2, 4, 6}, {3, 5, 7}, {9, 10, 11}},
    };

    @ParameterizedTest
    @ValueSource(ints = {1, 2})
    @Timeout(180)
    void simulatorAndLocalClusterEncodeTheSameStates(int ell, @TempDir Path dir) throws Exception {
        Path trace = writeTrace(dir.resolve("trace.csv"));
        Path simJson = dir.resolve("sim.json");
        StringWriter err = new StringWriter();
        int code = OrderCommandTest.run(new StringWriter(), err, "simulate", "--m", "4", "--replication", "3",
                "--ell", Integer.toString(ell), "--delays", "trace:" + trace, "--json", simJson.toString());
        assertEquals(0, code, err.toString());
        JsonNode simStates = Json.MAPPER.readTree(simJson.toFile()).get("exact").get("partial").get("states");

        Path runJson = dir.resolve("run.json");
        code = OrderCommandTest.run(new StringWriter(), err, "train", "--workers", "4", "--replication", "3",
                "--ell", Integer.toString(ell), "--protocol", "partial", "--rounds", "3", "--warmup-rounds", "0",
                "--eval-every", "0", "--dataset", "synthetic:rows=400,test=100,features=8,classes=3,task=softmax",
                "--stragglers", "trace:" + trace + ",scale=0.25", "--json", runJson.toString());
        assertEquals(0, code, err.toString());
        JsonNode rounds = Json.MAPPER.readTree(runJson.toFile()).get("protocols").get("partial").get("rounds");

        assertEquals(TRACE.length, simStates.size());
        assertEquals(TRACE.length, rounds.size());
        for (int k = 0; k < TRACE.length; k++) {
            assertNotNull(simStates.get(k), "the simulator triggers in trial " + k);
            assertEquals(simStates.get(k), rounds.get(k).get("trigger_state"), "round " + k + ", ell " + ell);
            assertEquals(0, rounds.get(k).get("trigger_state").get(2).asInt() * (k == 1 ? 1 : 0),
                    "worker 2 is missing from trial 1");
        }
    }

    private static Path writeTrace(Path file) throws Exception {
        List<String> lines = new ArrayList<>(List.of("# trials: " + TRACE.length, "trial,worker,position,finish_time"));
        for (int k = 0; k < TRACE.length; k++) {
            for (int j = 0; j < TRACE[k].length; j++) {
                if (TRACE[k][j] == null) {
                    continue;
                }
                for (int p = 0; p < TRACE[k][j].length; p++) {
                    lines.add(k + "," + j + "," + (p + 1) + "," + TRACE[k][j][p]);
                }
            }
        }
        return Files.write(file, lines);
    }
}
