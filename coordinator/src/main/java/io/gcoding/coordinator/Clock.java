package io.gcoding.coordinator;

/** Monotonic time in nanoseconds, injected so that tests can drive deadlines without sleeping. */
@FunctionalInterface
public interface Clock {
    long nanoTime();

    static Clock system() {
        return System::nanoTime;
    }
}
