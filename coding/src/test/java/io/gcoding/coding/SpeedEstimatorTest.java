package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Speed estimates from progress timestamps, the forecast, and the policy's versions. */
class SpeedEstimatorTest {

    /** A round of 6 workers at these chunk times, censored at {@code trigger}: each reports what it finished. */
    private static RoundObservation round(double[] seconds, double trigger) {
        int[] chunks = new int[seconds.length];
        double[] last = new double[seconds.length];
        for (int j = 0; j < seconds.length; j++) {
            chunks[j] = (int) Math.floor(trigger / seconds[j]);
            last[j] = chunks[j] * seconds[j];
        }
        return new RoundObservation(chunks, last, trigger);
    }

    @Test
    void chunkTimeIsTheMeanOrTheCensoredBound() {
        RoundObservation r = new RoundObservation(new int[] {3, 0, 1, -1}, new double[] {3.0, 0, 0.5, 0}, 4);
        assertEquals(1.0, r.chunkSeconds(0), 1e-15); // 3 chunks by 3 s, and the 4th not done at 4 s: 1 s each
        assertEquals(4.0, r.chunkSeconds(1), 1e-15); // nothing by 4 s: at least 4 s
        assertEquals(2.0, r.chunkSeconds(2), 1e-15); // one at 0.5 s, the second not done at 4 s: at least 2 s
        assertTrue(Double.isNaN(r.chunkSeconds(3)));
        assertThrows(IllegalArgumentException.class, () -> new RoundObservation(new int[1], new double[1], 0));
    }

    @Test
    void persistentStragglersAreForecastSlowAndOthersNot() {
        SpeedEstimator e = new SpeedEstimator(6);
        assertFalse(e.forecast().informative(AdaptiveOrderingPolicy.INFORMATIVE_RATIO), "nothing seen yet");
        double[] times = {1, 1, 1, 1, 1, 1};
        for (int t = 0; t < 40; t++) {
            times[4] = t < 20 ? 10 : 1; // worker 4 slow for 20 rounds, then normal
            times[0] = t >= 20 ? 10 : 1; // worker 0 the other way round
            e.observe(round(times, 3.5));
        }
        SpeedForecast f = e.forecast();
        assertTrue(e.staySlow() > 0.9, "slow workers stayed slow: " + e.staySlow());
        assertTrue(e.turnSlow() < 0.05, "normal ones rarely turned slow: " + e.turnSlow());
        assertTrue(e.persistenceEvident());
        assertTrue(f.pSlow()[0] > 0.9 && f.pSlow()[4] < 0.05, Arrays.toString(f.pSlow()));
        assertTrue(f.slowdown() >= SpeedEstimator.PLANNING_SLOWDOWN);
        assertTrue(f.informative(AdaptiveOrderingPolicy.INFORMATIVE_RATIO));
    }

    @Test
    void stragglersThatDoNotPersistCarryNoInformation() {
        SpeedEstimator e = new SpeedEstimator(6);
        Random rnd = new Random(3);
        double[] times = new double[6];
        for (int t = 0; t < 2000; t++) {
            for (int j = 0; j < 6; j++) {
                times[j] = rnd.nextDouble() < 0.25 ? 10 : 1;
            }
            e.observe(round(times, 3.5));
        }
        assertEquals(e.staySlow(), e.turnSlow(), 0.05);
        assertFalse(e.persistenceEvident());
        assertFalse(e.forecast().informative(AdaptiveOrderingPolicy.INFORMATIVE_RATIO),
                "P(slow | slow) = P(slow | normal): " + e.staySlow() + " vs " + e.turnSlow());
    }

    @Test
    void policyVersionsChangeExactlyWithTheOrders() {
        Ordering start = Orderings.optimal(Assignments.cyclic(6, 3), 1, 1);
        AdaptiveOrderingPolicy policy = new AdaptiveOrderingPolicy(start, 1, 1);
        OrderingPolicy.Versioned first = policy.next();
        assertEquals(0, first.version());
        assertEquals(start, first.ordering());
        assertEquals(first, policy.next(), "no observation, same orders, same version");
        double[] times = {1, 1, 10, 1, 1, 1};
        for (int t = 0; t < 15; t++) {
            policy.observe(round(times, 2.5));
        }
        OrderingPolicy.Versioned adapted = policy.next();
        assertEquals(1, adapted.version());
        assertNotEquals(start, adapted.ordering());
        assertEquals(adapted, policy.next(), "same estimates, same version");
        OrderingPolicy fixed = OrderingPolicy.fixed(start);
        fixed.observe(round(times, 2.5));
        assertEquals(new OrderingPolicy.Versioned(0, start), fixed.next());
    }
}
