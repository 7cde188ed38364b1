package io.gcoding.coordinator;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Deferred tasks on the coordinator's state-machine thread (deadlines, encode timeouts). Injected next to the
 * {@link Clock}: production schedules on the loop executor, tests can fire timers by hand.
 */
@FunctionalInterface
public interface Timers {

    /** A scheduled task that can be called off. */
    interface Cancellable {
        void cancel();
    }

    Cancellable schedule(long delayNanos, Runnable task);

    /** Timers on the given single-threaded loop. */
    static Timers on(ScheduledExecutorService loop) {
        return (delayNanos, task) -> {
            ScheduledFuture<?> f = loop.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
            return () -> f.cancel(false);
        };
    }
}
