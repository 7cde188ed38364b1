package io.gcoding.coordinator;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.SessionConfig;

/**
 * Turns a {@link TrainingSpec} into one {@link SessionPlan} per protocol: the assignment and ordering built by the
 * same specs as {@code simulate}, the protocol's layout, rule and defaults from {@link RoundRule} (the one place that
 * knows them), and the same data split, seeds and stragglers for every protocol.
 */
public final class SessionPlanner {
    private SessionPlanner() {
    }

    public static SessionPlan plan(ProtocolKind kind, TrainingSpec spec, ModelSpec model, long firstRound) {
        Assignment assignment = spec.assignmentSpec().build();
        if (assignment.workers() != spec.workers()) {
            throw new ConfigurationException("the assignment " + assignment.name() + " has " + assignment.workers()
                    + " workers but --workers is " + spec.workers());
        }
        if (assignment.chunks() < spec.workers()) {
            throw new ConfigurationException("the assignment " + assignment.name() + " has " + assignment.chunks()
                    + " chunks for " + spec.workers() + " workers: the uncoded baselines need N >= m");
        }
        Ordering coded = spec.orderingSpec().build(assignment, spec.ell());
        TriggerPolicy trigger = spec.approximate()
                ? TriggerPolicy.deadline(spec.deadlineSeconds(), spec.errorBound())
                : TriggerPolicy.exact();
        RoundRule rule = RoundRule.of(kind, coded, spec.ell(), trigger, spec.ignoreFastest());
        Ordering ordering = rule.ordering();
        SessionConfig config = SessionConfig.builder()
                .coding(spec.workers(), assignment.chunks(), rule.ell(), spec.theta(), ordering.orders())
                .model(model).data(spec.dataset(), spec.seed(), spec.batchRows(), spec.seed() * 31 + 7)
                .protocol(kind).uploadRule(rule.uploadRule()).optimizer(spec.optimizer()).stragglers(spec.stragglers()).firstRound(firstRound)
                .build();
        return new SessionPlan(config, rule, new RoundEngine.Timeouts(spec.encodeTimeout(), spec.roundTimeout()),
                spec.livenessTimeout(), spec.joinTimeout(), spec.orderingSpec().isAdaptive(), spec.autoEll());
    }
}
