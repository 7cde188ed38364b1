package io.gcoding.cli;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coordinator.Checkpoint;
import io.gcoding.coordinator.CheckpointStore;
import io.gcoding.coordinator.Coordinator;
import io.gcoding.coordinator.CoordinatorMetrics;
import io.gcoding.coordinator.CoordinatorTransport;
import io.gcoding.coordinator.LocalCluster;
import io.gcoding.coordinator.ServerTls;
import io.gcoding.coordinator.SessionResult;
import io.gcoding.coordinator.TrainingRun;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code train}, {@code demo} and {@code coordinator} share: load the data, start the coordinator (and, for a
 * local cluster, the m worker JVMs on loopback with a random free port and a fresh auth token), run every protocol,
 * and stop everything again, also when something fails.
 */
final class TrainingLauncher {
    /** {@code --checkpoint-dir}, {@code --checkpoint-every}, {@code --resume}. */
    record Checkpoints(Path dir, int every, boolean resume) {
    }

    private final TrainingSpec spec;
    private final Path dataDir;
    private final PrintWriter out;
    private final Checkpoints checkpoints;
    private Map<String, Object> checkpointReport;

    TrainingLauncher(TrainingSpec spec, Path dataDir, PrintWriter out) {
        this(spec, dataDir, out, null);
    }

    /** @param checkpoints null: no checkpoints */
    TrainingLauncher(TrainingSpec spec, Path dataDir, PrintWriter out, Checkpoints checkpoints) {
        this.spec = spec;
        this.dataDir = dataDir;
        this.out = out;
        this.checkpoints = checkpoints;
    }

    /**
     * The run, with its checkpoints: for {@code --resume} the newest valid checkpoint, checked against this
     * configuration. Called before the coordinator or any worker starts, so that a refusal costs nothing.
     */
    private TrainingRun newRun(TrainTest data, long workerWaitSeconds) throws IOException {
        if (checkpoints == null) {
            return new TrainingRun(spec, data, workerWaitSeconds);
        }
        CheckpointStore store = new CheckpointStore(checkpoints.dir());
        Checkpoint from = null;
        Path fromPath = null;
        if (checkpoints.resume()) {
            CheckpointStore.Loaded loaded = store.loadForResume();
            for (String skipped : loaded.skipped()) {
                out.println("checkpoint skipped: " + skipped);
            }
            from = loaded.checkpoint();
            fromPath = loaded.path();
        } else if (!store.files().isEmpty()) {
            throw new ConfigurationException(checkpoints.dir() + " already holds checkpoints: pass --resume to"
                    + " continue that run, or give an empty --checkpoint-dir");
        }
        TrainingRun run = new TrainingRun(spec, data, workerWaitSeconds,
                new TrainingRun.Checkpointing(store, checkpoints.every(), from));
        checkpointReport = new LinkedHashMap<>();
        checkpointReport.put("dir", checkpoints.dir().toString());
        checkpointReport.put("every", checkpoints.every());
        checkpointReport.put("resumed_from", fromPath == null ? null : fromPath.toString());
        checkpointReport.put("resumed_at_round", from == null ? null : from.nextRound());
        if (from != null) {
            out.println("resuming from " + fromPath + ": " + from.describe());
        }
        return run;
    }

    private TrainingReport report(List<SessionResult> results, List<String> workerFailures) {
        return new TrainingReport(spec, results, workerFailures, checkpointReport);
    }

    /** A resumed run whose checkpoint already holds every protocol: the report, without starting anything. */
    private TrainingReport finishedReport(TrainingRun run) {
        out.println("the checkpoint holds the whole run (every protocol finished): nothing left to train");
        return report(run.resumedResults(), List.of());
    }

    TrainTest loadData() throws IOException {
        return DatasetSpec.parse(spec.dataset()).load(dataDir, spec.seed());
    }

    /** The local cluster's workers' compute threads run at this nice value (see {@code worker --compute-nice}). */
    static final int LOCAL_COMPUTE_NICE = 10;

    /** Runs with m local worker processes. */
    /** @param workerHeap -Xmx of each worker process, e.g. {@code 768m} */
    TrainingReport runLocal(TrainTest data, TrainingRun.Listener listener, Integer metricsPort, String workerHeap)
            throws Exception {
        String token = newToken();
        TrainingRun run = newRun(data, (long) Math.ceil(spec.joinTimeout()));
        if (run.complete()) {
            return finishedReport(run);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CoordinatorMetrics meters = new CoordinatorMetrics(registry);
        try (CoordinatorTransport transport = new CoordinatorTransport(new InetSocketAddress("127.0.0.1", 0), null,
                CoordinatorTransport.Limits.DEFAULT, meters);
                Coordinator coordinator = new Coordinator(spec.workers(), token, uploadLength(run),
                        transport.serverBuilder(), transport.loop(), meters, transport.gate())
                        .start();
                MetricsEndpoint metrics = metricsPort == null ? null
                        : new MetricsEndpoint(registry, new InetSocketAddress("127.0.0.1", metricsPort))) {
            if (metrics != null) {
                out.println("metrics: " + metrics.url());
            }
            List<String> workerCommand = new ArrayList<>(List.of(GcodingCommand.class.getName(), "worker",
                    "--coordinator", "127.0.0.1:" + coordinator.port(), "--exit-with-parent",
                    // m workers share this machine's cores: their compute threads yield to the control threads
                    "--compute-nice", Integer.toString(LOCAL_COMPUTE_NICE)));
            if (dataDir != null) {
                workerCommand.add("--data-dir");
                workerCommand.add(dataDir.toString());
            }
            // the workers' backend probed here once, so JavaCPP extracts its natives before m JVMs race to do it
            // (on a fresh machine a worker that maps a library another one is still writing dies with SIGBUS)
            io.gcoding.kernels.Backends.choose();
            Path logs = Files.createTempDirectory("gcoding-workers-");
            try (LocalCluster cluster = new LocalCluster(spec.workers(), workerCommand, token, logs, true, workerHeap)
                    .onGiveUp(coordinator::abort).start()) {
                out.printf("coordinator on 127.0.0.1:%d, %d worker processes (logs: %s)%n", coordinator.port(),
                        spec.workers(), logs);
                out.flush();
                List<SessionResult> results = run.run(coordinator, listener);
                coordinator.shutdownWorkers("training finished"); // before the cluster waits for its processes
                return report(results, cluster.failures());
            }
        }
    }

    /**
     * Runs with workers started elsewhere (multi-machine): they connect to {@code listen}.
     *
     * @param tls     null: plaintext
     * @param metrics null: no metrics endpoint
     */
    TrainingReport runExternal(TrainTest data, TrainingRun.Listener listener, InetSocketAddress listen, String token,
            ServerTls tls, InetSocketAddress metrics) throws Exception {
        TrainingRun run = newRun(data, (long) Math.ceil(spec.joinTimeout()));
        if (run.complete()) {
            return finishedReport(run);
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        CoordinatorMetrics meters = new CoordinatorMetrics(registry);
        try (CoordinatorTransport transport = new CoordinatorTransport(listen, tls, CoordinatorTransport.Limits.DEFAULT,
                meters);
                Coordinator coordinator = new Coordinator(spec.workers(), token, uploadLength(run),
                        transport.serverBuilder(), transport.loop(), meters, transport.gate())
                        .start();
                MetricsEndpoint endpoint = metrics == null ? null : new MetricsEndpoint(registry, metrics)) {
            out.printf("coordinator listening on %s:%d (%s); waiting for %d workers%n", listen.getHostString(),
                    coordinator.port(), tls == null ? "plaintext" : tls.mutual() ? "mutual TLS" : "TLS",
                    spec.workers());
            if (endpoint != null) {
                out.println("metrics: " + endpoint.url());
            }
            out.flush();
            List<SessionResult> results = run.run(coordinator, listener);
            return report(results, List.of());
        }
    }

    /** The longest upload any session sends: uncoded and ignore use ell = 1, so d. */
    private static int uploadLength(TrainingRun run) {
        return run.modelSpec().parameterCount();
    }

    static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
