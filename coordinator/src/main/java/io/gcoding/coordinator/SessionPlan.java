package io.gcoding.coordinator;

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
 */
public record SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts,
        double livenessSeconds, double readySeconds) {

    /** The default liveness deadline: ten missed heartbeats. */
    public static final double DEFAULT_LIVENESS_SECONDS = 10;
    /** The default wait for workers to load their chunks. */
    public static final double DEFAULT_READY_SECONDS = 120;

    public SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts) {
        this(config, rule, timeouts, DEFAULT_LIVENESS_SECONDS, DEFAULT_READY_SECONDS);
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
