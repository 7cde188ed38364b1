package io.gcoding.coding.sim;

/**
 * The trials of one simulation: drawn from a seeded {@link DelayModel} or replayed from a trace. Every protocol and
 * every configuration of a run sees the same trials (PROTOCOL.md §5: "same assignment, same delays").
 * Implementations are safe to call from several threads.
 */
public interface TrialSource {

    /** Number of trials. */
    int count();

    /** Trial {@code index} (0-based); the same index always gives the same trial. */
    Trial trial(int index);

    /** Human-readable origin, e.g. the model spec or the trace path. */
    String describe();
}
