package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** The adaptive orders: what they keep, that they beat the static order where they should, and determinism. */
class AdaptiveOrderingsTest {

    /** Workers 2, 3 and 9 of cyclic(20, 3) slow with probability 0.9, the rest with 0.03. */
    private static SpeedForecast threeSlow() {
        double[] normal = new double[20];
        double[] pSlow = new double[20];
        Arrays.fill(normal, 1.5);
        Arrays.fill(pSlow, 0.03);
        pSlow[2] = 0.9;
        pSlow[3] = 0.9;
        pSlow[9] = 0.9;
        return new SpeedForecast(normal, pSlow, 8, 1.0 / 3);
    }

    @Test
    void onlyPermutesEachWorkersOwnChunksAndLowersTheExpectedTrigger() {
        Assignment a = Assignments.cyclic(20, 3);
        for (int ell = 1; ell <= 2; ell++) {
            Ordering start = Orderings.optimal(a, ell, 1);
            Ordering adaptive = AdaptiveOrderings.forForecast(start, ell, threeSlow(), 7);
            assertEquals(a, adaptive.assignment());
            for (int j = 0; j < a.workers(); j++) {
                int[] sorted = adaptive.order(j);
                Arrays.sort(sorted);
                assertArrayEquals(a.chunksOf(j), sorted, "worker " + j + " keeps exactly its chunks");
            }
            double before = AdaptiveOrderings.cost(start, ell, threeSlow(), 7)[0];
            double after = AdaptiveOrderings.cost(adaptive, ell, threeSlow(), 7)[0];
            // ell 2: workers 2 and 3 share chunks 3 and 4 with one other holder only, so less can be gained
            assertTrue(after < (ell == 1 ? 0.9 : 0.97) * before, "ell " + ell + ": expected trigger " + after + " vs static " + before);
            // a worker that is almost surely slow is not counted on: its first chunk is covered by others
            int first = adaptive.chunkAt(2, 1);
            int earlyElsewhere = 0;
            int fastHolders = 0;
            for (int j : a.holdersOf(first)) {
                boolean fast = j != 2 && j != 3 && j != 9;
                fastHolders += fast ? 1 : 0;
                earlyElsewhere += fast && adaptive.positionOf(j, first) <= 2 ? 1 : 0;
            }
            assertTrue(earlyElsewhere >= Math.min(ell, fastHolders), "chunk " + first
                    + " is covered early by the fast workers that hold it");
        }
    }

    @Test
    void deterministicGivenTheInputs() {
        Ordering start = Orderings.optimal(Assignments.cyclic(20, 3), 2, 1);
        assertEquals(AdaptiveOrderings.forForecast(start, 2, threeSlow(), 5),
                AdaptiveOrderings.forForecast(start, 2, threeSlow(), 5));
    }

    @Test
    void equalWorkersKeepTheStaticOrder() {
        // for ell = 1 the static order puts every chunk first on some worker: equal speeds cannot trigger earlier
        Ordering start = Orderings.optimal(Assignments.cyclic(12, 4), 1, 1);
        assertSame(start, AdaptiveOrderings.forForecast(start, 1, SpeedForecast.uniform(12), 3));
        double[] normal = new double[12];
        Arrays.fill(normal, 2);
        double[] p = new double[12];
        Arrays.fill(p, 0.25);
        SpeedForecast iid = new SpeedForecast(normal, p, 8, 0.3);
        assertTrue(!iid.informative(AdaptiveOrderingPolicy.INFORMATIVE_RATIO), "equal forecasts carry nothing");
    }

    @Test
    void neverWorseThanTheStaticOrderOnItsOwnObjective() {
        Ordering start = Orderings.optimal(Assignments.cyclic(12, 3), 1, 1);
        double[] normal = new double[12];
        Arrays.fill(normal, 1);
        double[] p = new double[12];
        for (int j = 0; j < 12; j++) {
            p[j] = (j * 7 % 12) / 12.0;
        }
        SpeedForecast f = new SpeedForecast(normal, p, 5, 0.2);
        for (long seed = 0; seed < 5; seed++) {
            Ordering o = AdaptiveOrderings.forForecast(start, 1, f, seed);
            double[] c = AdaptiveOrderings.cost(o, 1, f, seed);
            double[] s = AdaptiveOrderings.cost(start, 1, f, seed);
            assertTrue(c[0] <= s[0], "seed " + seed + ": " + c[0] + " > static " + s[0]);
            if (o != start) {
                assertNotEquals(start, o);
            }
        }
    }
}
