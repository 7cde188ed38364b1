package io.gcoding.protocol;

/**
 * The outcome of validating one incoming message: use it, drop it (stale or duplicate, which is normal under
 * asynchrony), or reject it (malformed, unauthorised or inconsistent: a misbehaving peer). Drops and rejections
 * carry the reason that gets logged; neither ever reaches the model.
 */
public sealed interface Verdict<T> {

    record Accept<T>(T message) implements Verdict<T> {
    }

    record Drop<T>(String reason) implements Verdict<T> {
    }

    record Reject<T>(String reason) implements Verdict<T> {
    }

    static <T> Verdict<T> accept(T message) {
        return new Accept<>(message);
    }

    static <T> Verdict<T> drop(String reason) {
        return new Drop<>(reason);
    }

    static <T> Verdict<T> reject(String reason) {
        return new Reject<>(reason);
    }

    default boolean accepted() {
        return this instanceof Accept;
    }
}
