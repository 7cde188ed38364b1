package io.gcoding.coding.sim;

import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.ProtocolKind;
import java.util.Arrays;

/**
 * Per-trial results of one (scenario, ell), filled by the evaluators (each trial index by exactly one thread) and
 * read after the run. Completion times are +infinity when the protocol never completes; errors are NaN when
 * undefined (no completion).
 */
final class OutcomeTable {
    final double[][] completion;
    final double[][] exactError;
    /** The state of each exact-mode trigger (null: never triggered). */
    final StateVector[][] triggerStates;
    final int[][] reEncodes;
    final int[][] resumes;
    /** [protocol][deadline][trial]. */
    final double[][][] approxError;

    OutcomeTable(int trials, int deadlines) {
        int protocols = ProtocolKind.values().length;
        completion = new double[protocols][trials];
        exactError = new double[protocols][trials];
        triggerStates = new StateVector[protocols][trials];
        reEncodes = new int[protocols][trials];
        resumes = new int[protocols][trials];
        approxError = new double[protocols][deadlines][trials];
        for (double[] row : exactError) {
            Arrays.fill(row, Double.NaN);
        }
    }
}
