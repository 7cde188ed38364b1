package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class QmaxTest {

    /** 1 + the largest total work of a state that leaves some chunk covered fewer than ell times. */
    static int bruteForceQmax(Ordering ordering, int ell) {
        int m = ordering.workers();
        int[] s = new int[m];
        int worst = 0;
        while (true) {
            CoverageTracker t = new CoverageTracker(ordering, ell);
            int total = 0;
            for (int j = 0; j < m; j++) {
                t.advance(j, s[j]);
                total += s[j];
            }
            if (!t.isCovered()) {
                worst = Math.max(worst, total);
            }
            int j = 0;
            while (j < m && s[j] == ordering.length(j)) {
                s[j] = 0;
                j++;
            }
            if (j == m) {
                return worst + 1;
            }
            s[j]++;
        }
    }

    @Test
    void formulaMatchesBruteForceOverStates() {
        Random rnd = new Random(5);
        for (int trial = 0; trial < 60; trial++) {
            int ell = 1 + rnd.nextInt(3);
            Assignment a = RandomInstances.irregular(rnd, ell + 1 + rnd.nextInt(3), ell);
            Ordering ordering = Orderings.random(a, rnd.nextLong());
            assertEquals(bruteForceQmax(ordering, ell), QmaxCalculator.qmax(ordering, ell), () -> a + " " + ordering);
        }
    }

    @Test
    void optimalOrderingReachesTheBruteForceMinimumOnCyclic5x3() {
        Assignment a = Assignments.cyclic(5, 3);
        for (int ell = 1; ell <= 2; ell++) {
            int best = Integer.MAX_VALUE;
            for (Ordering o : allOrderings(a)) {
                best = Math.min(best, QmaxCalculator.qmax(o, ell));
            }
            int optimal = QmaxCalculator.qmax(Orderings.optimal(a, ell, 1), ell);
            assertEquals(best, optimal, "ell = " + ell);
            assertTrue(QmaxCalculator.lowerBound(a, ell) <= best);
            if (ell == 1) {
                assertEquals(QmaxCalculator.lowerBound(a, ell), best, "edge colouring meets the bound at ell = 1");
            }
        }
    }

    @Test
    void lowerBoundHoldsForEveryOrderingOfSmallInstances() {
        Random rnd = new Random(9);
        for (int trial = 0; trial < 6; trial++) {
            int ell = 1 + rnd.nextInt(2);
            Assignment a = RandomInstances.irregular(rnd, 4, ell);
            if (a.totalLoad() > 14) {
                continue;
            }
            int lb = QmaxCalculator.lowerBound(a, ell);
            for (Ordering o : allOrderings(a)) {
                assertTrue(QmaxCalculator.qmax(o, ell) >= lb);
            }
            assertTrue(QmaxCalculator.qmax(Orderings.optimal(a, ell, 3), ell)
                    <= QmaxCalculator.qmax(Orderings.natural(a), ell));
        }
    }

    @Test
    void edgeColouringPutsEveryChunkAtEveryPositionOnce() {
        for (Assignment a : List.of(Assignments.cyclic(12, 4), Assignments.randomRegular(30, 5, 7),
                Assignments.frc(12, 3))) {
            Ordering o = EdgeColouring.colour(a);
            int delta = a.load(0);
            for (int i = 0; i < a.chunks(); i++) {
                boolean[] seen = new boolean[delta + 1];
                for (int j : a.holdersOf(i)) {
                    int p = o.positionOf(j, i);
                    assertTrue(!seen[p], "chunk " + i + " twice at position " + p);
                    seen[p] = true;
                }
            }
            assertEquals(QmaxCalculator.lowerBound(a, 1), QmaxCalculator.qmax(o, 1));
        }
    }

    @Test
    void optimalIsNeverWorseThanNaturalOrRandom() {
        Random rnd = new Random(11);
        for (int trial = 0; trial < 20; trial++) {
            int ell = 1 + rnd.nextInt(3);
            Assignment a = RandomInstances.assignment(rnd, ell);
            int opt = QmaxCalculator.qmax(Orderings.optimal(a, ell, trial), ell);
            assertTrue(opt <= QmaxCalculator.qmax(Orderings.natural(a), ell));
            assertTrue(opt >= QmaxCalculator.lowerBound(a, ell));
        }
    }

    static List<Ordering> allOrderings(Assignment a) {
        List<int[][]> partial = new ArrayList<>();
        partial.add(new int[a.workers()][]);
        for (int j = 0; j < a.workers(); j++) {
            List<int[][]> next = new ArrayList<>();
            for (int[] perm : permutations(a.chunksOf(j))) {
                for (int[][] p : partial) {
                    int[][] copy = p.clone();
                    copy[j] = perm;
                    next.add(copy);
                }
            }
            partial = next;
        }
        List<Ordering> out = new ArrayList<>();
        for (int[][] p : partial) {
            out.add(new Ordering(a, p));
        }
        return out;
    }

    static List<int[]> permutations(int[] items) {
        List<int[]> out = new ArrayList<>();
        permute(items.clone(), 0, out);
        return out;
    }

    private static void permute(int[] a, int k, List<int[]> out) {
        if (k == a.length) {
            out.add(a.clone());
            return;
        }
        for (int i = k; i < a.length; i++) {
            int t = a[k];
            a[k] = a[i];
            a[i] = t;
            permute(a, k + 1, out);
            a[i] = a[k];
            a[k] = t;
        }
    }
}
