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
 * The loop's CPU time per message says what one core could sustain whatever else the machine runs, and the whole
 * process's CPU time per message (loop, simulated workers, pacer, transport, GC) what the benchmark needs; with several
 * {@code --workers} counts (e.g. {@code 1000,5000,10000}) it prints a scale table.
 *
 * <p>Usage: {@code java -cp bench.jar io.gcoding.bench.protocol.ProtocolBenchmark [--workers 1000]
 * [--replication 20] [--chunk-ms 4] [--warmup 30] [--seconds 30] [--clients-per-channel 100]}
 */
public final class ProtocolBenchmark {

    public static void main(String[] args) throws Exception {
        String[] counts = arg(args, "--workers", "1000").split(",");
        int replication = intArg(args, "--replication", 20);
        double chunkMillis = Double.parseDouble(arg(args, "--chunk-ms", "4"));
        int warmup = intArg(args, "--warmup", 30);
        int seconds = intArg(args, "--seconds", 30);
        int perChannel = intArg(args, "--clients-per-channel", 100);
        List<String> rows = new ArrayList<>();
        for (String count : counts) {
            rows.add(run(Integer.parseInt(count.trim()), replication, chunkMillis, warmup, seconds, perChannel));
        }
        System.out.println();
        System.out.printf(Locale.ROOT, "scale (cyclic r=%d, mean chunk %.1f ms, %d s window after %d s warm-up)%n",
                replication, chunkMillis, seconds, warmup);
        System.out.println(HEADER);
        rows.forEach(System.out::println);
    }

    static final String HEADER = String.format(Locale.ROOT, "%8s  %9s  %12s  %13s  %13s  %17s  %8s", "workers",
            "rounds/s", "progress/s", "loop us/msg", "all us/msg", "trigger p50/p99", "heap MB");

    private static String run(int workers, int replication, double chunkMillis, int warmup, int seconds,
            int perChannel) throws Exception {
        ModelSpec model = ModelSpec.linear(15); // d = 16: the uploads are tiny on purpose
        var ordering = Orderings.natural(Assignments.cyclic(workers, replication));
        SessionConfig config = SessionConfig.builder().coding(workers, workers, 1, "chebyshev", ordering.orders())
                .model(model).data("none", 1, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("none").firstRound(0)
                .build();
        String name = InProcessServerBuilder.generateName();
        CoordinatorMetrics metrics = new CoordinatorMetrics(new SimpleMeterRegistry());
        String loopName = "coordinator-loop-" + workers;
        try (Coordinator coordinator = new Coordinator(workers, "bench", model.parameterCount(),
                InProcessServerBuilder.forName(name), EventLoop.system(loopName), metrics).start()) {
            List<ManagedChannel> channels = new ArrayList<>();
            List<SimulatedWorker> sims = new ArrayList<>();
            var clientExecutor = Executors.newFixedThreadPool(2);
            for (int j = 0; j < workers; j++) {
                if (j % perChannel == 0) {
                    channels.add(InProcessChannelBuilder.forName(name).executor(clientExecutor).build());
                }
                SimulatedWorker w = new SimulatedWorker(j, workers, replication, model.parameterCount(), chunkMillis, 42);
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
            Recorder recorder = new Recorder(measureFrom, end, metrics, loopName);
            CompletableFuture<Void> done = coordinator.run(new SessionPlan(config,
                    RoundRule.of(ProtocolKind.PARTIAL, ordering, 1, TriggerPolicy.exact(), 0),
                    new RoundEngine.Timeouts(10, 600)), recorder);
            done.get(warmup + seconds + 120L, TimeUnit.SECONDS);
            pacer.interrupt();
            String row = recorder.print(workers, replication, chunkMillis);
            coordinator.shutdownWorkers("benchmark finished"); // first, so the channels close quietly
            channels.forEach(ManagedChannel::shutdownNow);
            clientExecutor.shutdownNow();
            return row;
        }
    }

    /** CPU time of the named thread (the coordinator loop), in nanoseconds; -1 when unknown. */
    static long threadCpuNanos(String name) {
        java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
        for (java.lang.management.ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info != null && info.getThreadName().equals(name)) {
                return mx.getThreadCpuTime(info.getThreadId());
            }
        }
        return -1;
    }

    /** CPU time of this whole process (coordinator, simulated workers, transport, GC, JIT), in nanoseconds. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Heap in use after a collection, in MB. */
    static double heapMb() {
        System.gc();
        Runtime rt = Runtime.getRuntime();
        return (rt.totalMemory() - rt.freeMemory()) / 1e6;
    }

    /** Ends the session after the window and keeps the records inside it. */
    private static final class Recorder implements SessionHandler {
        private final long from;
        private final long to;
        private final CoordinatorMetrics metrics;
        private final String loopName;
        private final List<RoundRecord> records = new ArrayList<>();
        private long cpuAtStart;
        private long cpuAtEnd;
        private long processAtStart;
        private long processAtEnd;
        private double progressAtStart = -1;
        private double progressAtEnd;
        private long measuredNanos;
        private long firstInWindow;

        Recorder(long from, long to, CoordinatorMetrics metrics, String loopName) {
            this.loopName = loopName;
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
                cpuAtStart = threadCpuNanos(loopName);
                processAtStart = processCpuNanos();
                firstInWindow = now;
            } else if (progressAtStart >= 0) {
                records.add(record);
            }
            if (now >= to) {
                progressAtEnd = metrics.progressCount();
                cpuAtEnd = threadCpuNanos(loopName);
                processAtEnd = processCpuNanos();
                measuredNanos = now - firstInWindow;
                return null;
            }
            return new double[16];
        }

        String print(int workers, int replication, double chunkMillis) {
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
            double messages = progressAtEnd - progressAtStart;
            // the loop's CPU per message handled (every message, progress and uploads): what it could sustain
            // alone, whatever else the machine runs
            double loopMicros = (cpuAtEnd - cpuAtStart) / 1e3 / Math.max(1, messages);
            // the whole process's CPU per message: with C cores to itself the benchmark could run at C / this
            double allMicros = (processAtEnd - processAtStart) / 1e3 / Math.max(1, messages);
            double heap = heapMb();
            System.out.printf(Locale.ROOT, "coordinator loop     %.2f us of CPU per progress message (%.0f msgs/s"
                    + " on one core)%n", loopMicros, 1e6 / loopMicros);
            System.out.printf(Locale.ROOT, "whole process        %.2f us of CPU per progress message (%.0f msgs/s"
                    + " on two cores of its own)%n", allMicros, 2e6 / allMicros);
            System.out.printf(Locale.ROOT, "dropped/rejected     %.0f / %.0f%n", metrics.droppedCount(),
                    metrics.rejectedCount());
            System.out.printf(Locale.ROOT, "heap in use          %.0f MB%n", heap);
            return String.format(Locale.ROOT, "%8d  %9.1f  %12.0f  %13.2f  %13.2f  %8.2f / %6.2f  %8.0f", workers,
                    records.size() / secs, messages / secs, loopMicros, allMicros, Percentiles.of(trig, 50),
                    Percentiles.of(trig, 99), heap);
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
