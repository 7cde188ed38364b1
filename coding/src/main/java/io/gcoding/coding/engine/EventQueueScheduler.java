package io.gcoding.coding.engine;

import java.util.Arrays;

/**
 * A discrete-event {@link Scheduler}: tasks wait in a binary heap ordered by (time, rank, insertion order) and run
 * when the owner advances the clock. The simulator's clock, and the fake clock of every test of deadlines and
 * timeouts. Drivers rank their own events (the simulator ranks a worker's events by its index, as the trials'
 * event order always did); {@link #at(double, Runnable)} ranks last, so at equal times a timer sees every message
 * that arrived at that instant. A run is deterministic. Not thread-safe: one owner.
 *
 * <p>Lifecycle: {@link #reset(double)} at the start of a trial, schedule, then {@link #runNext()} /
 * {@link #runUntil(double)} / {@link #advanceBy(double)}.
 */
public final class EventQueueScheduler implements Scheduler {
    private double now;
    private long sequence;
    private Task[] heap = new Task[64];
    private int size;

    public EventQueueScheduler() {
        this(0);
    }

    public EventQueueScheduler(double start) {
        this.now = start;
    }

    /** Drops every pending task and sets the clock. */
    public void reset(double start) {
        Arrays.fill(heap, 0, size, null);
        size = 0;
        sequence = 0;
        now = start;
    }

    @Override
    public double now() {
        return now;
    }

    @Override
    public Cancellable at(double time, Runnable task) {
        return at(time, Integer.MAX_VALUE, task);
    }

    /** Like {@link #at(double, Runnable)}, ahead of tasks of a higher rank due at the same time. */
    public Cancellable at(double time, int rank, Runnable task) {
        if (Double.isNaN(time)) {
            throw new IllegalArgumentException("cannot schedule at NaN");
        }
        Task t = new Task(Math.max(time, now), rank, sequence++, task);
        if (size == heap.length) {
            heap = Arrays.copyOf(heap, size * 2);
        }
        heap[size] = t;
        siftUp(size++);
        return t;
    }

    /** Pending tasks, cancelled ones included until they reach the top. */
    public int pending() {
        return size;
    }

    /** The time of the next live task, or +infinity. */
    public double nextTime() {
        dropCancelled();
        return size == 0 ? Double.POSITIVE_INFINITY : heap[0].time;
    }

    /** Runs the next live task (advancing the clock to its time); false when none is left. */
    public boolean runNext() {
        dropCancelled();
        if (size == 0) {
            return false;
        }
        Task t = pop();
        now = t.time;
        t.cancelled = true;
        t.action.run();
        return true;
    }

    /** Runs every task due at or before {@code time}, then sets the clock to {@code time}. */
    public void runUntil(double time) {
        while (nextTime() <= time) {
            runNext();
        }
        now = Math.max(now, time);
    }

    /** {@link #runUntil} now + seconds. */
    public void advanceBy(double seconds) {
        runUntil(now + seconds);
    }

    private void dropCancelled() {
        while (size > 0 && heap[0].cancelled) {
            pop();
        }
    }

    private Task pop() {
        Task top = heap[0];
        heap[0] = heap[--size];
        heap[size] = null;
        if (size > 0) {
            siftDown(0);
        }
        return top;
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!heap[i].before(heap[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && heap[l + 1].before(heap[l]) ? l + 1 : l;
            if (!heap[c].before(heap[i])) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        Task t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }

    private static final class Task implements Cancellable {
        final double time;
        final int rank;
        final long sequence;
        final Runnable action;
        boolean cancelled;

        Task(double time, int rank, long sequence, Runnable action) {
            this.time = time;
            this.rank = rank;
            this.sequence = sequence;
            this.action = action;
        }

        boolean before(Task o) {
            if (time != o.time) {
                return time < o.time;
            }
            return rank != o.rank ? rank < o.rank : sequence < o.sequence;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }
    }
}
