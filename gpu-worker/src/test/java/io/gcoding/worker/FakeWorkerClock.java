package io.gcoding.worker;

import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A worker clock that moves only when the test says so: a wait with a deadline ends when a signal comes or when the
 * test has advanced the clock past the deadline, never because real time passed.
 */
final class FakeWorkerClock implements WorkerClock {
    private volatile long now;

    void advanceTo(double seconds) {
        now = (long) (seconds * 1e9);
    }

    @Override
    public long nanoTime() {
        return now;
    }

    @Override
    public <T> T awaitSignal(BlockingQueue<T> queue, long deadlineNanos) throws InterruptedException {
        while (true) {
            T signal = queue.poll(1, TimeUnit.MILLISECONDS); // re-checks the fake time every millisecond
            if (signal != null || (deadlineNanos != Long.MAX_VALUE && now >= deadlineNanos)) {
                return signal;
            }
        }
    }
}
