package io.gcoding.coordinator;

import io.gcoding.coding.engine.Scheduler;
import java.util.concurrent.Executor;

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
        return new LoopThread(threadName);
    }
}
