package io.gcoding.cli;

import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.RoundReport;
import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.RoundTimeline;
import java.util.Arrays;

/** Round records built by hand for the view and report tests: what the coordinator would have recorded. */
final class RoundRecords {
    private RoundRecords() {
    }

    /**
     * A round of m workers holding 2 chunks each.
     *
     * @param chunkSeconds per worker its chunk-completion times (seconds after the start; fewer than 2: not done)
     * @param versions     per worker the version of its used upload (-1: none)
     * @param dead         workers dead in the round
     */
    static RoundRecord round(long round, double trigger, double decoded, double[][] chunkSeconds, int[] versions,
            int... dead) {
        int m = chunkSeconds.length;
        double[][] chunks = new double[m][2];
        double[] uploads = new double[m];
        double[] latency = new double[m];
        int[] state = new int[m];
        for (int j = 0; j < m; j++) {
            Arrays.fill(chunks[j], Double.NaN);
            System.arraycopy(chunkSeconds[j], 0, chunks[j], 0, chunkSeconds[j].length);
            state[j] = chunkSeconds[j].length;
            uploads[j] = versions[j] >= 0 ? decoded : Double.NaN;
            latency[j] = versions[j] >= 0 ? decoded - trigger : Double.NaN;
        }
        int reEncodes = Arrays.stream(versions).max().orElse(0);
        RoundReport report = new RoundReport(round, new RoundReport.Timing(0, trigger, trigger, decoded),
                new StateVector(state), new StateVector(state), state.clone(), latency,
                new RoundReport.Faults(reEncodes + 1, reEncodes, 0, dead), new int[] {0, 1}, 0.0);
        return new RoundRecord(report, 0.5, 0.0, 1.0, 2L * m, new RoundTimeline(chunks, uploads, versions), 0, 1);
    }
}
