package io.gcoding.coding.sim;

import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.OrderingSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Invariants that hold on every trial, checked on many random ones. */
class SimulatorPropertiesTest {
    private static final List<Integer> ELLS = List.of(1, 2, 3);

    private static List<Scenario> scenarios() {
        return List.of(
                Scenario.build(new AssignmentSpec("cyclic", 12, 4, 3), new OrderingSpec("optimal", 3), ELLS),
                Scenario.build(new AssignmentSpec("regular", 12, 4, 3), new OrderingSpec("random", 3), ELLS));
    }

    private static SimulationResult simulate(int threads, double latency) {
        List<Scenario> scenarios = scenarios();
        TrialSource trials = new SampledTrials(DelayModels.parse("stragglers:p_slow=0.3,p_fail=0.15"),
                Simulator.positionsNeeded(scenarios), 11, 400);
        SimulationSettings settings = new SimulationSettings(ELLS, "chebyshev", latency, 0,
                new double[] {1, 2, 4, 8}, true, true, 3, threads);
        return Simulator.run(scenarios, trials, settings, done -> { });
    }

    @Test
    void orderOfProtocolsHoldsOnEveryTrial() {
        SimulationResult result = simulate(2, 0);
        int neverOriginal = 0;
        for (SimulationResult.ScenarioResult s : result.scenarios()) {
            for (SimulationResult.EllResult r : s.ells()) {
                double[] partial = r.completion().get(ProtocolKind.PARTIAL);
                double[] oracle = r.completion().get(ProtocolKind.ORACLE);
                double[] cover = r.completion().get(ProtocolKind.COMPLETE_COVER);
                double[] original = r.completion().get(ProtocolKind.ORIGINAL);
                for (int t = 0; t < partial.length; t++) {
                    String where = s.scenario().label() + " ell " + r.ell() + " trial " + t;
                    // at zero latency the PS state machine triggers exactly at the oracle instant
                    assertEquals(oracle[t], partial[t], where);
                    // a covering set of complete workers is a covering state; m - s complete workers cover
                    assertTrue(partial[t] <= cover[t], where);
                    assertTrue(cover[t] <= original[t], where);
                    neverOriginal += original[t] == Double.POSITIVE_INFINITY ? 1 : 0;
                }
                assertEquals(result.trials(), r.oracleMatches());
                assertTrue(r.speedupVsOriginal() >= 1, "partial is never slower than original");
                double[] p = r.approx().meanError().get(ProtocolKind.PARTIAL);
                double[] o = r.approx().meanError().get(ProtocolKind.ORIGINAL);
                for (int d = 0; d < p.length; d++) {
                    assertTrue(p[d] <= o[d], "partial uses a superset of original's chunks at every deadline");
                    assertTrue(d == 0 || p[d] <= p[d - 1], "the error cannot grow with the deadline");
                }
                assertTrue(r.encoderCheck().states() > 0);
                assertTrue(r.encoderCheck().maxDifference() < 1e-9, "closed form = encoder: " + r.encoderCheck());
            }
        }
        assertTrue(neverOriginal > 0, "with 15% failures some trials must defeat the original protocol");
    }

    @Test
    void resultsDoNotDependOnTheNumberOfThreads() {
        SimulationResult one = simulate(1, 0.05);
        SimulationResult two = simulate(2, 0.05);
        for (int s = 0; s < one.scenarios().size(); s++) {
            for (int e = 0; e < ELLS.size(); e++) {
                SimulationResult.EllResult a = one.scenarios().get(s).ells().get(e);
                SimulationResult.EllResult b = two.scenarios().get(s).ells().get(e);
                for (ProtocolKind p : ProtocolKind.values()) {
                    assertArrayEquals(a.completion().get(p), b.completion().get(p), p.label());
                }
                for (ProtocolKind p : a.approx().meanError().keySet()) {
                    assertArrayEquals(a.approx().meanError().get(p), b.approx().meanError().get(p), p.label());
                }
            }
        }
    }

    @Test
    void latencyDelaysEncodeUploadsByThreeMessagesAndFixedCodeUploadsByOne() {
        SimulationResult zero = simulate(2, 0);
        SimulationResult late = simulate(2, 0.25);
        for (int e = 0; e < ELLS.size(); e++) {
            int ell = ELLS.get(e);
            double[] a = zero.scenarios().get(0).ells().get(e).completion().get(ProtocolKind.PARTIAL);
            double[] b = late.scenarios().get(0).ells().get(e).completion().get(ProtocolKind.PARTIAL);
            double[] oa = zero.scenarios().get(0).ells().get(e).completion().get(ProtocolKind.ORIGINAL);
            double[] ob = late.scenarios().get(0).ells().get(e).completion().get(ProtocolKind.ORIGINAL);
            // exact mode, ell = 1: original's workers upload on completion with the fixed code (one message);
            // for ell > 1 they go through ENCODE (progress, ENCODE, upload)
            double originalMessages = ell == 1 ? 1 : 3;
            for (int t = 0; t < a.length; t++) {
                assertEquals(a[t] + 0.75, b[t], 1e-12);
                assertEquals(oa[t] + 0.25 * originalMessages, ob[t], 1e-12, "original, ell = " + ell);
            }
        }
    }
}
