package io.gcoding.coding.sim;

/**
 * How the fast closed-form error compares with the real encoder on the states the simulation produced: for a
 * sample of states, E(s) through {@link io.gcoding.coding.MinNormEncoder#plan} (SVD, pseudo-inverse) against
 * {@link io.gcoding.coding.CoverageTracker#closedFormError()}, and the worst condition number of the A_i used
 * (PROTOCOL.md §2, "report the condition numbers of the A_i used").
 *
 * @param states         states checked
 * @param maxDifference  max |E_encoder - E_closed| over them (0 when none)
 * @param worstCondition worst cond(A_i) over covered chunks (1 when none)
 */
public record EncoderCheck(int states, double maxDifference, double worstCondition) {

    public static final EncoderCheck NONE = new EncoderCheck(0, 0, 1);

    public EncoderCheck plus(EncoderCheck other) {
        return new EncoderCheck(states + other.states, Math.max(maxDifference, other.maxDifference),
                Math.max(worstCondition, other.worstCondition));
    }

    /** One more state. */
    public EncoderCheck plus(double encoderError, double closedFormError, double condition) {
        return plus(new EncoderCheck(1, Math.abs(encoderError - closedFormError), condition));
    }
}
