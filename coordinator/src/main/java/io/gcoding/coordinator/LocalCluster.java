package io.gcoding.coordinator;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the m worker processes of a local cluster on loopback: the same java binary and class path as this JVM,
 * the worker command given by the caller, the auth token in the environment (not on the command line, where
 * {@code ps} would show it), one BLAS thread each so that m workers do not oversubscribe the cores, and each
 * worker's output in its own log file. A worker that exits while the cluster runs is reported with the reason
 * from its log (e.g. an injected failure) and, when respawning is on, replaced by a new process with the same id
 * (which the coordinator lets rejoin). A shutdown hook kills every process if this JVM exits first.
 *
 * <p>Lifecycle: {@link #start()}, then {@link #close()} (idempotent).
 */
public final class LocalCluster implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(LocalCluster.class);
    public static final String TOKEN_ENV = "GCODING_TOKEN";
    /**
     * Extra JVM options of every worker process (profiling, GC settings), split at spaces; {@code {id}} becomes the
     * worker id, e.g. {@code -XX:StartFlightRecording=filename=/tmp/w{id}.jfr}.
     */
    public static final String WORKER_JAVA_OPTS_ENV = "GCODING_WORKER_JAVA_OPTS";

    private final int workers;
    private final List<String> workerCommand;
    private final String token;
    private final Path logDir;
    private final boolean respawn;
    private final String heap;
    private final Process[] processes;
    private final List<String> failures = new ArrayList<>();
    /** Per worker: failures in a row (not injected) of processes that lived less than STABLE_SECONDS. */
    private final int[] crashStreak;
    private final long[] startedAt;
    private volatile java.util.function.Consumer<String> onGiveUp = reason -> { };
    private final Thread hook = new Thread(this::killAll, "local-cluster-cleanup");
    /** A worker whose replacements failed this many times in a row is not replaced again. */
    static final int MAX_CRASHES_IN_A_ROW = 3;
    /** A process that ran this long before failing was not in a crash loop. */
    static final long STABLE_SECONDS = 60;
    private volatile boolean closing;

    /**
     * @param workerCommand the worker's main class and arguments before {@code --id J}, e.g.
     *                      {@code [io.gcoding.cli.GcodingCommand, worker, --coordinator, 127.0.0.1:PORT]}
     * @param respawn       replace a worker process that exits while the cluster runs
     * @param heap          -Xmx of each worker, e.g. {@code 768m}
     */
    public LocalCluster(int workers, List<String> workerCommand, String token, Path logDir, boolean respawn,
            String heap) {
        this.workers = workers;
        this.workerCommand = List.copyOf(workerCommand);
        this.token = token;
        this.logDir = logDir;
        this.respawn = respawn;
        this.heap = heap;
        this.processes = new Process[workers];
        this.crashStreak = new int[workers];
        this.startedAt = new long[workers];
    }

    public LocalCluster start() throws IOException {
        Files.createDirectories(logDir);
        Runtime.getRuntime().addShutdownHook(hook);
        for (int j = 0; j < workers; j++) {
            spawn(j, false);
        }
        LOG.info("started {} worker processes (logs in {})", workers, logDir);
        return this;
    }

    /** Told (once per worker) when a worker keeps failing and is no longer replaced: the run should end. */
    public LocalCluster onGiveUp(java.util.function.Consumer<String> listener) {
        this.onGiveUp = listener;
        return this;
    }

    public Path logDir() {
        return logDir;
    }

    /** Exits reported so far, one line each. */
    public synchronized List<String> failures() {
        return List.copyOf(failures);
    }

    private synchronized void spawn(int worker, boolean replacement) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx" + heap);
        cmd.add("-XX:+UseSerialGC");
        // m JVMs on this machine's cores: their C2 compilations (and the slow profiled code that runs until C2 is
        // done) competed with the rounds for minutes; C1 code is ready at once and the heavy work is native BLAS
        // (bench/fixed-cost.sh: 2.1-2.6 ms per uncoded round with C2 after 200 warm-up rounds, 1.3 ms with C1).
        // Options in GCODING_WORKER_JAVA_OPTS come later and win, e.g. -XX:TieredStopAtLevel=4.
        cmd.add("-XX:TieredStopAtLevel=1");
        // The control path runs once or a few times per round: at the default thresholds (200 calls) it stayed in the
        // interpreter for the first ~200 rounds, and answering an ENCODE took 0.3-1.6 ms of CPU instead of 0.2 ms.
        cmd.add("-XX:CompileThresholdScaling=0.05");
        String extra = System.getenv(WORKER_JAVA_OPTS_ENV);
        if (extra != null && !extra.isBlank()) {
            for (String option : extra.trim().split("\\s+")) {
                cmd.add(option.replace("{id}", Integer.toString(worker)));
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.addAll(workerCommand);
        cmd.add("--id");
        cmd.add(Integer.toString(worker));
        cmd.add("--workers-on-machine");
        cmd.add(Integer.toString(workers));
        if (replacement) {
            cmd.add("--replacement");
        }
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Path log = logDir.resolve("worker-" + worker + ".log");
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> env = pb.environment();
        env.put(TOKEN_ENV, token);
        env.put("OPENBLAS_NUM_THREADS", "1");
        env.put("GCODING_BLAS_THREADS", "1");
        Process p = pb.start();
        processes[worker] = p;
        startedAt[worker] = System.nanoTime();
        p.onExit().thenAccept(done -> exited(worker, done, log));
    }

    private void exited(int worker, Process p, Path log) {
        if (closing || p.exitValue() == 0) {
            return; // a worker ends with 0 only after the coordinator's Shutdown
        }
        String line = "worker " + worker + " (pid " + p.pid() + ") exited with code " + p.exitValue() + ": "
                + lastLine(log);
        boolean giveUp;
        synchronized (this) {
            failures.add(line);
            boolean quick = System.nanoTime() - startedAt[worker] < STABLE_SECONDS * 1_000_000_000L;
            crashStreak[worker] = line.contains("INJECTED FAILURE") || !quick ? 0 : crashStreak[worker] + 1;
            giveUp = crashStreak[worker] >= MAX_CRASHES_IN_A_ROW;
        }
        LOG.warn(line);
        if (giveUp) {
            String reason = "worker " + worker + " failed " + MAX_CRASHES_IN_A_ROW + " times in a row, each within "
                    + STABLE_SECONDS + " s of its start; not replaced again. Last: " + line + " (its log: " + log + ")";
            LOG.error(reason);
            onGiveUp.accept(reason);
            return;
        }
        if (respawn && !closing) {
            try {
                LOG.warn("starting a replacement process for worker {}", worker);
                spawn(worker, true);
            } catch (IOException e) {
                LOG.error("cannot start a replacement for worker {}: {}", worker, e.getMessage());
            }
        }
    }

    private static String lastLine(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).contains("INJECTED FAILURE")) {
                    return lines.get(i).trim();
                }
            }
            return lines.isEmpty() ? "(empty log)" : lines.get(lines.size() - 1).trim() + " (see " + log + ")";
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private synchronized void killAll() {
        closing = true;
        for (Process p : processes) {
            if (p != null && p.isAlive()) {
                p.destroyForcibly();
            }
        }
    }

    /** Gives workers a moment to exit after the coordinator's Shutdown, then kills what is left. */
    @Override
    public void close() {
        if (closing) {
            return;
        }
        closing = true;
        long deadline = System.nanoTime() + 5_000_000_000L;
        for (Process p : processes) {
            if (p == null) {
                continue;
            }
            try {
                long left = Math.max(0, deadline - System.nanoTime());
                if (!p.waitFor(left, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    p.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
        killAll();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down: the hook runs anyway
        }
    }
}
