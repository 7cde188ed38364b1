package io.gcoding.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The worker's time: readings for its measurements and injected pacing, and the wait for the next control signal
 * with a deadline. Injected, so that tests drive the pacing on a fake clock instead of sleeping.
 */
public interface WorkerClock {

    /** Monotonic nanoseconds. */
    long nanoTime();

    /**
     * The next signal, waiting at most until {@code deadlineNanos} on this clock ({@link Long#MAX_VALUE}: until one
     * comes); null when the deadline passed first.
     */
    <T> T awaitSignal(BlockingQueue<T> queue, long deadlineNanos) throws InterruptedException;

    /** Real time. */
    WorkerClock SYSTEM = new WorkerClock() {
        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public <T> T awaitSignal(BlockingQueue<T> queue, long deadlineNanos) throws InterruptedException {
            if (deadlineNanos == Long.MAX_VALUE) {
                return queue.take();
            }
            long wait = deadlineNanos - System.nanoTime();
            return wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
        }
    };
}
