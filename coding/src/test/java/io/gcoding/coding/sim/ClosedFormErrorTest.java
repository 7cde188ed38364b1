package io.gcoding.coding.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.Assignments;
import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientDecoder;
import io.gcoding.coding.GradientEncoder;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.Orderings;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.engine.RoundRule;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The simulator reports E(s) from the closed form sum_i max(0, ell - |W(i)|) / (N ell) of the coverage tracker.
 * Here the states the simulator reaches at its deadlines are decoded for real: through {@link MinNormEncoder#plan}
 * (SVD pseudo-inverses), and by encoding and decoding gradients with {@link GradientEncoder} and
 * {@link GradientDecoder}. For generic Theta (Gaussian, Chebyshev) all three must agree.
 */
class ClosedFormErrorTest {

    @Test
    void closedFormEqualsTheRealEncoderAndDecoder() {
        Random rnd = new Random(7);
        DelayModel delays = DelayModels.parse("stragglers:p_slow=0.3,p_fail=0.2");
        List<Assignment> assignments = List.of(Assignments.cyclic(9, 4), Assignments.randomRegular(10, 3, 5),
                Assignments.frc(8, 4));
        int checkedWithError = 0;
        int statistical = 0;
        for (Assignment a : assignments) {
            for (int ell = 1; ell <= a.minReplication(); ell++) {
                for (String thetaSpec : List.of("chebyshev", "gaussian:3")) {
                    Ordering ordering = Orderings.random(a, rnd.nextLong());
                    DecodingMatrix theta = DecodingMatrix.fromSpec(thetaSpec, ell, a.workers());
                    MinNormEncoder encoder = new MinNormEncoder(theta, ordering);
                    int[] loads = new int[a.workers()];
                    for (int j = 0; j < loads.length; j++) {
                        loads[j] = ordering.length(j);
                    }
                    for (int trial = 0; trial < 6; trial++) {
                        Trial t = new SampledTrials(delays, loads, rnd.nextLong(), 1).trial(0);
                        for (double deadline : new double[] {0.5, 1.5, 2.5, 4}) {
                            SimulatedRound round = new SimulatedRound(RoundRule.of(ProtocolKind.PARTIAL, ordering, ell,
                                    TriggerPolicy.deadline(deadline, 0), 0), 0, RoundConditions.DEFAULT);
                            round.play(trial, t);
                            StateVector s = round.engine().tracker().state();
                            double closed = round.engine().tracker().closedFormError();
                            String where = a + " ell " + ell + " " + thetaSpec + " s = " + s;
                            assertEquals(definition(encoder, s, ell), closed, 1e-15, where);
                            assertEquals(closed, encoder.plan(s).coefficientError(), 1e-10, where);
                            assertEquals(closed, decodedBasisError(encoder, s), 1e-9, where);
                            if (closed > 0 && s.total() > 0) {
                                checkedWithError++;
                                if (statistical < 12) {
                                    statistical++;
                                    double measured = decodedRandomError(encoder, s, rnd);
                                    assertEquals(closed, measured, 0.1 * closed, where);
                                }
                            }
                        }
                    }
                }
            }
        }
        assertTrue(checkedWithError > 50, "the deadlines must produce many partially covered states");
    }

    /** sum_i max(0, ell - |W(i)|) / (N ell) with W(i) from the encoder's own view of the state. */
    private static double definition(MinNormEncoder encoder, StateVector s, int ell) {
        int n = encoder.ordering().assignment().chunks();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += Math.max(0, ell - encoder.coveringWorkers(s, i).length);
        }
        return sum / ((double) n * ell);
    }

    /**
     * Exact: gradient e_k in block k of chunk i (all other chunks zero, d = ell so blocks have length 1) decodes to
     * column k of A_i B_i, so summing ||ghat - e_k||^2 over (i, k) gives sum_i ||A_i B_i - I||_F^2.
     */
    private static double decodedBasisError(MinNormEncoder encoder, StateVector s) {
        int n = encoder.ordering().assignment().chunks();
        int ell = encoder.theta().ell();
        double sum = 0;
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < ell; k++) {
                double[][] g = new double[n][ell];
                g[i][k] = 1;
                double[] ghat = roundTrip(encoder, s, g);
                for (int x = 0; x < ell; x++) {
                    double diff = ghat[x] - (x == k ? 1 : 0);
                    sum += diff * diff;
                }
            }
        }
        return sum / ((double) n * ell);
    }

    /**
     * Statistical: i.i.d. N(0, 1) gradients of dimension d = ell * L give E||ghat - g||^2 = L sum_i ||A_i B_i -
     * I||_F^2, so ||ghat - g||^2 / (N d) estimates E(s) (relative spread about sqrt(2 / (L * deficit))).
     */
    private static double decodedRandomError(MinNormEncoder encoder, StateVector s, Random rnd) {
        int n = encoder.ordering().assignment().chunks();
        int d = encoder.theta().ell() * 3000;
        double[][] g = new double[n][d];
        double[] sum = new double[d];
        for (int i = 0; i < n; i++) {
            for (int x = 0; x < d; x++) {
                g[i][x] = rnd.nextGaussian();
                sum[x] += g[i][x];
            }
        }
        double[] ghat = roundTrip(encoder, s, g);
        double err = 0;
        for (int x = 0; x < d; x++) {
            err += (ghat[x] - sum[x]) * (ghat[x] - sum[x]);
        }
        return err / ((double) n * d);
    }

    /** Every worker with s_j > 0 encodes its first s_j gradients; the PS decodes (PROTOCOL.md §2.6-2.7). */
    private static double[] roundTrip(MinNormEncoder encoder, StateVector s, double[][] chunkGradients) {
        DecodingMatrix theta = encoder.theta();
        BlockLayout layout = new BlockLayout(chunkGradients[0].length, theta.ell());
        double[][] uploads = new double[theta.workers()][];
        for (int j = 0; j < theta.workers(); j++) {
            if (s.get(j) == 0) {
                continue;
            }
            MinNormEncoder.WorkerCoefficients c = encoder.coefficients(j, s);
            double[][] grads = new double[c.chunks().length][];
            for (int p = 0; p < grads.length; p++) {
                grads[p] = chunkGradients[c.chunks()[p]];
            }
            uploads[j] = GradientEncoder.encode(grads, c.rows(), layout);
        }
        return GradientDecoder.decode(theta, uploads, layout);
    }
}
