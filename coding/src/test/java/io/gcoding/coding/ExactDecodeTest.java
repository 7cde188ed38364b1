package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ExactDecodeTest {

    @Test
    void decodedGradientEqualsDirectSumForEveryCoveringState() {
        Random rnd = new Random(20241);
        int checked = 0;
        for (int trial = 0; trial < 400; trial++) {
            int ell = 1 + rnd.nextInt(4);
            Assignment a = RandomInstances.assignment(rnd, ell);
            Ordering ordering = rnd.nextBoolean() ? Orderings.random(a, rnd.nextLong()) : Orderings.natural(a);
            DecodingMatrix theta = rnd.nextBoolean() ? DecodingMatrix.chebyshev(ell, a.workers())
                    : DecodingMatrix.gaussian(ell, a.workers(), rnd.nextLong());
            StateVector state = RandomInstances.coveringState(rnd, ordering, ell);
            int d = 1 + rnd.nextInt(60);
            double[][] g = RandomInstances.gradients(rnd, a.chunks(), d);

            double[] ghat = CodecRoundTrip.decode(new MinNormEncoder(theta, ordering), state, g);
            double err = RandomInstances.relativeError(ghat, CodecRoundTrip.directSum(g));
            assertTrue(err <= 1e-12, () -> "relative error " + err + " for " + a + ", ell=" + ell + ", d=" + d
                    + ", state " + state + ", Theta " + theta.spec());
            checked++;
        }
        assertEquals(400, checked);
    }

    @Test
    void underCoveredStateLeavesExactlyTheProjectionResidual() {
        Random rnd = new Random(77);
        for (int trial = 0; trial < 200; trial++) {
            int ell = 2 + rnd.nextInt(3);
            Assignment a = RandomInstances.assignment(rnd, ell);
            Ordering ordering = Orderings.random(a, rnd.nextLong());
            DecodingMatrix theta = DecodingMatrix.gaussian(ell, a.workers(), rnd.nextLong());
            MinNormEncoder encoder = new MinNormEncoder(theta, ordering);
            StateVector state = RandomInstances.randomState(rnd, ordering);
            int d = ell * (1 + rnd.nextInt(10)) - rnd.nextInt(ell); // exercise padding
            BlockLayout layout = new BlockLayout(d, ell);
            double[][] g = RandomInstances.gradients(rnd, a.chunks(), d);

            double[] ghat = CodecRoundTrip.decode(encoder, state, g);
            double[] g0 = CodecRoundTrip.directSum(g);

            // predicted: ghat - g = sum_i (A_i B_i - I) g_i, block-wise
            double[] predicted = new double[d];
            for (int i = 0; i < a.chunks(); i++) {
                int[] covering = encoder.coveringWorkers(state, i);
                double[][] p = new double[ell][ell];
                if (covering.length > 0) {
                    double[][] ai = theta.columns(covering);
                    double[][] bi = MinNormSolver.solve(ai).pinv();
                    for (int r = 0; r < ell; r++) {
                        for (int c = 0; c < ell; c++) {
                            for (int k = 0; k < covering.length; k++) {
                                p[r][c] += ai[r][k] * bi[k][c];
                            }
                        }
                    }
                }
                int len = layout.blockLength();
                for (int r = 0; r < ell; r++) {
                    for (int c = 0; c < ell; c++) {
                        double coef = p[r][c] - (r == c ? 1 : 0);
                        for (int x = 0; x < len; x++) {
                            if (r * len + x < d && c * len + x < d) {
                                predicted[r * len + x] += coef * g[i][c * len + x];
                            }
                        }
                    }
                }
            }
            double[] actual = new double[d];
            for (int x = 0; x < d; x++) {
                actual[x] = ghat[x] - g0[x];
            }
            double scale = Math.max(1e-300, norm(g0));
            double diff = 0;
            for (int x = 0; x < d; x++) {
                diff += (actual[x] - predicted[x]) * (actual[x] - predicted[x]);
            }
            assertTrue(Math.sqrt(diff) / scale <= 1e-12, "residual mismatch " + Math.sqrt(diff) / scale);

            // and E(s) through the real encoder equals the closed form for generic Theta
            CoverageTracker tracker = new CoverageTracker(ordering, ell);
            for (int j = 0; j < a.workers(); j++) {
                tracker.advance(j, state.get(j));
            }
            assertEquals(tracker.closedFormError(), encoder.plan(state).coefficientError(), 1e-12);
        }
    }

    @Test
    void chebyshevThetaKeepsEveryColumnSubsetWellConditioned() {
        for (int ell = 1; ell <= 4; ell++) {
            Assignment a = Assignments.cyclic(20, 6);
            Ordering ordering = Orderings.natural(a);
            MinNormEncoder encoder = new MinNormEncoder(DecodingMatrix.chebyshev(ell, 20), ordering);
            int[] all = new int[20];
            java.util.Arrays.fill(all, 6);
            MinNormEncoder.RoundPlan plan = encoder.plan(new StateVector(all));
            assertEquals(0.0, plan.coefficientError(), 1e-12);
            assertTrue(plan.worstCondition() < 1e4, "condition " + plan.worstCondition());
        }
    }

    private static double norm(double[] v) {
        double s = 0;
        for (double x : v) {
            s += x * x;
        }
        return Math.sqrt(s);
    }
}
