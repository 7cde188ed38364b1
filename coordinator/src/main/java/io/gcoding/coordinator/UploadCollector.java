package io.gcoding.coordinator;

import java.util.Arrays;

/**
 * Collects the uploads t_j of one ENCODE version: who must upload (s_j > 0), who has, and when. A new version
 * (after a failure) starts over, so uploads of different versions are never mixed in one decode (PROTOCOL.md §6).
 */
final class UploadCollector {
    private final int workers;
    private int[] state;
    private double[][] uploads;
    private long[] arrivalNanos;
    private int version = -1;
    private int expected;
    private int received;
    private long sentNanos;

    UploadCollector(int workers) {
        this.workers = workers;
        clear();
    }

    /** Starts collecting for ENCODE(version, state), broadcast at {@code sentNanos}. */
    void begin(int version, int[] state, long sentNanos) {
        this.version = version;
        this.state = state.clone();
        this.uploads = new double[workers][];
        this.arrivalNanos = new long[workers];
        this.sentNanos = sentNanos;
        this.received = 0;
        this.expected = 0;
        for (int s : state) {
            if (s > 0) {
                expected++;
            }
        }
    }

    /** No version outstanding (between rounds, or after a RESUME). */
    void clear() {
        version = -1;
        state = new int[workers];
        uploads = new double[workers][];
        arrivalNanos = new long[workers];
        expected = 0;
        received = 0;
    }

    boolean active() {
        return version >= 0;
    }

    int version() {
        return version;
    }

    int state(int worker) {
        return state[worker];
    }

    int[] state() {
        return state.clone();
    }

    boolean has(int worker) {
        return uploads[worker] != null;
    }

    /** Workers that must still upload. */
    int[] missing() {
        int[] out = new int[workers];
        int n = 0;
        for (int j = 0; j < workers; j++) {
            if (state[j] > 0 && uploads[j] == null) {
                out[n++] = j;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Records a validated upload; @return true when every expected upload is in */
    boolean accept(int worker, double[] vector, long nanos) {
        if (state[worker] == 0 || uploads[worker] != null) {
            throw new IllegalStateException("upload of worker " + worker + " was not expected; validate first");
        }
        uploads[worker] = vector;
        arrivalNanos[worker] = nanos;
        received++;
        return received == expected;
    }

    /** The uploads, null where s_j = 0 (a worker that sent nothing counts as zero in the decode). */
    double[][] uploads() {
        return uploads;
    }

    long sentNanos() {
        return sentNanos;
    }

    /** Milliseconds from the ENCODE broadcast to each upload; NaN for workers not asked to upload. */
    double[] latenciesMillis() {
        double[] out = new double[workers];
        for (int j = 0; j < workers; j++) {
            out[j] = uploads[j] == null ? Double.NaN : (arrivalNanos[j] - sentNanos) / 1e6;
        }
        return out;
    }
}
