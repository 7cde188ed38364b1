package io.gcoding.cli;

import io.gcoding.coordinator.Coordinator;
import io.gcoding.coordinator.EventLoop;
import io.gcoding.coordinator.CoordinatorMetrics;
import io.gcoding.coordinator.LocalCluster;
import io.gcoding.coordinator.SessionResult;
import io.gcoding.coordinator.TrainingRun;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What {@code train}, {@code demo} and {@code coordinator} share: load the data, start the coordinator (and, for a
 * local cluster, the m worker JVMs on loopback with a random free port and a fresh auth token), run every protocol,
 * and stop everything again, also when something fails.
 */
final class TrainingLauncher {
    private final TrainingSpec spec;
    private final Path dataDir;
    private final PrintWriter out;

    TrainingLauncher(TrainingSpec spec, Path dataDir, PrintWriter out) {
        this.spec = spec;
        this.dataDir = dataDir;
        this.out = out;
    }

    TrainTest loadData() throws IOException {
        return DatasetSpec.parse(spec.dataset()).load(dataDir, spec.seed());
    }

    /** Runs with m local worker processes. */
    TrainingReport runLocal(TrainTest data, TrainingRun.Listener listener, Integer metricsPort) throws Exception {
        String token = newToken();
        TrainingRun run = new TrainingRun(spec, data, (long) Math.ceil(spec.joinTimeout()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Coordinator coordinator = new Coordinator(spec.workers(), token, uploadLength(run),
                keepAlive(NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))),
                EventLoop.system("coordinator-loop"),
                new CoordinatorMetrics(registry)).start();
                MetricsEndpoint metrics = metricsPort == null ? null : new MetricsEndpoint(registry, metricsPort)) {
            if (metrics != null) {
                out.println("metrics: http://127.0.0.1:" + metrics.port() + "/metrics");
            }
            List<String> workerCommand = new ArrayList<>(List.of(GcodingCommand.class.getName(), "worker",
                    "--coordinator", "127.0.0.1:" + coordinator.port()));
            if (dataDir != null) {
                workerCommand.add("--data-dir");
                workerCommand.add(dataDir.toString());
            }
            Path logs = Files.createTempDirectory("gcoding-workers-");
            try (LocalCluster cluster = new LocalCluster(spec.workers(), workerCommand, token, logs, true, heapFor(data))
                    .onGiveUp(coordinator::abort).start()) {
                out.printf("coordinator on 127.0.0.1:%d, %d worker processes (logs: %s)%n", coordinator.port(),
                        spec.workers(), logs);
                out.flush();
                List<SessionResult> results = run.run(coordinator, listener);
                coordinator.shutdownWorkers("training finished"); // before the cluster waits for its processes
                return new TrainingReport(spec, results, cluster.failures());
            }
        }
    }

    /** Runs with workers started elsewhere (multi-machine): they connect to {@code listen}. */
    TrainingReport runExternal(TrainTest data, TrainingRun.Listener listener, InetSocketAddress listen, String token,
            Integer metricsPort) throws Exception {
        TrainingRun run = new TrainingRun(spec, data, (long) Math.ceil(spec.joinTimeout()));
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        try (Coordinator coordinator = new Coordinator(spec.workers(), token, uploadLength(run),
                keepAlive(NettyServerBuilder.forAddress(listen)), EventLoop.system("coordinator-loop"),
                new CoordinatorMetrics(registry)).start();
                MetricsEndpoint metrics = metricsPort == null ? null : new MetricsEndpoint(registry, metricsPort)) {
            out.printf("coordinator listening on %s:%d; waiting for %d workers%n", listen.getHostString(),
                    coordinator.port(), spec.workers());
            if (metrics != null) {
                out.println("metrics: http://" + listen.getHostString() + ":" + metrics.port() + "/metrics");
            }
            out.flush();
            List<SessionResult> results = run.run(coordinator, listener);
            return new TrainingReport(spec, results, List.of());
        }
    }

    /**
     * Transport liveness under the protocol's own: HTTP/2 pings find a dead TCP peer (a machine that vanished without
     * closing its connection) within about 40 s, and workers may ping as often as every 10 s.
     */
    static NettyServerBuilder keepAlive(NettyServerBuilder builder) {
        return builder.keepAliveTime(30, TimeUnit.SECONDS).keepAliveTimeout(10, TimeUnit.SECONDS)
                .permitKeepAliveTime(10, TimeUnit.SECONDS).permitKeepAliveWithoutCalls(true);
    }

    /** The longest upload any session sends: uncoded and ignore use ell = 1, so d. */
    private static int uploadLength(TrainingRun run) {
        return run.modelSpec().parameterCount();
    }

    /** Each worker keeps its chunks (replication / m of the data) plus one transient copy while loading. */
    private static String heapFor(TrainTest data) {
        long bytes = 8L * data.train().rows() * (data.train().features() + 1) * 2 + (256L << 20);
        return Math.max(256, bytes >> 20) + "m";
    }

    static String newToken() {
        byte[] b = new byte[16];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
