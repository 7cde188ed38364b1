package io.gcoding.coordinator;

/**
 * What a session does with decoded gradients: the training logic (optimizer step, evaluation, records) on top of
 * the protocol mechanics of {@link RoundDriver}. Called on the coordinator loop.
 */
public interface SessionHandler {
    /** Parameters for the first round. */
    double[] initialParameters();

    /**
     * The decoded gradient of a round (a SUM over the rows of the chunks used, PROTOCOL.md §2.7).
     *
     * @return the next round's parameters, or null to end the session
     */
    double[] onRound(long round, double[] gradient, RoundRecord record);
}
