package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chaos (the {@code chaos} profile, which .ci/run runs after the default suite): 4 worker JVMs, replication 3, so
 * the protocols tolerate s = 2 stragglers at ell = 1. At seeded random moments of a run, up to two workers are killed
 * with SIGKILL (the local cluster restarts them: mid-chunk, mid-encode or mid-upload, wherever they are) and one is
 * frozen with SIGSTOP past the liveness deadline, then continued. Exact mode must end on the fault-free model;
 * approximate mode must finish and report its coefficient error per round.
 */
@Tag("chaos")
class ChaosScenarioTest {
    private static final List<String> COMMON = List.of("train", "--workers", "4", "--replication", "3",
            "--protocol", "partial", "--rounds", "60", "--warmup-rounds", "0", "--eval-every", "0", "--liveness", "1.5",
            "--dataset", "synthetic:rows=4000,test=400,features=20,classes=3,task=softmax",
            "--optimizer", "sgd:lr=0.5,momentum=0.9", "--stragglers", "jitter=0.1");

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2})
    @Timeout(300)
    void exactModeEndsOnTheFaultFreeModelWhateverDies(long seed, @TempDir Path dir) throws Exception {
        JsonNode clean = train(dir.resolve("clean.json"), List.of(), -1);
        List<String> log = new ArrayList<>();
        JsonNode faulty = train(dir.resolve("faulty.json"), List.of(), seed, log);
        JsonNode a = clean.get("protocols").get("partial");
        JsonNode b = faulty.get("protocols").get("partial");
        assertEquals(60, b.get("rounds").size(), "no round lost; faults: " + log);
        double worst = 0;
        for (int x = 0; x < a.get("final_parameters").size(); x++) {
            double p = a.get("final_parameters").get(x).asDouble();
            double q = b.get("final_parameters").get(x).asDouble();
            worst = Math.max(worst, Math.abs(p - q) / Math.max(1e-300, Math.max(Math.abs(p), Math.abs(q))));
        }
        System.out.printf(java.util.Locale.ROOT, "chaos seed %d: %s; 60 of 60 rounds; max relative difference %.1e%n",
                seed, log, worst);
        assertTrue(worst <= 1e-9, "exact mode ends on the fault-free model: " + worst + " after " + log);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {3})
    @Timeout(300)
    void approximateModeFinishesAndReportsItsError(long seed, @TempDir Path dir) throws Exception {
        List<String> log = new ArrayList<>();
        JsonNode faulty = train(dir.resolve("approx.json"), List.of("--mode", "approx", "--deadline", "0.4"), seed,
                log);
        JsonNode rounds = faulty.get("protocols").get("partial").get("rounds");
        assertEquals(60, rounds.size(), "faults: " + log);
        double worstError = 0;
        for (JsonNode r : rounds) {
            assertTrue(r.get("coefficient_error").isNumber(), r.toString());
            worstError = Math.max(worstError, r.get("coefficient_error").asDouble());
        }
        System.out.printf(java.util.Locale.ROOT, "chaos approx seed %d: %s; worst E(s) of a round %.3f%n", seed, log,
                worstError);
        assertTrue(worstError >= 0 && worstError <= 1);
    }

    private static JsonNode train(Path json, List<String> extra, long seed) throws Exception {
        return train(json, extra, seed, new ArrayList<>());
    }

    /** @param seed of the fault schedule; negative: no faults */
    private static JsonNode train(Path json, List<String> extra, long seed, List<String> log) throws Exception {
        List<String> args = new ArrayList<>(COMMON);
        args.addAll(extra);
        args.addAll(List.of("--json", json.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> OrderCommandTest.run(out, err, args.toArray(String[]::new)));
        if (seed >= 0) {
            for (int j = 0; j < 4; j++) {
                ProcessFaults.worker(j);
            }
            ProcessFaults.awaitRounds(out);
            Random random = new Random(seed);
            int kills = 1 + random.nextInt(2);
            for (int k = 0; k < kills; k++) {
                Thread.sleep(300 + random.nextInt(1500));
                int j = random.nextInt(4);
                ProcessFaults.worker(j).destroyForcibly();
                log.add("SIGKILL worker " + j);
            }
            Thread.sleep(200 + random.nextInt(800));
            int frozen = random.nextInt(4);
            ProcessHandle h = ProcessFaults.worker(frozen);
            ProcessFaults.signal("STOP", h);
            Thread.sleep(3000);
            ProcessFaults.signal("CONT", h);
            log.add("SIGSTOP worker " + frozen + " for 3 s");
        }
        assertEquals(0, run.get(240, TimeUnit.SECONDS), err.toString());
        return Json.MAPPER.readTree(json.toFile());
    }
}
