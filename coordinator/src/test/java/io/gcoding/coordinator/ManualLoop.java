package io.gcoding.coordinator;

import io.gcoding.coding.engine.EventQueueScheduler;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A coordinator loop on a fake clock: messages still hop onto one real thread (gRPC delivers them from its own), but
 * time only moves when the test calls {@link #advance}, which runs every timer that falls due on that thread. Tests
 * of deadlines and timeouts therefore never sleep.
 */
final class ManualLoop implements EventLoop {
    private final ExecutorService thread = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "coordinator-loop (manual clock)");
        t.setDaemon(true);
        return t;
    });
    /** Touched only on the loop thread. */
    private final EventQueueScheduler timers = new EventQueueScheduler();
    private volatile double now;

    @Override
    public void execute(Runnable command) {
        thread.execute(command);
    }

    @Override
    public double now() {
        return now;
    }

    @Override
    public Cancellable at(double time, Runnable task) {
        return timers.at(time, task);
    }

    /** Moves the clock forward on the loop thread, running the timers that fall due; returns once they ran. */
    void advance(double seconds) throws Exception {
        CompletableFuture<Void> done = new CompletableFuture<>();
        thread.execute(() -> {
            double target = now + seconds;
            while (timers.nextTime() <= target) {
                now = timers.nextTime();
                timers.runNext();
            }
            timers.runUntil(target);
            now = target;
            done.complete(null);
        });
        done.get(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        thread.shutdownNow();
    }
}
