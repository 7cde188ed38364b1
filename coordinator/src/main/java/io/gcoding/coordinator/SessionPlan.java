package io.gcoding.coordinator;

import io.gcoding.coding.AdaptiveOrderingPolicy;
import io.gcoding.coding.AutoEllPolicy;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.EllPolicy;
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
 * @param autoEll         {@code --ell auto}: each round's ell chosen from the measured speeds and upload cost and
 *                        announced with RoundStart (the Config's ell, 1, is the first round's); null: the Config's
 *                        ell every round
 */
public record SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts,
        double livenessSeconds, double readySeconds, boolean adaptiveOrdering, AutoEll autoEll) {

    /**
     * {@code --ell auto}: ell per round in 1..maxEll.
     *
     * @param maxEll          the largest ell a round may use (at most the smallest replication)
     * @param uploadBandwidth one worker's upload bandwidth in bytes per second, or NaN to measure it from the uploads
     */
    public record AutoEll(int maxEll, double uploadBandwidth) {
        public AutoEll {
            if (maxEll < 1) {
                throw new ConfigurationException("--ell auto: the largest ell must be >= 1, got " + maxEll);
            }
            if (!Double.isNaN(uploadBandwidth) && (!(uploadBandwidth > 0) || Double.isInfinite(uploadBandwidth))) {
                throw new ConfigurationException("--upload-bandwidth must be a positive number of bytes per second,"
                        + " got " + uploadBandwidth);
            }
        }

        /** Whether the upload cost is measured rather than given. */
        public boolean measured() {
            return Double.isNaN(uploadBandwidth);
        }
    }

    /** At the Config's ell every round. */
    public SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts, double livenessSeconds,
            double readySeconds, boolean adaptiveOrdering) {
        this(config, rule, timeouts, livenessSeconds, readySeconds, adaptiveOrdering, null);
    }

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

    /** The policy that picks each round's ell: the Config's every round, or {@code --ell auto}'s choice. */
    public EllPolicy ellPolicy() {
        return autoEll == null ? EllPolicy.fixed(config.ell())
                : new AutoEllPolicy(rule.ordering().assignment(), autoEll.maxEll(), config.parameterCount(),
                        autoEll.uploadBandwidth(), config.dataSeed());
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
        if (autoEll != null) {
            if (!RoundRule.changesEll(rule.kind()) || rule.fixedCode() != null) {
                throw new ConfigurationException("--ell auto applies to protocols that wait for coverage and upload on"
                        + " ENCODE (partial), not " + rule.kind().label());
            }
            if (!rule.trigger().isExact()) {
                throw new ConfigurationException("--ell auto minimises the exact round time: use --mode exact");
            }
            if (adaptiveOrdering) {
                throw new ConfigurationException("--ell auto runs on static orders: use --ordering optimal (or"
                        + " natural, random, csv:PATH), not adaptive");
            }
            if (config.ell() != 1) {
                throw new IllegalArgumentException("with --ell auto the Config's ell (the first round's) is 1, got "
                        + config.ell());
            }
            rule.ordering().assignment().requireExactlyDecodable(autoEll.maxEll());
        }
    }
}
