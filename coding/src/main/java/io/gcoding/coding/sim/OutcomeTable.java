package io.gcoding.coding.sim;

import java.util.Arrays;

/**
 * Per-trial results of one (scenario, ell), filled by the evaluators (each trial index by exactly one thread) and
 * read after the run. Completion times are +infinity when the protocol never completes; errors are NaN when
 * undefined (no completion).
 */
final class OutcomeTable {
    final double[][] completion;
    final double[][] exactError;
    /** [protocol][deadline][trial]. */
    final double[][][] approxError;

    OutcomeTable(int trials, int deadlines) {
        int protocols = Protocol.values().length;
        completion = new double[protocols][trials];
        exactError = new double[protocols][trials];
        approxError = new double[protocols][deadlines][trials];
        for (double[] row : exactError) {
            Arrays.fill(row, Double.NaN);
        }
    }
}
