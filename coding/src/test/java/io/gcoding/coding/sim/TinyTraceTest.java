package io.gcoding.coding.sim;

import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.Assignments;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.Orderings;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hand-computed answers on m = 3 workers, cyclic(3, 2) in natural order: worker 0 processes chunks 0, 1; worker 1
 * chunks 1, 2; worker 2 chunks 2, 0. In the trial below worker 0 finishes at 1 and 2, worker 1 at 3 and 10, and
 * worker 2 finishes its first chunk at 4 and then fails.
 */
class TinyTraceTest {
    static final double NEVER = Double.POSITIVE_INFINITY;
    static final Ordering ORDERING = Orderings.natural(Assignments.cyclic(3, 2));
    static final Trial TRIAL = Trial.of(new double[][] {{1, 2}, {3, 10}, {4, NEVER}});

    static Scenario scenario() {
        return new Scenario("cyclic", "natural", ORDERING.assignment(), Map.of(1, ORDERING, 2, ORDERING));
    }

    static SimulationResult.EllResult run(List<Trial> trials, int ell, double latency, double... deadlines) {
        SimulationSettings settings = new SimulationSettings(List.of(ell), "chebyshev", latency, 0, deadlines, true,
                deadlines.length > 0, 1, 1);
        SimulationResult r = Simulator.run(List.of(scenario()), new RecordedTrials(trials, "hand-made"), settings,
                done -> { });
        return r.scenarios().get(0).ells().get(0);
    }

    static double time(SimulationResult.EllResult r, ProtocolKind p) {
        return r.completion().get(p)[0];
    }

    @Test
    void everyProtocolAtEllOneWithoutLatency() {
        SimulationResult.EllResult r = run(List.of(TRIAL), 1, 0);
        // chunk 0 is first covered at 1 (w0), chunk 1 at 2 (w0), chunk 2 at 4 (w2): tau = 4
        assertEquals(4, time(r, ProtocolKind.PARTIAL));
        assertEquals(4, time(r, ProtocolKind.ORACLE));
        // s = 2 - 1 = 1: the fastest 2 complete workers are w0 (2) and w1 (10)
        assertEquals(10, time(r, ProtocolKind.ORIGINAL));
        // complete workers: {w0} covers chunks 0, 1 at 2; {w0, w1} covers all at 10
        assertEquals(10, time(r, ProtocolKind.COMPLETE_COVER));
        // uncoded: one chunk each, the first positions finish at 1, 3, 4
        assertEquals(4, time(r, ProtocolKind.UNCODED));
        // ignore-stragglers, k = m - s = 2: the second fastest first position, one chunk of three lost
        assertEquals(3, time(r, ProtocolKind.IGNORE_STRAGGLERS));
        assertEquals(1.0 / 3, r.meanExactError().get(ProtocolKind.IGNORE_STRAGGLERS), 1e-15);
        assertEquals(0, r.meanExactError().get(ProtocolKind.PARTIAL));
        assertEquals(2.5, r.speedupVsOriginal(), 1e-15);
        assertEquals(1, r.speedupVsUncoded(), 1e-15);
        assertEquals(1, r.oracleMatches());
        assertEquals(1, r.tolerated());
        assertEquals(2, r.ignoreK());
    }

    @Test
    void latencyAddsThreeMessagesForEncodeUploadsAndOneForUploadsOnCompletion() {
        SimulationResult.EllResult r = run(List.of(TRIAL), 1, 0.5);
        // progress, ENCODE, upload
        assertEquals(4 + 1.5, time(r, ProtocolKind.PARTIAL));
        assertEquals(10 + 1.5, time(r, ProtocolKind.COMPLETE_COVER));
        // the upload itself (original: Tandon's fixed code, exact mode with ell = 1)
        assertEquals(10 + 0.5, time(r, ProtocolKind.ORIGINAL));
        assertEquals(4.5, time(r, ProtocolKind.UNCODED));
        assertEquals(3.5, time(r, ProtocolKind.IGNORE_STRAGGLERS));
        assertEquals(4, time(r, ProtocolKind.ORACLE), "the oracle has no latency");
        assertEquals(0, r.oracleMatches());
    }

    @Test
    void ellTwoNeedsTheFailedWorkersSecondChunk() {
        SimulationResult.EllResult r = run(List.of(TRIAL), 2, 0);
        // chunk 0 is held by w0 (position 1) and w2 (position 2, never): never covered twice
        assertEquals(NEVER, time(r, ProtocolKind.PARTIAL));
        assertEquals(NEVER, time(r, ProtocolKind.ORACLE));
        assertEquals(NEVER, time(r, ProtocolKind.ORIGINAL), "s = 0: waits for all three");
        assertEquals(NEVER, time(r, ProtocolKind.COMPLETE_COVER));
        assertEquals(4, time(r, ProtocolKind.UNCODED));
        assertEquals(4, time(r, ProtocolKind.IGNORE_STRAGGLERS), "k = m - 0 = 3");
        assertEquals(1, r.stats().get(ProtocolKind.PARTIAL).never());
        assertTrue(Double.isNaN(r.speedupVsOriginal()), "no trial in which both complete");
    }

    @Test
    void approxErrorsAtDeadlinesEllOne() {
        SimulationResult.EllResult r = run(List.of(TRIAL), 1, 0, 1.5, 3.5, 5);
        Map<ProtocolKind, double[]> e = r.approx().meanError();
        // T = 1.5: partial has chunk 0 (w0); original has no complete worker; ignore has w0's chunk only
        // T = 3.5: partial has chunks 0, 1; original has w0 complete (0, 1); ignore fired at 3 with w0, w1
        // T = 5:   partial was covered at 4; original still only w0; ignore unchanged since it stopped at 3
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 0}, e.get(ProtocolKind.PARTIAL), 1e-15);
        assertArrayEquals(new double[] {1, 1.0 / 3, 1.0 / 3}, e.get(ProtocolKind.ORIGINAL), 1e-15);
        assertArrayEquals(new double[] {2.0 / 3, 1.0 / 3, 1.0 / 3}, e.get(ProtocolKind.IGNORE_STRAGGLERS), 1e-15);
    }

    @Test
    void approxErrorsAtDeadlinesEllTwo() {
        SimulationResult.EllResult r = run(List.of(TRIAL), 2, 0, 5);
        // at 5 the PS has s = (2, 1, 1): |W| = 1, 2, 1 for chunks 0, 1, 2, so E = (1 + 0 + 1) / (3 * 2)
        assertEquals(1.0 / 3, r.approx().meanError().get(ProtocolKind.PARTIAL)[0], 1e-15);
        // original counts only w0 (complete): |W| = 1, 1, 0, so E = (1 + 1 + 2) / 6
        assertEquals(2.0 / 3, r.approx().meanError().get(ProtocolKind.ORIGINAL)[0], 1e-15);
    }

    @Test
    void allFailedTrialNeverCompletesAndLosesEverything() {
        Trial dead = Trial.of(new double[][] {{NEVER, NEVER}, {NEVER, NEVER}, {NEVER, NEVER}});
        SimulationResult.EllResult r = run(List.of(TRIAL, dead), 1, 0, 100);
        for (ProtocolKind p : ProtocolKind.values()) {
            assertEquals(NEVER, r.completion().get(p)[1], p.label());
        }
        assertEquals(1, r.stats().get(ProtocolKind.PARTIAL).never());
        assertEquals(4, r.stats().get(ProtocolKind.PARTIAL).mean(), "the mean is over completed trials");
        assertEquals(4, r.stats().get(ProtocolKind.PARTIAL).median(), "nearest-rank median of {4, never}: rank 1");
        assertEquals(NEVER, r.stats().get(ProtocolKind.PARTIAL).p95(), "nearest-rank p95 of {4, never}: rank 2");
        // errors at T = 100: the first trial is covered (partial 0, original 0 as w0 and w1 complete), the second
        // has nothing (1)
        assertEquals(0.5, r.approx().meanError().get(ProtocolKind.PARTIAL)[0], 1e-15);
        assertEquals(0.5, r.approx().meanError().get(ProtocolKind.ORIGINAL)[0], 1e-15);
        assertEquals(0.5 * (1.0 / 3) + 0.5, r.approx().meanError().get(ProtocolKind.IGNORE_STRAGGLERS)[0], 1e-15);
    }

    @Test
    void failedWorkerWithNoChunkAtAll() {
        Trial t = Trial.of(new double[][] {{1, 2}, {NEVER, NEVER}, {1.5, 2.5}});
        SimulationResult.EllResult r = run(List.of(t), 1, 0);
        // w1 holds chunks 1 (pos 1) and 2 (pos 2); chunk 1 by w0 at 2, chunk 2 by w2 at 1.5, chunk 0 by w0 at 1
        assertEquals(2, time(r, ProtocolKind.PARTIAL));
        assertEquals(2.5, time(r, ProtocolKind.ORIGINAL), "w0 and w2 complete; s = 1 tolerates w1");
        assertEquals(2.5, time(r, ProtocolKind.COMPLETE_COVER));
        assertEquals(NEVER, time(r, ProtocolKind.UNCODED), "uncoded waits for w1's chunk forever");
        assertEquals(1.5, time(r, ProtocolKind.IGNORE_STRAGGLERS));
    }

    @Test
    void ellAboveReplicationIsAClearConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> Scenario.build(new io.gcoding.coding.AssignmentSpec("cyclic", 3, 2, 1),
                        new io.gcoding.coding.OrderingSpec("natural", 1), List.of(3)));
        assertTrue(e.getMessage().contains("ell = 3"), e.getMessage());
    }

    @Test
    void trialRejectsTimesThatGoBackwards() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Trial.of(new double[][] {{2, 1}}));
        assertTrue(e.getMessage().contains("worker 0 position 2"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Trial.of(new double[][] {{NEVER, 1}}));
    }
}
