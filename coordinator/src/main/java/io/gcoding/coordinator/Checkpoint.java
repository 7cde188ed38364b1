package io.gcoding.coordinator;

import java.util.List;

/**
 * Everything a resumed run needs to continue a {@link TrainingRun} exactly where it stopped (written by
 * {@link CheckpointStore}, encoded by {@link CheckpointCodec}):
 *
 * <ul>
 *   <li>the configuration it belongs to ({@link ConfigFingerprint}: the settings that shape the trajectory, and
 *       their hash), so that a resume with other settings is refused, naming the setting;</li>
 *   <li>{@code nextRound}, the absolute round number to continue with: rounds are numbered across sessions and
 *       mini-batch rows are drawn per absolute round, so a resumed run must keep the numbering;</li>
 *   <li>the sessions already finished (what the report shows of them) and, between two rounds of a session, its
 *       progress: model, optimizer state, evaluations and round summaries.</li>
 * </ul>
 *
 * There is no random-generator state to keep: every random draw of a run (data split, mini-batches, initial model,
 * Theta, seeded assignments, jitter) is a pure function of the seed and, where it changes per round, of the
 * absolute round number.
 *
 * @param fingerprint the configuration
 * @param nextRound   the first absolute round number the resumed run uses
 * @param finished    the finished sessions, in the order of the configuration's protocols
 * @param current     the session in progress, or null at a session boundary
 */
public record Checkpoint(ConfigFingerprint fingerprint, long nextRound, List<SessionResult> finished,
        SessionProgress current) {

    public Checkpoint {
        if (fingerprint == null) {
            throw new IllegalArgumentException("a checkpoint needs the configuration's fingerprint");
        }
        if (nextRound < 0) {
            throw new IllegalArgumentException("nextRound must be >= 0, got " + nextRound);
        }
        finished = List.copyOf(finished);
    }

    /** Where the run stands, in words (for the log). */
    public String describe() {
        String where = current == null
                ? finished.size() + " session(s) finished"
                : "session " + current.protocol() + " after " + current.roundsDone() + " rounds";
        return where + ", next round " + nextRound;
    }
}
