package io.gcoding.coding.engine;

/**
 * The round engine's only view of time: the driver's clock and deferred tasks on the driver's single thread. The
 * simulator injects an event queue ({@link EventQueueScheduler}), the coordinator its loop executor; tests of
 * deadlines and timeouts use the event queue and never sleep.
 */
public interface Scheduler {

    /** A scheduled task that can be called off; cancelling a task that already ran, or twice, does nothing. */
    interface Cancellable {
        void cancel();
    }

    /** Now, in seconds on the driver's clock. */
    double now();

    /**
     * Runs {@code task} on the driver's thread at {@code time} (seconds on the same clock); a time in the past runs
     * as soon as possible.
     */
    Cancellable at(double time, Runnable task);
}
