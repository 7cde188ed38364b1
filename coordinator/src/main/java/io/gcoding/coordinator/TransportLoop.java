package io.gcoding.coordinator;

import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator loop on the network's own I/O thread: the single Netty event loop that reads and writes every
 * worker connection also runs the state machine and its timers. A message is then decoded, handled and answered
 * on the thread that read it, with no hand-off to a second thread and back (each hand-off is a wake-up, and on a
 * machine with fewer cores than processes a wake-up costs a scheduling delay, not microseconds). A task that
 * arrives while the thread works on another is queued behind it, as on {@link LoopThread}.
 */
final class TransportLoop implements EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TransportLoop.class);

    private final java.util.concurrent.ScheduledExecutorService thread;
    private final long epoch = System.nanoTime();
    private volatile boolean closed;

    /** @param thread a Netty event loop (one thread) that serves every connection of the server */
    TransportLoop(java.util.concurrent.ScheduledExecutorService thread) {
        this.thread = thread;
    }

    @Override
    public void execute(Runnable command) {
        if (closed) {
            throw new RejectedExecutionException("the coordinator loop is closed");
        }
        thread.execute(() -> run(command));
    }

    @Override
    public double now() {
        return (System.nanoTime() - epoch) / 1e9;
    }

    @Override
    public Cancellable at(double time, Runnable task) {
        long delay = Math.max(0, (long) Math.ceil((time - now()) * 1e9));
        ScheduledFuture<?> f = thread.schedule(() -> {
            if (!closed) {
                run(task);
            }
        }, delay, TimeUnit.NANOSECONDS);
        return () -> f.cancel(false);
    }

    /** Stops running the coordinator's tasks; the thread itself belongs to the transport, which stops it. */
    @Override
    public void close() {
        closed = true;
    }

    static void run(Runnable task) {
        try {
            task.run();
        } catch (RuntimeException | Error e) {
            // as an executor would: the loop survives a failing task, and says so
            LOG.error("a coordinator loop task failed", e);
        }
    }
}
