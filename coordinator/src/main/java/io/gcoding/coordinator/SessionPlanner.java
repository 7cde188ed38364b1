package io.gcoding.coordinator;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.Assignments;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.Orderings;
import io.gcoding.coding.ProtocolRule;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.SessionConfig;

/**
 * Turns a {@link TrainingSpec} into one {@link SessionPlan} per protocol (PROTOCOL.md §5), all on the same machinery
 * ({@link ProtocolRule} over RoundProtocol), the same data split into N = m chunks and the same stragglers:
 * <ul>
 *   <li>{@code partial}: cyclic assignment with the given replication, the optimal ordering for ell, encode on
 *       ell-coverage (exact) or at the deadline (approximate);</li>
 *   <li>{@code original}: the same assignment, only workers that finished ALL their chunks count, encode when the
 *       fastest m - s have (s = replication - ell);</li>
 *   <li>{@code uncoded}: each chunk on one worker, wait for all m;</li>
 *   <li>{@code ignore}: each chunk on one worker, wait for the fastest k, rescale by N / (chunks used).</li>
 * </ul>
 */
public final class SessionPlanner {
    private SessionPlanner() {
    }

    public static SessionPlan plan(String protocol, TrainingSpec spec, ModelSpec model, long firstRound) {
        int m = spec.workers();
        boolean coded = protocol.equals("partial") || protocol.equals("original");
        int ell = coded ? spec.ell() : 1;
        Assignment assignment = Assignments.cyclic(m, coded ? spec.replication() : 1);
        TriggerPolicy trigger = spec.approximate()
                ? TriggerPolicy.deadline(spec.deadlineSeconds(), spec.errorBound())
                : TriggerPolicy.exact();
        Ordering ordering = protocol.equals("partial")
                ? Orderings.optimal(assignment, ell, spec.seed())
                : Orderings.natural(assignment);
        ProtocolRule rule;
        boolean rescale = false;
        switch (protocol) {
            case "partial" -> rule = ProtocolRule.partial(trigger);
            case "original" -> rule = ProtocolRule.original(m - spec.tolerated(), trigger);
            case "uncoded" -> rule = ProtocolRule.fastest("uncoded", m, trigger);
            case "ignore" -> {
                int k = spec.ignoreFastest() > 0 ? spec.ignoreFastest() : Math.max(1, m - spec.tolerated());
                rule = ProtocolRule.fastest("ignore", k, trigger);
                rescale = true;
            }
            default -> throw new IllegalArgumentException("unknown protocol " + protocol);
        }
        SessionConfig config = new SessionConfig(m, assignment.chunks(), ell, spec.theta(), ordering.orders(), model,
                spec.dataset(), spec.seed(), spec.batchRows(), spec.seed() * 31 + 7, spec.optimizer(), protocol,
                spec.stragglers(), firstRound, model.parameterCount());
        return new SessionPlan(config, rule, rescale, spec.encodeTimeout());
    }
}
