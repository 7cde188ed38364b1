package io.gcoding.coordinator;

/**
 * The few numbers of a round that the report needs and a checkpoint keeps (the full {@link RoundRecord} of a round
 * run before a resume is not kept: only these).
 *
 * @param round            absolute round number
 * @param seconds          RoundStart broadcast to decoded gradient
 * @param triggerLatencyMs see {@link RoundRecord#triggerLatencyMs()}
 * @param encodeToDecodeMs see {@link RoundRecord#encodeToDecodeMs()}
 * @param worstCondition   see {@link RoundRecord#worstCondition()}
 */
public record RoundSummary(long round, double seconds, double triggerLatencyMs, double encodeToDecodeMs,
        double worstCondition) {

    public static RoundSummary of(RoundRecord r) {
        return new RoundSummary(r.round(), r.roundSeconds(), r.triggerLatencyMs(), r.encodeToDecodeMs(),
                r.worstCondition());
    }
}
