package io.gcoding.coordinator;

import io.gcoding.coding.engine.Scheduler;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * The coordinator's single state-machine thread: an {@link Executor} that every inbound message hops onto, and the
 * {@link Scheduler} the round engine reads time from and arms its deadlines and timeouts on. Injected, so tests run
 * the coordinator on a fake clock and fire every timeout by advancing it, never by sleeping.
 */
public interface EventLoop extends Executor, Scheduler, AutoCloseable {

    /** Stops the thread; pending tasks are dropped. */
    @Override
    void close();

    /** The real loop: one daemon thread, monotonic time in seconds since the loop was made. */
    static EventLoop system(String threadName) {
        ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
        long epoch = System.nanoTime();
        return new EventLoop() {
            @Override
            public void execute(Runnable command) {
                executor.execute(command);
            }

            @Override
            public double now() {
                return (System.nanoTime() - epoch) / 1e9;
            }

            @Override
            public Cancellable at(double time, Runnable task) {
                long delay = (long) Math.ceil((time - now()) * 1e9);
                ScheduledFuture<?> f = executor.schedule(task, Math.max(0, delay), TimeUnit.NANOSECONDS);
                return () -> f.cancel(false);
            }

            @Override
            public void close() {
                executor.shutdownNow();
            }
        };
    }
}
