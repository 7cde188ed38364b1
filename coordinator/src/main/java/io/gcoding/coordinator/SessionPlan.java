package io.gcoding.coordinator;

import io.gcoding.coding.ProtocolRule;
import io.gcoding.protocol.SessionConfig;

/**
 * One session as the coordinator runs it: the Config workers receive, the rule RoundProtocol applies, whether the
 * decoded gradient is rescaled ("ignore stragglers"), and the encode timeout of PROTOCOL.md §6.
 */
public record SessionPlan(SessionConfig config, ProtocolRule rule, boolean rescale, double encodeTimeoutSeconds) {
    public SessionPlan {
        if (config == null || rule == null) {
            throw new IllegalArgumentException("a session needs a config and a rule");
        }
        if (!(encodeTimeoutSeconds > 0)) {
            throw new IllegalArgumentException("the encode timeout must be > 0 s, got " + encodeTimeoutSeconds);
        }
    }
}
