package io.gcoding.coordinator;

import java.util.Arrays;

/**
 * When, within one round, each worker's chunks and upload reached the coordinator (seconds after the RoundStart
 * broadcast, on the coordinator's clock): what the live view and the report's timeline draw.
 *
 * <p>Progress reports are cumulative and may skip counts: a report of k chunks after one of j sets the completion
 * time of chunks j+1..k to its arrival.
 *
 * @param chunkSeconds   per worker, the arrival of the report that first counted its (c+1)-th chunk; NaN for chunks
 *                       not reported (not computed, or the worker stopped at the trigger)
 * @param uploadSeconds  per worker, the arrival of its accepted upload; NaN where none was accepted
 * @param uploadVersions per worker, the state version its accepted upload answered (-1 where none); above 0 the
 *                       worker re-encoded after another worker died
 */
public record RoundTimeline(double[][] chunkSeconds, double[] uploadSeconds, int[] uploadVersions) {

    public RoundTimeline {
        chunkSeconds = deepCopy(chunkSeconds);
        uploadSeconds = uploadSeconds.clone();
        uploadVersions = uploadVersions.clone();
        if (uploadSeconds.length != chunkSeconds.length || uploadVersions.length != chunkSeconds.length) {
            throw new IllegalArgumentException("a timeline needs one entry per worker in each array");
        }
    }

    /** A round with nothing recorded (m workers holding {@code loads[j]} chunks). */
    public static RoundTimeline empty(int[] loads) {
        double[][] chunks = new double[loads.length][];
        for (int j = 0; j < loads.length; j++) {
            chunks[j] = new double[loads[j]];
            Arrays.fill(chunks[j], Double.NaN);
        }
        double[] uploads = new double[loads.length];
        Arrays.fill(uploads, Double.NaN);
        int[] versions = new int[loads.length];
        Arrays.fill(versions, -1);
        return new RoundTimeline(chunks, uploads, versions);
    }

    public int workers() {
        return chunkSeconds.length;
    }

    /** Chunks worker j reported done during the round. */
    public int chunksDone(int worker) {
        int done = 0;
        for (double t : chunkSeconds[worker]) {
            if (!Double.isNaN(t)) {
                done++;
            }
        }
        return done;
    }

    /** Seconds after the round start at which worker j's (chunk+1)-th chunk was reported; NaN if never. */
    public double chunkSeconds(int worker, int chunk) {
        return chunkSeconds[worker][chunk];
    }

    public int load(int worker) {
        return chunkSeconds[worker].length;
    }

    @Override
    public double[][] chunkSeconds() {
        return deepCopy(chunkSeconds);
    }

    @Override
    public double[] uploadSeconds() {
        return uploadSeconds.clone();
    }

    @Override
    public int[] uploadVersions() {
        return uploadVersions.clone();
    }

    private static double[][] deepCopy(double[][] a) {
        double[][] c = new double[a.length][];
        for (int j = 0; j < a.length; j++) {
            c[j] = a[j].clone();
        }
        return c;
    }

    /**
     * The mutable recorder a {@link RoundDriver} fills on its loop: its arrays are allocated once per session and
     * cleared per round, so progress messages allocate nothing.
     */
    static final class Recorder {
        private final double[][] chunks;
        private final double[] uploads;
        private final int[] versions;

        Recorder(int[] loads) {
            chunks = new double[loads.length][];
            for (int j = 0; j < loads.length; j++) {
                chunks[j] = new double[loads[j]];
            }
            uploads = new double[loads.length];
            versions = new int[loads.length];
            clear();
        }

        void clear() {
            for (double[] c : chunks) {
                Arrays.fill(c, Double.NaN);
            }
            Arrays.fill(uploads, Double.NaN);
            Arrays.fill(versions, -1);
        }

        /** Worker j's count went from {@code before} to {@code after} chunks at {@code seconds}. */
        void progress(int worker, int before, int after, double seconds) {
            for (int c = Math.max(0, before); c < Math.min(after, chunks[worker].length); c++) {
                chunks[worker][c] = seconds;
            }
        }

        void upload(int worker, int version, double seconds) {
            uploads[worker] = seconds;
            versions[worker] = version;
        }

        RoundTimeline snapshot() {
            return new RoundTimeline(chunks, uploads, versions);
        }
    }
}
