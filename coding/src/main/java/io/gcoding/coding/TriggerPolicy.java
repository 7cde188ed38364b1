package io.gcoding.coding;

/**
 * When the PS broadcasts ENCODE (PROTOCOL.md §2.4). Shared by the simulator (simulated clock) and the coordinator
 * (real clock): both call {@link #shouldEncode} after every state change and at {@link #deadlineSeconds()}.
 */
public sealed interface TriggerPolicy {

    /** @param elapsedSeconds time since the round started */
    boolean shouldEncode(CoverageTracker tracker, double elapsedSeconds);

    /** The time after the round start at which the policy fires regardless of coverage, or +infinity. */
    double deadlineSeconds();

    /** Exact mode: as soon as every chunk is covered ell times. */
    static TriggerPolicy exact() {
        return new Exact();
    }

    /** Approximate mode: at the deadline, or earlier once E(s) <= errorBound (0 = only at full coverage). */
    static TriggerPolicy deadline(double seconds, double errorBound) {
        return new Deadline(seconds, errorBound);
    }

    record Exact() implements TriggerPolicy {
        @Override
        public boolean shouldEncode(CoverageTracker tracker, double elapsedSeconds) {
            return tracker.isCovered();
        }

        @Override
        public double deadlineSeconds() {
            return Double.POSITIVE_INFINITY;
        }
    }

    record Deadline(double seconds, double errorBound) implements TriggerPolicy {
        public Deadline {
            if (!(seconds > 0) || Double.isNaN(seconds)) {
                throw new ConfigurationException("the deadline must be a positive number of seconds, got " + seconds);
            }
            if (errorBound < 0 || errorBound > 1 || Double.isNaN(errorBound)) {
                throw new ConfigurationException("the error bound must be in [0, 1], got " + errorBound);
            }
        }

        @Override
        public boolean shouldEncode(CoverageTracker tracker, double elapsedSeconds) {
            return elapsedSeconds >= seconds || tracker.isCovered() || tracker.closedFormError() <= errorBound;
        }

        @Override
        public double deadlineSeconds() {
            return seconds;
        }
    }
}
