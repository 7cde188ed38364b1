package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FixedCodeTest {

    /** t_j = sum_p b_j[p] g_{order_j[p]}, as a worker computes it. */
    private static double[] upload(FixedCode code, int worker, double[][] g) {
        Ordering o = code.ordering();
        double[][] rows = code.coefficientRows(worker);
        double[] t = new double[g[0].length];
        for (int p = 0; p < rows.length; p++) {
            double[] gi = g[o.chunkAt(worker, p + 1)];
            for (int x = 0; x < t.length; x++) {
                t[x] += rows[p][0] * gi[x];
            }
        }
        return t;
    }

    /** Every set of m - s workers decodes the direct sum exactly. */
    private static int checkEverySubset(FixedCode code, int s, double[][] g) {
        int m = code.ordering().workers();
        double[] direct = CodecRoundTrip.directSum(g);
        int checked = 0;
        for (int mask = 0; mask < 1 << m; mask++) {
            if (Integer.bitCount(mask) != m - s) {
                continue;
            }
            double[][] uploads = new double[m][];
            for (int j = 0; j < m; j++) {
                if ((mask >> j & 1) == 1) {
                    uploads[j] = upload(code, j, g);
                }
            }
            double[] ghat = code.decode(uploads);
            double err = RandomInstances.relativeError(ghat, direct);
            int shown = mask;
            assertTrue(err <= 1e-12, () -> code.construction() + " code of " + code.ordering().assignment()
                    + ": relative error " + err + " for workers " + Integer.toBinaryString(shown));
            checked++;
        }
        return checked;
    }

    @Test
    void tandonCodeOfCyclicAssignmentsDecodesFromAnyFastestMMinusS() {
        Random rnd = new Random(5);
        int sets = 0;
        for (int m = 3; m <= 10; m++) {
            for (int r = 2; r <= Math.min(4, m); r++) {
                Assignment a = Assignments.cyclic(m, r);
                Ordering ordering = Orderings.random(a, rnd.nextLong());
                FixedCode code = FixedCode.forOrdering(ordering).orElseThrow();
                sets += checkEverySubset(code, r - 1, RandomInstances.gradients(rnd, a.chunks(), 17));
            }
        }
        assertEquals(545, sets, "sets of m - s workers checked");
        // plain sums do not decode cyclic(5, 3) from any 3 workers: the randomised construction is what does
        assertEquals("tandon", FixedCode.forOrdering(Orderings.natural(Assignments.cyclic(5, 3))).orElseThrow()
                .construction());
    }

    @Test
    void reorderedCodeKeepsEachChunksCoefficientAndStillDecodes() {
        Random rnd = new Random(8);
        Assignment a = Assignments.cyclic(7, 3);
        FixedCode code = FixedCode.forOrdering(Orderings.natural(a)).orElseThrow();
        Ordering other = Orderings.random(a, 99);
        FixedCode moved = code.reordered(other);
        for (int j = 0; j < 7; j++) {
            for (int p = 1; p <= 3; p++) {
                int chunk = other.chunkAt(j, p);
                assertEquals(code.coefficientRows(j)[code.ordering().positionOf(j, chunk) - 1][0],
                        moved.coefficientRows(j)[p - 1][0]);
            }
        }
        assertEquals(21, checkEverySubset(moved, 2, RandomInstances.gradients(rnd, 7, 5)));
    }

    @Test
    void fractionalRepetitionUsesOnesAndToleratesRMinusOne() {
        Random rnd = new Random(6);
        Assignment a = Assignments.frc(6, 3);
        FixedCode code = FixedCode.forOrdering(Orderings.natural(a)).orElseThrow();
        assertEquals("ones", code.construction());
        assertEquals(15, checkEverySubset(code, 2, RandomInstances.gradients(rnd, a.chunks(), 9)));
    }

    @Test
    void uncodedLayoutSumsAndAMissingWorkerLeavesItsChunksOut() {
        Random rnd = new Random(7);
        Assignment a = Assignments.uncoded(8, 4);
        FixedCode code = FixedCode.forOrdering(Orderings.natural(a)).orElseThrow();
        double[][] g = RandomInstances.gradients(rnd, 8, 5);
        assertEquals(1, checkEverySubset(code, 0, g));

        boolean[] three = {true, true, false, true};
        FixedCode.Decoding d = code.decoding(three);
        // worker 2's two chunks are missing: 2 of 8 chunks get weight 0, the others weight 1
        assertEquals(2.0 / 8, d.coefficientError(), 1e-12);
        assertEquals(Arrays.toString(new double[] {1, 1, 0, 1}), Arrays.toString(roundAll(d.weights())));
    }

    @Test
    void noCodeWhenNeitherConstructionDecodesEverySet() {
        // 6 chunks on 3 workers, each on 2 (s = 1): workers 0 and 1 share chunks 2, 3, so "ones" counts them
        // twice, and Tandon's construction needs N <= m: the original protocol then uploads on ENCODE
        Assignment a = new Assignment("pairs", 6, new int[][] {{0, 1, 2, 3}, {2, 3, 4, 5}, {4, 5, 0, 1}});
        assertTrue(FixedCode.forOrdering(Orderings.natural(a)).isEmpty());
    }

    private static double[] roundAll(double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 1e9) / 1e9;
        }
        return out;
    }

}
