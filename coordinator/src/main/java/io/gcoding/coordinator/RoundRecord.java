package io.gcoding.coordinator;

/**
 * What happened in one round, as measured by the coordinator on its own clock.
 *
 * @param round              round number
 * @param roundSeconds       RoundStart broadcast to decoded gradient
 * @param triggerSeconds     RoundStart broadcast to the (first) ENCODE broadcast
 * @param triggerLatencyMs   arrival of the last needed Progress (or the deadline) to the ENCODE broadcast
 * @param encodeToDecodeMs   the final ENCODE broadcast to the decoded gradient
 * @param state              the state vector s of the ENCODE that was decoded
 * @param versions           ENCODE/RESUME versions issued (1 = no failure during encoding)
 * @param chunksUsed         chunks with |W(i)| > 0 in the decoded state (the chunks whose gradient is in ghat)
 * @param progressAtTrigger  each worker's last cumulative report when the ENCODE went out
 * @param uploadLatencyMs    per worker, ENCODE broadcast to its upload (NaN: not asked)
 * @param deadWorkers        workers declared dead during the round (disconnected or encode timeout)
 * @param coefficientError   E(s) of PROTOCOL.md §3 for the decoded state (0 for exact decoding)
 * @param worstCondition     the largest 2-norm condition number of the A_i = Theta[:, W(i)] used in the decode
 * @param progressMessages   Progress messages accepted during the round
 */
public record RoundRecord(long round, double roundSeconds, double triggerSeconds, double triggerLatencyMs,
        double encodeToDecodeMs, int[] state, int versions, int[] chunksUsed, int[] progressAtTrigger,
        double[] uploadLatencyMs, int[] deadWorkers, double coefficientError, double worstCondition,
        long progressMessages) {
}
