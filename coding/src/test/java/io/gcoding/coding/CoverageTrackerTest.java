package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class CoverageTrackerTest {

    @Test
    void incrementalCountsMatchARecountAfterEveryUpdate() {
        Random rnd = new Random(3);
        for (int trial = 0; trial < 100; trial++) {
            int ell = 1 + rnd.nextInt(3);
            Assignment a = RandomInstances.assignment(rnd, ell);
            Ordering o = Orderings.random(a, rnd.nextLong());
            CoverageTracker t = new CoverageTracker(o, ell);
            MinNormEncoder enc = new MinNormEncoder(DecodingMatrix.chebyshev(ell, a.workers()), o);
            for (int step = 0; step < 40; step++) {
                int j = rnd.nextInt(a.workers());
                if (rnd.nextInt(8) == 0) {
                    t.drop(j);
                } else {
                    t.advance(j, rnd.nextInt(o.length(j) + 1));
                }
                StateVector s = t.state();
                boolean covered = true;
                for (int i = 0; i < a.chunks(); i++) {
                    int w = enc.coveringWorkers(s, i).length;
                    assertEquals(w, t.coverage(i));
                    covered &= w >= ell;
                }
                assertEquals(covered, t.isCovered());
            }
        }
    }

    @Test
    void cumulativeReportsIgnoreStaleCountsAndRejectImpossibleOnes() {
        Ordering o = Orderings.natural(Assignments.cyclic(4, 2));
        CoverageTracker t = new CoverageTracker(o, 1);
        assertTrue(t.advance(0, 2));
        assertFalse(t.advance(0, 1), "an older cumulative count changes nothing");
        assertEquals(2, t.progress(0));
        assertThrows(IllegalArgumentException.class, () -> t.advance(0, 3));
        assertThrows(IllegalArgumentException.class, () -> t.advance(7, 1));
    }

    @Test
    void triggerPoliciesDecideOnCoverageDeadlineAndErrorBound() {
        Ordering o = Orderings.natural(Assignments.cyclic(4, 2));
        CoverageTracker t = new CoverageTracker(o, 2);
        TriggerPolicy exact = TriggerPolicy.exact();
        TriggerPolicy deadline = TriggerPolicy.deadline(1.0, 0.3);
        assertFalse(exact.coverageReached(t));
        assertEquals(1.0, deadline.deadlineSeconds());
        assertTrue(Double.isInfinite(exact.deadlineSeconds()));
        assertTrue(exact.isExact() && !deadline.isExact());
        assertFalse(deadline.coverageReached(t));
        t.advance(0, 2);
        t.advance(2, 2); // every chunk covered once: E = 4 / 8 = 0.5
        assertEquals(0.5, t.closedFormError(), 1e-15);
        assertEquals(4, t.total());
        assertFalse(deadline.coverageReached(t));
        t.advance(1, 2); // chunks 1, 2 twice, 0 and 3 once: E = 2 / 8
        assertTrue(deadline.coverageReached(t));
        assertFalse(exact.coverageReached(t));
        t.advance(3, 2);
        assertTrue(exact.coverageReached(t));
    }
}
