package io.gcoding.coordinator;

import io.gcoding.protocol.VerdictReason;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

/**
 * The coordinator's Micrometer meters: round time, trigger latency, encode-to-decode time, and message counts by
 * kind and outcome. Registered on whatever registry the caller gives (Prometheus for the HTTP endpoint, a simple
 * registry in tests).
 *
 * <p>The timers' published percentiles are Micrometer's streaming estimates for a scraper (a decaying window, no
 * stored history); the run's own summaries (table and JSON) are exact nearest-rank percentiles over every round,
 * computed by the coding core's {@code Percentiles}. A timer holds durations only, so a non-finite value is never
 * recorded: NaN means "not measured" (a round without a trigger), which {@code Percentiles} ignores too.
 */
public final class CoordinatorMetrics {
    private final MeterRegistry registry;
    private final Timer roundTime;
    private final Timer triggerLatency;
    private final Timer encodeToDecode;
    private final Counter progress;
    private final Counter uploads;
    private final Counter dropped;
    private final Counter rejected;
    private final Counter workersDead;
    /** Registered up front (zero-valued series), so counting on the loop allocates nothing. */
    private final Map<VerdictReason, Counter> byReason = new EnumMap<>(VerdictReason.class);
    private final Map<ConnectionRefusal, Counter> refusedConnections = new EnumMap<>(ConnectionRefusal.class);

    public CoordinatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.roundTime = Timer.builder("gcoding.round.time").description("RoundStart to decoded gradient")
                .publishPercentiles(0.5, 0.95, 0.99).register(registry);
        this.triggerLatency = Timer.builder("gcoding.trigger.latency")
                .description("last needed Progress received to ENCODE broadcast").publishPercentiles(0.5, 0.99)
                .register(registry);
        this.encodeToDecode = Timer.builder("gcoding.encode.decode").description("ENCODE broadcast to decoded gradient")
                .publishPercentiles(0.5, 0.99).register(registry);
        this.progress = Counter.builder("gcoding.messages").tag("type", "progress").tag("outcome", "accepted")
                .register(registry);
        this.uploads = Counter.builder("gcoding.messages").tag("type", "upload").tag("outcome", "accepted")
                .register(registry);
        this.dropped = Counter.builder("gcoding.messages").tag("type", "any").tag("outcome", "dropped")
                .description("stale or duplicate messages").register(registry);
        this.rejected = Counter.builder("gcoding.messages").tag("type", "any").tag("outcome", "rejected")
                .description("malformed, unauthorised or inconsistent messages").register(registry);
        this.workersDead = Counter.builder("gcoding.workers.dead").description("workers declared dead for a round")
                .register(registry);
        for (VerdictReason r : VerdictReason.values()) {
            byReason.put(r, Counter.builder("gcoding.messages.refused").tag("reason", r.tag())
                    .description("dropped or rejected worker messages and streams, by reason").register(registry));
        }
        for (ConnectionRefusal r : ConnectionRefusal.values()) {
            refusedConnections.put(r, Counter.builder("gcoding.connections.refused").tag("reason", r.tag())
                    .description("TCP connections closed before any gRPC call, by reason").register(registry));
        }
    }

    public MeterRegistry registry() {
        return registry;
    }

    void round(RoundRecord r) {
        record(roundTime, r.roundSeconds() * 1e9);
        record(triggerLatency, r.triggerLatencyMs() * 1e6);
        record(encodeToDecode, r.encodeToDecodeMs() * 1e6);
    }

    private static void record(Timer timer, double nanos) {
        if (Double.isFinite(nanos)) {
            timer.record(Duration.ofNanos((long) nanos));
        }
    }

    void progressAccepted() {
        progress.increment();
    }

    void uploadAccepted() {
        uploads.increment();
    }

    void dropped(VerdictReason reason) {
        dropped.increment();
        byReason.get(reason).increment();
    }

    void rejected(VerdictReason reason) {
        rejected.increment();
        byReason.get(reason).increment();
    }

    /** Called on transport threads (Micrometer counters are thread-safe). */
    void connectionRefused(ConnectionRefusal reason) {
        refusedConnections.get(reason).increment();
    }

    /** Drops and rejections of this reason so far. */
    public double refusedCount(VerdictReason reason) {
        return byReason.get(reason).count();
    }

    public double refusedConnections(ConnectionRefusal reason) {
        return refusedConnections.get(reason).count();
    }

    void workerDead() {
        workersDead.increment();
    }

    public double rejectedCount() {
        return rejected.count();
    }

    public double droppedCount() {
        return dropped.count();
    }

    public double progressCount() {
        return progress.count();
    }
}
