package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault the system exists for, over real processes (issue 9's reproduction): 3 worker JVMs, replication 2,
 * partial, exact mode. One worker is frozen with SIGSTOP for longer than the liveness deadline and then continued;
 * another is killed with SIGKILL mid-run (and replaced). The run must end, with every round, on the same model as a
 * fault-free run (exact mode is invariant to who straggles or fails, 1e-9). Linux only (signals to child processes).
 *
 * <p>The faults come at fixed moments of real time after the workers started: this is a test of processes under
 * faults, not of the protocol's clock (that runs on a fake clock in the engine and coordinator tests).
 */
class FreezeAndKillScenarioTest {
    private static final String[] COMMON = {"train", "--workers", "3", "--replication", "2", "--protocol",
        "partial", "--rounds", "80", "--warmup-rounds", "0", "--eval-every", "0", "--liveness", "1.5",
        "--dataset", "synthetic:rows=3000,test=300,features=20,classes=3,task=softmax",
        "--optimizer", "sgd:lr=0.5,momentum=0.9", "--stragglers", "jitter=0.1"};

    @Test
    @Timeout(240)
    void aFrozenAndAKilledWorkerCostRoundsButNeitherTheRunNorTheModel(@TempDir Path dir) throws Exception {
        JsonNode clean = train(dir.resolve("clean.json"), false);
        JsonNode faulty = train(dir.resolve("faulty.json"), true);

        JsonNode a = clean.get("protocols").get("partial");
        JsonNode b = faulty.get("protocols").get("partial");
        assertEquals(80, b.get("rounds").size(), "no round lost");
        JsonNode wa = a.get("final_parameters");
        JsonNode wb = b.get("final_parameters");
        double worst = 0;
        for (int x = 0; x < wa.size(); x++) {
            double p = wa.get(x).asDouble();
            double q = wb.get(x).asDouble();
            worst = Math.max(worst, Math.abs(p - q) / Math.max(1e-300, Math.max(Math.abs(p), Math.abs(q))));
        }
        assertTrue(worst <= 1e-9, "exact mode ends on the fault-free model: worst relative difference " + worst);
        int roundsWithDeath = 0;
        double longest = 0;
        double longestClean = 0;
        int reEncodes = 0;
        int resumes = 0;
        for (JsonNode r : b.get("rounds")) {
            roundsWithDeath += r.get("dead_workers").size() > 0 ? 1 : 0;
            longest = Math.max(longest, r.get("seconds").asDouble());
            reEncodes += r.get("re_encodes").asInt();
            resumes += r.get("resumes").asInt();
        }
        for (JsonNode r : a.get("rounds")) {
            longestClean = Math.max(longestClean, r.get("seconds").asDouble());
        }
        // the figures of the README's Reliability section
        System.out.printf(java.util.Locale.ROOT, "freeze-and-kill: 80 of 80 rounds; %d rounds with a dead worker,"
                + " %d re-encodes, %d RESUMEs; longest round %.2f s (fault-free run: %.2f s); total %.1f s vs %.1f s;"
                + " max relative difference of the final model %.1e%n", roundsWithDeath, reEncodes, resumes, longest,
                longestClean, b.get("total_seconds").asDouble(), a.get("total_seconds").asDouble(), worst);
        assertTrue(roundsWithDeath >= 1, "the frozen and the killed worker were declared dead for some round");
        assertTrue(faulty.get("worker_exits").toString().contains("worker 1"), faulty.get("worker_exits").toString());
    }

    private static JsonNode train(Path json, boolean faults) throws Exception {
        StringWriter err = new StringWriter();
        StringWriter out = new StringWriter();
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(COMMON),
                java.util.stream.Stream.of("--json", json.toString())).toArray(String[]::new);
        CompletableFuture<Integer> run = CompletableFuture.supplyAsync(
                () -> OrderCommandTest.run(out, err, args));
        if (faults) {
            ProcessHandle w2 = ProcessFaults.worker(2);
            ProcessHandle w1 = ProcessFaults.worker(1);
            ProcessFaults.awaitRounds(out);
            Thread.sleep(1000); // some rounds in
            ProcessFaults.signal("STOP", w2);
            Thread.sleep(3000); // twice the liveness deadline
            ProcessFaults.signal("CONT", w2);
            Thread.sleep(1000);
            w1.destroyForcibly(); // SIGKILL; the local cluster starts a replacement
        }
        assertEquals(0, run.get(180, TimeUnit.SECONDS), err.toString());
        return Json.MAPPER.readTree(json.toFile());
    }
}
