package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * The real thing: a coordinator PROCESS is killed with SIGKILL in the middle of a run (no shutdown hook, no last
 * checkpoint), its workers keep reconnecting, a new coordinator started with {@code --resume} on the same address
 * continues from the newest checkpoint, the same workers reconnect to it, and the run ends on the model of an
 * uninterrupted run (exact mode, mini-batches drawn per absolute round, Adam) to 1e-9 relative. The workers run in
 * this JVM (real {@code gcoding worker} commands over TCP), so they outlive the killed process. Nothing sleeps: every
 * wait is for a line, an exit or a future, with a deadline.
 */
class CoordinatorKillResumeTest {
    private static final String TOKEN = "kill-resume-test-token";
    private static final int WORKERS = 3;
    private static final List<String> RUN = List.of("--workers", "3", "--replication", "2",
            "--dataset", "synthetic:rows=3000,test=300,features=20,classes=3,task=softmax", "--protocol",
            "partial,original", "--rounds", "30", "--batch", "100", "--optimizer", "adam:lr=0.02", "--eval-every", "5",
            "--warmup-rounds", "2", "--stragglers", "jitter=0.01");

    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kill-resume-test");
        t.setDaemon(true);
        return t;
    });
    private final List<Process> processes = new ArrayList<>();

    @AfterEach
    void cleanUp() {
        processes.forEach(Process::destroyForcibly);
        threads.shutdownNow();
    }

    @Test
    @Timeout(300)
    void sigkilledCoordinatorResumesAndEndsOnTheUninterruptedModel(@TempDir Path dir) throws Exception {
        // 1. the reference: the same run, uninterrupted (coordinator and workers in this JVM)
        Path reference = dir.resolve("reference.json");
        int refPort = freePort();
        List<CompletableFuture<Integer>> refWorkers = startWorkers(refPort);
        StringWriter err = new StringWriter();
        assertEquals(0, coordinator(refPort, reference, List.of(), err), err.toString());
        for (CompletableFuture<Integer> w : refWorkers) {
            assertEquals(0, w.get(60, TimeUnit.SECONDS));
        }

        // 2. workers first (they retry until a coordinator listens), then a coordinator process, killed with SIGKILL
        //    right after its first checkpoint
        int port = freePort();
        Path checkpoints = dir.resolve("checkpoints");
        List<String> checkpointArgs = List.of("--checkpoint-dir", checkpoints.toString(), "--checkpoint-every", "4");
        try (ReconnectLog log = new ReconnectLog()) {
            List<CompletableFuture<Integer>> workers = startWorkers(port);
            List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-Xmx512m", "-cp", System.getProperty("java.class.path"), GcodingCommand.class.getName(),
                    "coordinator", "--listen", "127.0.0.1:" + port, "--token", TOKEN));
            cmd.addAll(RUN);
            cmd.addAll(checkpointArgs);
            Process first = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            processes.add(first);
            BlockingQueue<String> lines = ProcessFaults.outputLines(first, threads);
            String written = awaitLine(lines, "checkpoint written", 120);
            first.destroyForcibly(); // SIGKILL
            assertTrue(first.waitFor(30, TimeUnit.SECONDS), "the killed coordinator exits");
            assertEquals(137, first.exitValue(), "killed by SIGKILL (128 + 9), not finished: " + written);
            for (CompletableFuture<Integer> w : workers) {
                assertFalse(w.isDone(), "the workers wait for a coordinator to come back");
            }
            log.clear();

            // 3. a new coordinator on the same address resumes; the same workers reconnect to it and finish
            Path resumed = dir.resolve("resumed.json");
            err = new StringWriter();
            List<String> resume = new ArrayList<>(checkpointArgs);
            resume.add("--resume");
            assertEquals(0, coordinator(port, resumed, resume, err), err.toString());
            for (CompletableFuture<Integer> w : workers) {
                assertEquals(0, w.get(60, TimeUnit.SECONDS), "the worker ends with the resumed run's Shutdown");
            }
            for (int j = 0; j < WORKERS; j++) {
                String expected = "worker " + j + " reconnected to the coordinator at 127.0.0.1:" + port;
                assertTrue(log.lines.stream().anyMatch(l -> l.startsWith(expected)), expected + " in " + log.lines);
            }

            // 4. the resumed run ends where the uninterrupted one does
            JsonNode ref = Json.MAPPER.readTree(reference.toFile());
            JsonNode got = Json.MAPPER.readTree(resumed.toFile());
            long resumedAt = got.get("checkpoints").get("resumed_at_round").asLong();
            assertTrue(resumedAt > 2, "resumed after the warm-up: " + got.get("checkpoints"));
            int before = 0;
            for (String p : new String[] {"partial", "original"}) {
                JsonNode a = ref.get("protocols").get(p);
                JsonNode b = got.get("protocols").get(p);
                double rel = relativeDifference(a.get("final_parameters"), b.get("final_parameters"));
                assertTrue(rel <= 1e-9, p + ": resumed vs uninterrupted relative difference " + rel);
                assertEquals(30, b.get("round_times").size(), p);
                assertEquals(a.get("final_loss").asDouble(), b.get("final_loss").asDouble(),
                        1e-9 * a.get("final_loss").asDouble(), p);
                assertEquals(a.get("evaluations").size(), b.get("evaluations").size(), p);
                for (int k = 0; k < a.get("evaluations").size(); k++) {
                    assertEquals(a.get("evaluations").get(k).get("rounds"), b.get("evaluations").get(k).get("rounds"));
                }
                for (int t = 0; t < 30; t++) {
                    assertEquals(a.get("rounds").get(t).get("round"), b.get("rounds").get(t).get("round"),
                            p + ": the same absolute round numbers");
                    if (b.get("rounds").get(t).has("before_resume")) {
                        before++;
                    }
                }
            }
            assertTrue(before > 0 && before < 60, before + " rounds came from the checkpoint");
        }
    }

    private int coordinator(int port, Path json, List<String> more, StringWriter err) {
        List<String> args = new ArrayList<>(List.of("coordinator", "--listen", "127.0.0.1:" + port, "--token", TOKEN));
        args.addAll(RUN);
        args.addAll(more);
        args.addAll(List.of("--json", json.toString()));
        return OrderCommandTest.run(new StringWriter(), err, args.toArray(String[]::new));
    }

    private List<CompletableFuture<Integer>> startWorkers(int port) {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int j = 0; j < WORKERS; j++) {
            String id = Integer.toString(j);
            futures.add(CompletableFuture.supplyAsync(() -> OrderCommandTest.run(new StringWriter(),
                    new StringWriter(), "worker", "--coordinator", "127.0.0.1:" + port, "--id", id, "--token", TOKEN,
                    "--workers-on-machine", Integer.toString(WORKERS), "--reconnect-timeout", "120"), threads));
        }
        return futures;
    }


    static String awaitLine(BlockingQueue<String> lines, String part, long seconds) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<String> seen = new ArrayList<>();
        while (true) {
            String line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (line == null) {
                throw new AssertionError("no line containing '" + part + "' within " + seconds + " s; seen: " + seen);
            }
            if (line.contains(part)) {
                return line;
            }
            seen.add(line);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    static double relativeDifference(JsonNode want, JsonNode got) {
        assertEquals(want.size(), got.size());
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < want.size(); i++) {
            double w = want.get(i).asDouble();
            double g = got.get(i).asDouble();
            diff += (g - w) * (g - w);
            norm += w * w;
        }
        return Math.sqrt(diff / norm);
    }

    /** The workers' "reconnected" lines (they run in this JVM). */
    private static final class ReconnectLog extends AppenderBase<ILoggingEvent> implements AutoCloseable {
        private final Logger logger = (Logger) LoggerFactory.getLogger("io.gcoding.worker.WorkerClient");
        final List<String> lines = new CopyOnWriteArrayList<>();

        ReconnectLog() {
            start();
            logger.addAppender(this);
        }

        @Override
        protected void append(ILoggingEvent event) {
            if (event.getFormattedMessage().contains("reconnected")) {
                lines.add(event.getFormattedMessage());
            }
        }

        void clear() {
            lines.clear();
        }

        @Override
        public void close() {
            logger.detachAppender(this);
            stop();
        }
    }
}
