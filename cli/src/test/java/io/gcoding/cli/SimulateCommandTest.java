package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulateCommandTest {
    private static final String[] SMALL = {"simulate", "--m", "8", "--replication", "3", "--trials", "50",
        "--mode", "both", "--deadline", "2,4", "--threads", "2"};

    @TempDir
    Path dir;

    private static int run(StringWriter out, StringWriter err, String[] base, String... more) {
        String[] args = Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, args, base.length, more.length);
        return OrderCommandTest.run(out, err, args);
    }

    @Test
    void jsonHasTheDocumentedShape() throws Exception {
        Path json = dir.resolve("sim.json");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, SMALL, "--ell", "1,2", "--json", json.toString()), err.toString());
        JsonNode doc = Json.MAPPER.readTree(json.toFile());
        assertEquals(8, doc.get("config").get("m").asInt());
        assertEquals(50, doc.get("config").get("trials").asInt());
        assertEquals(1, doc.get("scenarios").size());
        JsonNode results = doc.get("scenarios").get(0).get("results");
        assertEquals(results, doc.get("results"), "one scenario: its results also at the top level");
        for (String ell : new String[] {"1", "2"}) {
            JsonNode r = results.get(ell);
            assertEquals(Integer.parseInt(ell), r.get("ell").asInt());
            assertEquals(3 - Integer.parseInt(ell), r.get("s").asInt());
            assertEquals(8, r.get("orders").size());
            for (JsonNode order : r.get("orders")) {
                assertEquals(3, order.size(), "replication 3 on N = m: three chunks per worker");
            }
            for (String p : new String[] {"partial", "original", "complete-cover", "uncoded", "ignore-stragglers",
                "oracle"}) {
                JsonNode e = r.get("exact").get(p);
                assertEquals(50, e.get("per_trial").size(), p);
                double sum = 0;
                int done = 0;
                for (JsonNode t : e.get("per_trial")) {
                    assertTrue(t.isNull() || t.isNumber(), p + ": " + t);
                    if (t.isNumber()) {
                        sum += t.asDouble();
                        done++;
                    }
                }
                assertEquals(done, e.get("completed").asInt(), p);
                assertEquals(50 - done, e.get("never").asInt(), p);
                if (done > 0) {
                    assertEquals(sum / done, e.get("mean").asDouble(), 1e-9, p);
                }
            }
            assertEquals(r.get("exact").get("oracle").get("per_trial"), r.get("exact").get("partial").get("per_trial"),
                    "zero latency: partial completes at the oracle time");
            assertTrue(r.get("speedup_vs_original").isNumber());
            assertTrue(r.get("speedup_vs_uncoded").isNumber());
            JsonNode approx = r.get("approx");
            assertEquals(2, approx.get("deadlines").size());
            for (String p : new String[] {"partial", "original", "ignore-stragglers"}) {
                assertEquals(2, approx.get(p).size(), p);
                for (JsonNode v : approx.get(p)) {
                    assertTrue(v.asDouble() >= 0 && v.asDouble() <= 1, p + ": " + v);
                }
            }
            assertTrue(r.get("encoder_check").get("states").asInt() > 0);
        }
        assertTrue(out.toString().contains("== summary =="), out.toString());
    }

    @Test
    void singleEllPutsItsFieldsAtTheTopLevel() throws Exception {
        Path json = dir.resolve("one.json");
        assertEquals(0, run(new StringWriter(), new StringWriter(), SMALL, "--ell", "2", "--json", json.toString()));
        JsonNode doc = Json.MAPPER.readTree(json.toFile());
        assertEquals(50, doc.get("exact").get("partial").get("per_trial").size());
        assertTrue(doc.get("exact").get("original").get("mean").isNumber());
        assertTrue(doc.get("speedup_vs_original").isNumber());
        assertEquals(8, doc.get("orders").size());
        assertEquals(2, doc.get("approx").get("partial").size());
        assertEquals(doc.get("results").get("2").get("exact"), doc.get("exact"));
    }

    @Test
    void traceWrittenAndReplayedGivesIdenticalResults() throws Exception {
        Path trace = dir.resolve("trace.csv");
        Path first = dir.resolve("first.json");
        Path second = dir.resolve("second.json");
        assertEquals(0, run(new StringWriter(), new StringWriter(), SMALL, "--delays",
                "stragglers:p_fail=0.3", "--json", first.toString(), "--trace-out", trace.toString()));
        StringWriter err = new StringWriter();
        assertEquals(0, run(new StringWriter(), err, SMALL, "--trace-in", trace.toString(), "--json",
                second.toString()), err.toString());
        JsonNode a = Json.MAPPER.readTree(first.toFile());
        JsonNode b = Json.MAPPER.readTree(second.toFile());
        assertEquals(a.get("scenarios"), b.get("scenarios"));
        assertTrue(b.get("config").get("delays").asText().contains(trace.toString()));
    }

    @Test
    void plotWritesPngCharts() throws Exception {
        Path png = dir.resolve("charts.png");
        StringWriter out = new StringWriter();
        assertEquals(0, run(out, new StringWriter(), SMALL, "--ell", "1", "--ordering", "optimal,random", "--plot",
                png.toString()));
        for (String name : new String[] {"charts.png", "charts-error.png", "charts-ordering.png"}) {
            byte[] head = Arrays.copyOf(Files.readAllBytes(dir.resolve(name)), 4);
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, head, name);
        }
    }

    @Test
    void paperPresetShowsTheThreeComparisons() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        assertEquals(0, run(out, err, new String[] {"simulate", "--preset", "paper", "--trials", "40"}), err.toString());
        String text = out.toString();
        for (String part : new String[] {"cyclic/optimal", "cyclic/random", "regular/optimal", "regular/random",
            "(a) exact", "(b) approx", "(c) orderings", "T=8"}) {
            assertTrue(text.contains(part), part + " missing in\n" + text);
        }
        assertEquals(12, text.split("partial = oracle in 40 of 40 trials").length - 1,
                "4 scenarios x 3 ells, all at the oracle with zero latency");
    }

    @Test
    void badInputIsOneClearLineAndExitCode2() throws Exception {
        assertUserError("unknown delay model 'gamma'", SMALL, "--delays", "gamma");
        assertUserError("unknown --mode 'fast'", new String[] {"simulate", "--mode", "fast"});
        assertUserError("approx mode needs deadlines", new String[] {"simulate", "--mode", "approx"});
        assertUserError("--deadline only applies to approx mode", new String[] {"simulate", "--deadline", "2"});
        assertUserError("chunk 2 is stored on 1 worker(s) but ell = 2", new String[] {"simulate", "--ell", "1,2",
            "--assignment", "csv:" + csvWithOneLonelyChunk()});
        assertUserError("does not exist (record one with --trace-out PATH)", SMALL, "--delays",
                "trace:" + dir.resolve("missing.csv"));
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "trial,worker,position,finish_time\n0,0,1,1.0\n0,0,1,2.0\n");
        assertUserError(bad + " line 3: trial 0 worker 0 position 1 appears twice", SMALL, "--trace-in",
                bad.toString());
    }

    @Test
    void adaptiveOrderingAndEllAutoPrintTheirComparisons() throws Exception {
        String[] base = {"simulate", "--m", "8", "--replication", "3", "--trials", "60", "--mode", "exact",
            "--assignment", "cyclic", "--delays", "persistent:p_slow=0.25,stay=0.9"};
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Path json = dir.resolve("adaptive.json");
        assertEquals(0, run(out, err, base, "--ell", "1,2", "--ordering", "optimal,adaptive", "--json",
                json.toString()), err.toString());
        assertTrue(out.toString().contains("rounds reordered"), out.toString());
        JsonNode adaptive = Json.MAPPER.readTree(json.toFile()).get("scenarios").get(1).get("results").get("1")
                .get("adaptive");
        assertEquals(60, adaptive.get("rounds").asInt());
        assertTrue(adaptive.get("max_qmax_used").asInt() >= adaptive.get("static_qmax").asInt() - 100);

        out = new StringWriter();
        Path auto = dir.resolve("auto.json");
        assertEquals(0, run(out, err, base, "--ell", "auto", "--upload-cost", "d=1e7,bandwidth=1.25e7", "--json",
                auto.toString()), err.toString());
        assertTrue(out.toString().contains("ell per round (auto) vs fixed ell"), out.toString());
        JsonNode r = Json.MAPPER.readTree(auto.toFile()).get("results").get(0);
        int chosen = 0;
        for (int ell = 1; ell <= 3; ell++) {
            assertTrue(r.get("fixed_" + ell + "_mean").asDouble() > 0);
            chosen += r.get("chosen_" + ell).asInt();
        }
        assertEquals(60, chosen, "every round chose one ell");

        assertUserError("--ell auto chooses among 1..r itself", base, "--ell", "auto,2");
        assertUserError("--upload-cost only applies to --ell auto", base, "--upload-cost", "d=10");
        assertUserError("--ell x is not a number", base, "--ell", "x");
        assertUserError("stay=0.1 (raise stay to at least 0.75", new String[] {"simulate", "--delays",
            "persistent:p_slow=0.8,stay=0.1"});
    }

    /** Rows are chunks, columns workers: chunk 2 is stored on worker 0 only, too few holders for ell = 2. */
    private Path csvWithOneLonelyChunk() throws Exception {
        Path csv = dir.resolve("a.csv");
        Files.writeString(csv, "1,1,0\n0,1,1\n1,0,0\n");
        return csv;
    }

    private void assertUserError(String text, String[] base, String... more) {
        StringWriter err = new StringWriter();
        int code = run(new StringWriter(), err, base, more);
        assertEquals(2, code, err.toString());
        assertTrue(err.toString().contains(text), err.toString());
        assertEquals(1, err.toString().strip().lines().count(), "one line: " + err);
    }
}
