package io.gcoding.coding.sim;

/**
 * The progress reports of one trial in time order: (time, worker, cumulative count). Each worker's finish times
 * are already sorted, so the streams are merged with a binary heap over workers, O(E log m) for E events, into
 * reusable arrays: one instance per thread serves every trial. Ties are broken by worker index, so the order is
 * deterministic.
 */
public final class EventStream {
    private double[] times = new double[64];
    private int[] workers = new int[64];
    private int[] counts = new int[64];
    private int size;
    private int[] heap = new int[8];
    private int[] next = new int[8];
    private Trial trial;

    /** Loads the first {@code limit[j]} positions of every worker of {@code trial} (never-finished ones omitted). */
    public EventStream load(Trial trial, int[] limit) {
        this.trial = trial;
        int m = limit.length;
        if (heap.length < m) {
            heap = new int[m];
            next = new int[m];
        }
        int total = 0;
        int heapSize = 0;
        for (int j = 0; j < m; j++) {
            total += limit[j];
            next[j] = 1;
        }
        if (times.length < total) {
            times = new double[total];
            workers = new int[total];
            counts = new int[total];
        }
        for (int j = 0; j < m; j++) {
            if (limit[j] > 0 && trial.finish(j, 1) != Double.POSITIVE_INFINITY) {
                heap[heapSize++] = j;
                siftUp(heapSize - 1);
            }
        }
        size = 0;
        while (heapSize > 0) {
            int j = heap[0];
            int p = next[j];
            times[size] = trial.finish(j, p);
            workers[size] = j;
            counts[size] = p;
            size++;
            next[j] = p + 1;
            if (p + 1 > limit[j] || trial.finish(j, p + 1) == Double.POSITIVE_INFINITY) {
                heap[0] = heap[--heapSize];
            }
            siftDown(0, heapSize);
        }
        return this;
    }

    public int size() {
        return size;
    }

    public double time(int event) {
        return times[event];
    }

    public int worker(int event) {
        return workers[event];
    }

    /** Cumulative chunks finished by {@link #worker} at this event. */
    public int count(int event) {
        return counts[event];
    }

    private double key(int j) {
        return trial.finish(j, next[j]);
    }

    private boolean less(int a, int b) {
        double ka = key(a);
        double kb = key(b);
        return ka < kb || (ka == kb && a < b);
    }

    private void siftUp(int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!less(heap[i], heap[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    private void siftDown(int i, int heapSize) {
        while (true) {
            int l = 2 * i + 1;
            if (l >= heapSize) {
                return;
            }
            int c = l + 1 < heapSize && less(heap[l + 1], heap[l]) ? l + 1 : l;
            if (!less(heap[c], heap[i])) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        int t = heap[a];
        heap[a] = heap[b];
        heap[b] = t;
    }
}
