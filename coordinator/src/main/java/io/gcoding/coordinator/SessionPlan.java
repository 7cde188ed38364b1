package io.gcoding.coordinator;

import io.gcoding.coding.AdaptiveOrderingPolicy;
import io.gcoding.coding.OrderingPolicy;
import io.gcoding.coding.engine.ProtocolKind;

import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.protocol.SessionConfig;
import java.util.Arrays;

/**
 * One session as the coordinator runs it: the Config workers receive, the rule the round engine plays (the same
 * orders as the Config's), and the timeouts of PROTOCOL.md §6.
 *
 * @param livenessSeconds a connected worker from which nothing at all (progress, upload, heartbeat) arrived for
 *                        this long is dead for the round: frozen, or its machine stopped
 * @param readySeconds    how long the first round waits for the connected workers to have loaded their chunks
 *                        (their Ready); then it starts without waiting for the others
 * @param adaptiveOrdering {@code --ordering adaptive}: the Config's orders are the start; each round's orders are
 *                        chosen from the measured speeds and announced with RoundStart (protocols that count every
 *                        chunk only: for the others the order within a worker does not change a round)
 */
public record SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts,
        double livenessSeconds, double readySeconds, boolean adaptiveOrdering) {

    /** The default liveness deadline: ten missed heartbeats. */
    public static final double DEFAULT_LIVENESS_SECONDS = 10;
    /** The default wait for workers to load their chunks. */
    public static final double DEFAULT_READY_SECONDS = 120;

    public SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts) {
        this(config, rule, timeouts, DEFAULT_LIVENESS_SECONDS, DEFAULT_READY_SECONDS, false);
    }

    /** On the Config's orders every round. */
    public SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts, double livenessSeconds,
            double readySeconds) {
        this(config, rule, timeouts, livenessSeconds, readySeconds, false);
    }

    /** The policy that picks each round's orders, starting from the Config's. */
    public OrderingPolicy orderingPolicy() {
        return adaptiveOrdering && rule.kind().counting() == ProtocolKind.Counting.EVERY_CHUNK
                ? new AdaptiveOrderingPolicy(rule.ordering(), rule.ell(), config.dataSeed())
                : OrderingPolicy.fixed(rule.ordering());
    }

    public SessionPlan {
        if (!(livenessSeconds > 0)) {
            throw new IllegalArgumentException("the liveness timeout must be > 0 s, got " + livenessSeconds);
        }
        if (!(readySeconds > 0)) {
            throw new IllegalArgumentException("the ready timeout must be > 0 s, got " + readySeconds);
        }
        if (config == null || rule == null || timeouts == null) {
            throw new IllegalArgumentException("a session needs a config, a rule and timeouts");
        }
        if (!Arrays.deepEquals(config.orders(), rule.ordering().orders()) || config.ell() != rule.ell()) {
            throw new IllegalArgumentException("the session's Config and its round rule disagree on the orders or ell");
        }
    }
}
