package io.gcoding.coordinator;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link TrainingRun.Listener} whose callbacks run on a thread of their own, in order. The run calls its listener
 * on the coordinator loop between a decoded round and the next RoundStart, so whatever the listener does (formatting
 * the live view's lines took 0.3 ms a round) would otherwise lengthen every round; here the loop only enqueues.
 *
 * <p>The loop never blocks on the view: a round that finds the queue full is not shown, and the next one shown is
 * preceded by a log line saying how many were skipped. With {@code latestOnly} (a view redrawn in place), a round
 * still queued behind a newer one of the same session is skipped as superseded. {@link #sessionFinished} waits, up
 * to a deadline, until everything before it has been shown, so that the view's lines stay ahead of what the command
 * prints next.
 */
public final class OffLoopListener implements TrainingRun.Listener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(OffLoopListener.class);
    private static final int CAPACITY = 4096;
    /** How long the end of a session waits for the view to catch up before it goes on without it. */
    private static final long DRAIN_SECONDS = 10;
    /** How long the view thread waits for a round before it logs that it is idle. */
    private static final long IDLE_LOG_SECONDS = 60;

    private sealed interface Event {
    }

    private record Starting(String protocol, int rounds) implements Event {
    }

    private record Step(String protocol, int roundsDone, RoundRecord record, double[] parameters) implements Event {
    }

    private record Finished(SessionResult result, CountDownLatch shown) implements Event {
    }

    private record Stop() implements Event {
    }

    private final TrainingRun.Listener target;
    private final boolean latestOnly;
    private final BlockingQueue<Event> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final Thread thread;
    /** Rounds not shown because the queue was full; written by the loop, read and reset by the view thread. */
    private final AtomicLong skipped = new AtomicLong();

    /**
     * @param latestOnly skip a round when a newer one is already queued (a view that redraws in place)
     */
    public OffLoopListener(TrainingRun.Listener target, boolean latestOnly) {
        this.target = target;
        this.latestOnly = latestOnly;
        this.thread = new Thread(this::deliver, "training-view");
        thread.setDaemon(true);
        thread.start();
    }

    /** Called before a session, not on the loop: may wait (bounded) for room in the queue. */
    @Override
    public void sessionStarting(String protocol, int rounds) {
        enqueueWaiting(new Starting(protocol, rounds));
    }

    @Override
    public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
        enqueue(new Step(protocol, roundsDone, record, parameters));
    }

    @Override
    public void sessionFinished(SessionResult result) {
        Finished finished = new Finished(result, new CountDownLatch(1));
        if (!enqueueWaiting(finished)) {
            return;
        }
        try {
            if (!finished.shown().await(DRAIN_SECONDS, TimeUnit.SECONDS)) {
                LOG.warn("the training view is {} s behind (thread {}): the run goes on without waiting for it",
                        DRAIN_SECONDS, thread.getName());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the view thread after what is queued has been shown (bounded wait). */
    @Override
    public void close() {
        if (!enqueueWaiting(new Stop())) {
            thread.interrupt();
        }
        try {
            thread.join(TimeUnit.SECONDS.toMillis(DRAIN_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) {
            LOG.warn("the training view (thread {}) did not finish within {} s; leaving it", thread.getName(),
                    DRAIN_SECONDS);
            thread.interrupt();
        }
    }

    private boolean enqueue(Event e) {
        if (queue.offer(e)) {
            return true;
        }
        skipped.incrementAndGet();
        return false;
    }

    /** For the events off the loop (session start and end, close): waits up to the deadline for room. */
    private boolean enqueueWaiting(Event e) {
        try {
            if (queue.offer(e, DRAIN_SECONDS, TimeUnit.SECONDS)) {
                return true;
            }
            LOG.warn("the training view (thread {}) has not taken anything for {} s: going on without it",
                    thread.getName(), DRAIN_SECONDS);
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
        return false;
    }

    private void deliver() {
        try {
            while (true) {
                // idle between rounds: waits for the coordinator loop's next round, with a deadline that only logs
                // (the run is bounded by the loop's own deadlines; close() ends this thread)
                Event e = queue.poll(IDLE_LOG_SECONDS, TimeUnit.SECONDS);
                if (e == null) {
                    LOG.debug("training view: no round from the coordinator loop for {} s", IDLE_LOG_SECONDS);
                    continue;
                }
                if (e instanceof Stop) {
                    return;
                }
                long missed = skipped.getAndSet(0);
                if (missed > 0) {
                    LOG.warn("the training view fell behind: {} rounds not shown", missed);
                }
                try {
                    show(e);
                } catch (RuntimeException ex) {
                    LOG.warn("the training view failed on a round (the run goes on): {}", ex.toString());
                }
            }
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }

    private void show(Event e) {
        if (e instanceof Starting s) {
            target.sessionStarting(s.protocol(), s.rounds());
        } else if (e instanceof Step s) {
            if (!(latestOnly && queue.peek() instanceof Step next && next.protocol().equals(s.protocol()))) {
                target.afterStep(s.protocol(), s.roundsDone(), s.record(), s.parameters());
            }
        } else if (e instanceof Finished f) {
            try {
                target.sessionFinished(f.result());
            } finally {
                f.shown().countDown();
            }
        }
    }
}
