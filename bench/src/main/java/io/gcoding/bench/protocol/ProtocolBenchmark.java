package io.gcoding.bench.protocol;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.Assignments;
import io.gcoding.coding.Orderings;
import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.coding.Percentiles;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.coordinator.Coordinator;
import io.gcoding.coordinator.EventLoop;
import io.gcoding.coordinator.CoordinatorMetrics;
import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.SessionHandler;
import io.gcoding.coordinator.SessionPlan;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.SessionConfig;
import io.grpc.ManagedChannel;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator under load: the real {@link Coordinator} (validation, RoundProtocol, ENCODE broadcast, upload
 * collection, decode) with many simulated in-process workers that only report progress and upload zero vectors.
 * Reports Progress messages handled per second and the trigger latency (arrival of the last needed Progress to the
 * end of the ENCODE broadcast) over a measurement window after a warm-up.
 *
 * <p>Usage: {@code java -cp bench.jar io.gcoding.bench.protocol.ProtocolBenchmark [--workers 1000]
 * [--replication 20] [--chunk-ms 4] [--warmup 30] [--seconds 30] [--clients-per-channel 100]}
 */
public final class ProtocolBenchmark {

    public static void main(String[] args) throws Exception {
        int workers = intArg(args, "--workers", 1000);
        int replication = intArg(args, "--replication", 20);
        double chunkMillis = Double.parseDouble(arg(args, "--chunk-ms", "4"));
        int warmup = intArg(args, "--warmup", 30);
        int seconds = intArg(args, "--seconds", 30);
        int perChannel = intArg(args, "--clients-per-channel", 100);

        ModelSpec model = ModelSpec.linear(15); // d = 16: the uploads are tiny on purpose
        var ordering = Orderings.natural(Assignments.cyclic(workers, replication));
        SessionConfig config = SessionConfig.builder().coding(workers, workers, 1, "chebyshev", ordering.orders())
                .model(model).data("none", 1, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("none").firstRound(0)
                .build();
        String name = InProcessServerBuilder.generateName();
        CoordinatorMetrics metrics = new CoordinatorMetrics(new SimpleMeterRegistry());
        try (Coordinator coordinator = new Coordinator(workers, "bench", model.parameterCount(),
                InProcessServerBuilder.forName(name), EventLoop.system("coordinator-loop"), metrics).start()) {
            List<ManagedChannel> channels = new ArrayList<>();
            List<SimulatedWorker> sims = new ArrayList<>();
            var clientExecutor = Executors.newFixedThreadPool(2);
            for (int j = 0; j < workers; j++) {
                if (j % perChannel == 0) {
                    channels.add(InProcessChannelBuilder.forName(name).executor(clientExecutor).build());
                }
                SimulatedWorker w = new SimulatedWorker(j, replication, model.parameterCount(), chunkMillis, 42);
                w.connect(channels.get(channels.size() - 1), "bench");
                sims.add(w);
            }
            coordinator.awaitWorkers(60, TimeUnit.SECONDS);

            Thread pacer = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted()) {
                    long now = System.nanoTime();
                    for (SimulatedWorker w : sims) {
                        w.tick(now);
                    }
                    Thread.onSpinWait();
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "pacer");
            pacer.setDaemon(true);
            pacer.start();

            long start = System.nanoTime();
            long measureFrom = start + warmup * 1_000_000_000L;
            long end = measureFrom + seconds * 1_000_000_000L;
            Recorder recorder = new Recorder(measureFrom, end, metrics);
            CompletableFuture<Void> done = coordinator.run(new SessionPlan(config,
                    RoundRule.of(ProtocolKind.PARTIAL, ordering, 1, TriggerPolicy.exact(), 0),
                    new RoundEngine.Timeouts(10, 600)), recorder);
            done.get(warmup + seconds + 120L, TimeUnit.SECONDS);
            pacer.interrupt();
            recorder.print(workers, replication, chunkMillis);
            coordinator.shutdownWorkers("benchmark finished"); // first, so the channels close quietly
            channels.forEach(ManagedChannel::shutdownNow);
            clientExecutor.shutdownNow();
        }
    }

    /** Ends the session after the window and keeps the records inside it. */
    private static final class Recorder implements SessionHandler {
        private final long from;
        private final long to;
        private final CoordinatorMetrics metrics;
        private final List<RoundRecord> records = new ArrayList<>();
        private double progressAtStart = -1;
        private double progressAtEnd;
        private long measuredNanos;
        private long firstInWindow;

        Recorder(long from, long to, CoordinatorMetrics metrics) {
            this.from = from;
            this.to = to;
            this.metrics = metrics;
        }

        @Override
        public double[] initialParameters() {
            return new double[16];
        }

        @Override
        public double[] onRound(long round, double[] gradient, RoundRecord record) {
            long now = System.nanoTime();
            if (now >= from && progressAtStart < 0) {
                progressAtStart = metrics.progressCount();
                firstInWindow = now;
            } else if (progressAtStart >= 0) {
                records.add(record);
            }
            if (now >= to) {
                progressAtEnd = metrics.progressCount();
                measuredNanos = now - firstInWindow;
                return null;
            }
            return new double[16];
        }

        void print(int workers, int replication, double chunkMillis) {
            double secs = measuredNanos / 1e9;
            double[] trig = records.stream().mapToDouble(RoundRecord::triggerLatencyMs).toArray();
            double[] round = records.stream().mapToDouble(RoundRecord::roundSeconds).toArray();
            System.out.printf(Locale.ROOT, "protocol benchmark: %d simulated workers (in-process), cyclic r=%d,"
                    + " mean chunk time %.1f ms, partial exact%n", workers, replication, chunkMillis);
            System.out.printf(Locale.ROOT, "measured window      %.1f s, %d rounds (%.1f rounds/s)%n", secs,
                    records.size(), records.size() / secs);
            System.out.printf(Locale.ROOT, "progress handled     %.0f messages/s (validated and applied)%n",
                    (progressAtEnd - progressAtStart) / secs);
            System.out.printf(Locale.ROOT, "trigger latency      p50 %.2f ms, p99 %.2f ms, max %.2f ms%n",
                    Percentiles.of(trig, 50), Percentiles.of(trig, 99), Percentiles.of(trig, 100));
            System.out.printf(Locale.ROOT, "round time           p50 %.1f ms, p99 %.1f ms%n",
                    Percentiles.of(round, 50) * 1e3, Percentiles.of(round, 99) * 1e3);
            System.out.printf(Locale.ROOT, "dropped/rejected     %.0f / %.0f%n", metrics.droppedCount(),
                    metrics.rejectedCount());
        }
    }

    private static String arg(String[] args, String name, String fallback) {
        int i = Arrays.asList(args).indexOf(name);
        return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
    }

    private static int intArg(String[] args, String name, int fallback) {
        return Integer.parseInt(arg(args, name, Integer.toString(fallback)));
    }

    private ProtocolBenchmark() {
    }
}
