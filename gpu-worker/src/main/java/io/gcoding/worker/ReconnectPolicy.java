package io.gcoding.worker;

/**
 * What a worker does when its stream to the coordinator fails (the coordinator process died or restarts, or the
 * network dropped): try again after an exponentially growing delay ({@code initialSeconds}, doubling, capped at
 * {@code maxSeconds}) until {@code timeoutSeconds} have passed since the connection was lost, then give up. The
 * clock restarts whenever a message from the coordinator arrives. A stream the coordinator ends on purpose
 * (Shutdown, or a clean end of the stream) is never retried.
 *
 * @param timeoutSeconds 0: never reconnect (the worker ends when its stream fails)
 */
public record ReconnectPolicy(double timeoutSeconds, double initialSeconds, double maxSeconds) {
    /** Fail at once when the stream fails. */
    public static final ReconnectPolicy NEVER = new ReconnectPolicy(0, 0.25, 2);

    public ReconnectPolicy {
        if (!(timeoutSeconds >= 0) || !(initialSeconds > 0) || !(maxSeconds >= initialSeconds)
                || !Double.isFinite(timeoutSeconds) || !Double.isFinite(maxSeconds)) {
            throw new IllegalArgumentException("reconnect: need timeout >= 0 and 0 < initial delay <= max delay, got "
                    + timeoutSeconds + ", " + initialSeconds + ", " + maxSeconds);
        }
    }

    /** Retries for {@code timeoutSeconds}: first after 0.25 s, then 0.5, 1, 2, 2, ... s. */
    public static ReconnectPolicy forSeconds(double timeoutSeconds) {
        return new ReconnectPolicy(timeoutSeconds, 0.25, 2);
    }

    public boolean enabled() {
        return timeoutSeconds > 0;
    }

    /** The delay before retry {@code attempt} (1-based) of one outage, capped at {@code maxSeconds}. */
    public double delaySeconds(int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt must be >= 1, got " + attempt);
        }
        double d = initialSeconds * Math.pow(2, Math.min(attempt - 1, 60));
        return Math.min(d, maxSeconds);
    }
}
