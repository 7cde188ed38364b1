package io.gcoding.coordinator;

import io.gcoding.coding.engine.RoundReport;

/**
 * What happened in one round: the round engine's report plus what only the coordinator measures.
 *
 * @param report            the engine's decisions and times (seconds on the coordinator's clock)
 * @param triggerLatencyMs  arrival of the last needed Progress (or the deadline) to the first ENCODE broadcast
 * @param coefficientError  E(s) of PROTOCOL.md §3 through the same pinv(A_i) the workers use (0 for exact decoding)
 * @param worstCondition    the largest 2-norm condition number of the A_i = Theta[:, W(i)] used in the decode
 * @param progressMessages  Progress messages accepted during the round
 * @param timeline          when each worker's chunks and upload arrived (the live view and the report draw it)
 * @param orderVersion      the version of the chunk orders announced with RoundStart (0: the Config's)
 * @param ell               the round's communication parameter (the Config's, or {@code --ell auto}'s choice)
 */
public record RoundRecord(RoundReport report, double triggerLatencyMs, double coefficientError,
        double worstCondition, long progressMessages, RoundTimeline timeline, int orderVersion, int ell) {

    public long round() {
        return report.round();
    }

    /** RoundStart broadcast to decoded gradient. */
    public double roundSeconds() {
        return report.timing().roundSeconds();
    }

    /** RoundStart broadcast to the first ENCODE broadcast (or to the decode, for uploads on completion). */
    public double triggerSeconds() {
        return report.timing().triggerSeconds();
    }

    /** The final ENCODE broadcast to the decoded gradient. */
    public double encodeToDecodeMs() {
        return report.timing().encodeToDecodeSeconds() * 1e3;
    }

    /** The state vector s that was decoded. */
    public int[] state() {
        return report.state().toArray();
    }

    /** The state of the first ENCODE (the trigger). */
    public int[] triggerState() {
        return report.triggerState().toArray();
    }

    /** State versions issued (1 = no failure during encoding). */
    public int versions() {
        return report.faults().versions();
    }

    public int reEncodes() {
        return report.faults().reEncodes();
    }

    public int resumes() {
        return report.faults().resumes();
    }

    public int[] chunksUsed() {
        return report.chunksUsed().clone();
    }

    public int[] progressAtTrigger() {
        return report.progressAtTrigger().clone();
    }

    /** Per worker, its ENCODE (or the round start) to its upload; NaN where no upload was used. */
    public double[] uploadLatencyMs() {
        double[] s = report.uploadLatency();
        double[] ms = new double[s.length];
        for (int j = 0; j < s.length; j++) {
            ms[j] = s[j] * 1e3;
        }
        return ms;
    }

    /** Workers declared dead during the round (disconnected or encode timeout). */
    public int[] deadWorkers() {
        return report.faults().dead().clone();
    }
}
