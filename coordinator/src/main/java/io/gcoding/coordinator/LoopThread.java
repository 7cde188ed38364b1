package io.gcoding.coordinator;

import io.gcoding.coding.engine.EventQueueScheduler;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The real coordinator loop: one thread that runs the tasks handed to it in order and the timers that fall due,
 * on monotonic time in seconds since it was made. Every inbound message is one task, so the hand-off is the hot
 * path: a lock-free queue, and the thread is woken (unparked) only when it is parked, instead of a
 * {@code ScheduledThreadPoolExecutor}'s locked delay heap for every message. Timers live in an
 * {@link EventQueueScheduler} that only this thread touches.
 */
final class LoopThread implements EventLoop {
    private final ConcurrentLinkedQueue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    private final EventQueueScheduler timers;
    private final AtomicBoolean parked = new AtomicBoolean();
    private final long epoch = System.nanoTime();
    private final Thread thread;
    private volatile boolean closed;

    LoopThread(String name) {
        timers = new EventQueueScheduler(0);
        thread = new Thread(this::loop, name);
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void execute(Runnable command) {
        if (closed) {
            throw new RejectedExecutionException("the coordinator loop is closed");
        }
        tasks.add(command);
        if (parked.get() && parked.compareAndSet(true, false)) {
            LockSupport.unpark(thread);
        }
    }

    @Override
    public double now() {
        return (System.nanoTime() - epoch) / 1e9;
    }

    @Override
    public Cancellable at(double time, Runnable task) {
        if (Thread.currentThread() == thread) {
            return timers.at(time, task);
        }
        // from another thread: the timer is inserted (and cancelled) on the loop thread
        Cancellable[] handle = new Cancellable[1];
        boolean[] cancelled = new boolean[1];
        execute(() -> {
            if (!cancelled[0]) {
                handle[0] = timers.at(time, task);
            }
        });
        return () -> execute(() -> {
            cancelled[0] = true;
            if (handle[0] != null) {
                handle[0].cancel();
            }
        });
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(thread);
    }

    private void loop() {
        while (!closed) {
            Runnable task;
            while ((task = tasks.poll()) != null && !closed) {
                run(task);
            }
            double now = now();
            while (timers.nextTime() <= now && !closed) {
                run(timers::runNext); // the scheduler's own clock moves to the timer's time; ours is now()
            }
            if (!tasks.isEmpty()) {
                continue;
            }
            parked.set(true);
            if (!tasks.isEmpty()) { // a task that came after the last poll but before the flag was set
                parked.set(false);
                continue;
            }
            double next = timers.nextTime();
            if (next == Double.POSITIVE_INFINITY) {
                LockSupport.park(this);
            } else {
                long wait = (long) Math.ceil((next - now()) * 1e9);
                if (wait > 0) {
                    LockSupport.parkNanos(this, wait);
                }
            }
            parked.set(false);
        }
        tasks.clear();
    }

    private static void run(Runnable task) {
        TransportLoop.run(task);
    }
}
