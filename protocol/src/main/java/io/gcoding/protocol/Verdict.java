package io.gcoding.protocol;

/**
 * The outcome of validating one incoming message: use it, drop it (stale or duplicate, which is normal under
 * asynchrony), or reject it (malformed, unauthorised or inconsistent: a misbehaving peer). Drops and rejections
 * carry the reason that gets logged and its kind (for the per-reason counts); neither ever reaches the model.
 */
public sealed interface Verdict<T> {

    record Accept<T>(T message) implements Verdict<T> {
    }

    record Drop<T>(VerdictReason kind, String reason) implements Verdict<T> {
    }

    record Reject<T>(VerdictReason kind, String reason) implements Verdict<T> {
    }

    static <T> Verdict<T> accept(T message) {
        return new Accept<>(message);
    }

    static <T> Verdict<T> drop(VerdictReason kind, String reason) {
        return new Drop<>(kind, reason);
    }

    static <T> Verdict<T> reject(VerdictReason kind, String reason) {
        return new Reject<>(kind, reason);
    }

    default boolean accepted() {
        return this instanceof Accept;
    }
}
