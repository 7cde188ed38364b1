package io.gcoding.coding;

import java.util.Arrays;

/**
 * What one round showed of each worker's speed, on the driver's clock, in seconds after the round start: the last
 * cumulative progress report before the round stopped counting, and when it arrived. A worker still computing at
 * {@code censoredAt} (the first trigger) had finished {@code chunks[j]} chunks and was inside the next one, so its
 * chunk time is at least {@code censoredAt / (chunks[j] + 1)}. Immutable.
 *
 * @param chunks     per worker, chunks reported (0: none); negative: no observation (dead, absent)
 * @param lastReport per worker, when its last report arrived (ignored when {@code chunks[j] <= 0})
 * @param censoredAt when the round stopped counting progress (the first trigger)
 */
public record RoundObservation(int[] chunks, double[] lastReport, double censoredAt) {

    public RoundObservation {
        if (chunks.length != lastReport.length) {
            throw new IllegalArgumentException(chunks.length + " chunk counts but " + lastReport.length + " times");
        }
        if (!(censoredAt > 0) || Double.isInfinite(censoredAt)) {
            throw new IllegalArgumentException("the censoring time must be a positive number of seconds, got "
                    + censoredAt);
        }
        chunks = chunks.clone();
        lastReport = lastReport.clone();
    }

    public int workers() {
        return chunks.length;
    }

    /**
     * Worker j's seconds per chunk in this round: the mean over its reported chunks, but at least what the chunk in
     * flight at the censoring time implies; NaN without an observation.
     */
    public double chunkSeconds(int worker) {
        int k = chunks[worker];
        if (k < 0) {
            return Double.NaN;
        }
        double inFlight = censoredAt / (k + 1);
        return k == 0 ? inFlight : Math.max(lastReport[worker] / k, inFlight);
    }

    @Override
    public int[] chunks() {
        return chunks.clone();
    }

    @Override
    public double[] lastReport() {
        return lastReport.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof RoundObservation r && Arrays.equals(chunks, r.chunks)
                && Arrays.equals(lastReport, r.lastReport) && censoredAt == r.censoredAt;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(chunks) * 31 + Arrays.hashCode(lastReport);
    }

    @Override
    public String toString() {
        return "RoundObservation[chunks=" + Arrays.toString(chunks) + ", lastReport=" + Arrays.toString(lastReport)
                + ", censoredAt=" + censoredAt + "]";
    }
}
