package io.gcoding.coding.engine;

import io.gcoding.coding.StateVector;

/**
 * What the round engine decided in one round, on its scheduler's clock (seconds). Drivers add what only they can
 * measure (message counts, wire latencies).
 *
 * @param round              round number
 * @param timing             when the round started, first encoded, and decoded
 * @param state              the state vector of the decoded uploads
 * @param triggerState       the state of the first trigger (the first ENCODE; = state when nothing failed)
 * @param progressAtTrigger  each worker's latest cumulative report at the first trigger
 * @param uploadLatency      per worker, seconds from the ENCODE it answered (or the round start, for uploads on
 *                           completion) to its upload; NaN where no upload was used
 * @param faults             state versions, re-encodes, RESUMEs and dead workers
 * @param chunksUsed         chunks with |W(i)| > 0 in the decoded state
 * @param closedFormError    E(s) in closed form (PROTOCOL.md §3) of the decoded state
 */
public record RoundReport(long round, Timing timing, StateVector state, StateVector triggerState,
        int[] progressAtTrigger,
        double[] uploadLatency, Faults faults, int[] chunksUsed, double closedFormError) {

    /**
     * @param start        RoundStart
     * @param firstTrigger the first ENCODE (or, for uploads on completion, the decode)
     * @param lastEncode   the ENCODE whose uploads were decoded (= firstTrigger without faults)
     * @param decoded      the last needed upload arrived and was decoded
     */
    public record Timing(double start, double firstTrigger, double lastEncode, double decoded) {
        public double roundSeconds() {
            return decoded - start;
        }

        public double triggerSeconds() {
            return firstTrigger - start;
        }

        public double encodeToDecodeSeconds() {
            return decoded - lastEncode;
        }
    }

    /**
     * @param versions   state versions issued (ENCODE or RESUME; 1 = no failure after the first ENCODE)
     * @param reEncodes  ENCODEs re-issued after a worker died
     * @param resumes    RESUMEs (coverage lost after a worker died)
     * @param dead       workers declared dead during the round
     */
    public record Faults(int versions, int reEncodes, int resumes, int[] dead) {
    }
}
