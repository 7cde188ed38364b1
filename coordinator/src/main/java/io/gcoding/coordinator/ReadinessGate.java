package io.gcoding.coordinator;

import io.gcoding.coding.engine.Scheduler;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds a session's first round until the workers connected at its start have loaded their chunks (each sends
 * Ready once its data is on its device), so that data loading is never timed as a training round. A worker that
 * leaves is not waited for; at the deadline the round starts anyway, and the workers still loading join it when
 * they report progress. Every 5 s a log line names whom it waits for. Loop thread only.
 */
final class ReadinessGate {
    private static final Logger LOG = LoggerFactory.getLogger(ReadinessGate.class);
    static final double LOG_EVERY_SECONDS = 5;

    private final Set<Integer> waiting;
    private final Runnable start;
    private final Scheduler scheduler;
    private final double deadline;
    private final double opened;
    private boolean started;
    private Scheduler.Cancellable timer;

    /**
     * @param waiting the workers to wait for (connected when the Config went out)
     * @param start   starts the first round; run once, on the loop
     */
    ReadinessGate(Set<Integer> waiting, double timeoutSeconds, Scheduler scheduler, Runnable start) {
        this.waiting = new TreeSet<>(waiting);
        this.start = start;
        this.scheduler = scheduler;
        this.opened = scheduler.now();
        this.deadline = opened + timeoutSeconds;
        if (this.waiting.isEmpty()) {
            open();
        } else {
            arm();
        }
    }

    /** Worker j is ready (or gone: it is not waited for either). */
    void done(int worker) {
        if (!started && waiting.remove(worker) && waiting.isEmpty()) {
            open();
        }
    }

    boolean started() {
        return started;
    }

    private void arm() {
        double next = Math.min(deadline, scheduler.now() + LOG_EVERY_SECONDS);
        timer = scheduler.at(next, () -> {
            if (started) {
                return;
            }
            if (scheduler.now() >= deadline) {
                LOG.warn("workers {} did not load their chunks within {} s: the first round starts without waiting"
                        + " for them", waiting, Math.round(deadline - opened));
                open();
                return;
            }
            LOG.info("waiting for workers {} to load their chunks ({} s left)", waiting,
                    Math.round(deadline - scheduler.now()));
            arm();
        });
    }

    private void open() {
        started = true;
        if (timer != null) {
            timer.cancel();
        }
        start.run();
    }
}
