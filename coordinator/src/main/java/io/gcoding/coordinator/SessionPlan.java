package io.gcoding.coordinator;

import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.protocol.SessionConfig;
import java.util.Arrays;

/**
 * One session as the coordinator runs it: the Config workers receive, the rule the round engine plays (the same
 * orders as the Config's), and the timeouts of PROTOCOL.md §6.
 */
public record SessionPlan(SessionConfig config, RoundRule rule, RoundEngine.Timeouts timeouts) {
    public SessionPlan {
        if (config == null || rule == null || timeouts == null) {
            throw new IllegalArgumentException("a session needs a config, a rule and timeouts");
        }
        if (!Arrays.deepEquals(config.orders(), rule.ordering().orders()) || config.ell() != rule.ell()) {
            throw new IllegalArgumentException("the session's Config and its round rule disagree on the orders or ell");
        }
    }
}
