package io.gcoding.protocol;

/**
 * What the coordinator's round state machine tells {@link MessageValidator} about the current round. Read on the
 * coordinator's single state-machine thread, so the answers are consistent with the message being checked.
 */
public interface RoundView {
    /** m. */
    int workers();

    /** The current round, or -1 before the first RoundStart. */
    long round();

    /** The current state version of the round (0 until a failure re-issues ENCODE or RESUME). */
    int stateVersion();

    /** delta_j: chunks worker j holds in the current session. */
    int load(int worker);

    /** The last cumulative progress accepted from worker j in this round. */
    int reportedProgress(int worker);

    /**
     * Whether an upload of worker j for {@link #stateVersion()} would be used: it is in the outstanding ENCODE's
     * state, or its protocol uploads on completion and the round still collects.
     */
    boolean uploadExpected(int worker);

    /** Worker j's upload for the outstanding ENCODE has already been accepted. */
    boolean hasUploaded(int worker);

    /** Whether the current round still collects or encodes (false once it is decoded or failed). */
    boolean roundOpen();

    /** The session's first round (its Config's): a Ready for another session is stale. */
    long firstRound();

    /** ceil(d / ell) at the current round's ell. */
    int uploadLength();

    /** The current round's ell (the Config's, or the one announced with its RoundStart). */
    int ell();
}
