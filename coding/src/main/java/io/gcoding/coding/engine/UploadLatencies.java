package io.gcoding.coding.engine;

import io.gcoding.coding.Percentiles;
import java.util.Arrays;

/** The most recent ENCODE -> upload latencies (a ring buffer), for the adaptive encode timeout. */
final class UploadLatencies {
    private final double[] ring;
    private int next;
    private int count;

    UploadLatencies(int capacity) {
        this.ring = new double[capacity];
    }

    void add(double seconds) {
        ring[next] = seconds;
        next = (next + 1) % ring.length;
        count = Math.min(count + 1, ring.length);
    }

    int count() {
        return count;
    }

    double p99() {
        return Percentiles.of(Arrays.copyOf(ring, count), 99);
    }
}
