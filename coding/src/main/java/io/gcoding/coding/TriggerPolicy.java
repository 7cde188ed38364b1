package io.gcoding.coding;

/**
 * When the PS may stop waiting (PROTOCOL.md §2.4): exact mode waits for ell-coverage; approximate mode stops at a
 * deadline after the round start, or earlier once the coefficient error E(s) is at most an error bound. The round
 * engine asks {@link #coverageReached} after every state change and schedules {@link #deadlineSeconds()}.
 */
public sealed interface TriggerPolicy {

    /** Whether the coverage-waiting protocols may encode with this state. */
    boolean coverageReached(CoverageTracker tracker);

    /** The time after the round start at which the round encodes with whatever it has, or +infinity. */
    double deadlineSeconds();

    /** True in exact mode: nothing but full coverage decodes. */
    boolean isExact();

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
        public boolean coverageReached(CoverageTracker tracker) {
            return tracker.isCovered();
        }

        @Override
        public double deadlineSeconds() {
            return Double.POSITIVE_INFINITY;
        }

        @Override
        public boolean isExact() {
            return true;
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
        public boolean coverageReached(CoverageTracker tracker) {
            return tracker.isCovered() || tracker.closedFormError() <= errorBound;
        }

        @Override
        public double deadlineSeconds() {
            return seconds;
        }

        @Override
        public boolean isExact() {
            return false;
        }
    }
}
