package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** ell per round: the upload cost against the coverage that stragglers make expensive. */
class EllChooserTest {
    private static final Assignment A = Assignments.cyclic(12, 3);

    private static Map<Integer, Ordering> orderings() {
        Map<Integer, Ordering> m = new TreeMap<>();
        for (int ell = 1; ell <= 3; ell++) {
            m.put(ell, Orderings.optimal(A, ell, 1));
        }
        return m;
    }

    /** Workers 0 and 1 slow with this probability: chunks 1 and 2 have two of their three holders among them. */
    private static SpeedForecast forecast(double pSlowOfWorkers01) {
        double[] normal = new double[12];
        Arrays.fill(normal, 1.5);
        double[] p = new double[12];
        Arrays.fill(p, 0.01);
        p[0] = pSlowOfWorkers01;
        p[1] = pSlowOfWorkers01;
        return new SpeedForecast(normal, p, 8, 1.0 / 3);
    }

    @Test
    void uploadCostIsEightBytesPerSentDouble() {
        UploadCost c = UploadCost.parse("d=1000,bandwidth=4000");
        assertEquals(2.0, c.seconds(1), 1e-15);
        assertEquals(1.0, c.seconds(2), 1e-15);
        assertEquals(8.0 * 334 / 4000, c.seconds(3), 1e-15); // ceil(1000 / 3) doubles
        assertEquals("d=1000,bandwidth=4000", c.spec());
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> UploadCost.parse("d=1.5"));
        assertTrue(e.getMessage().contains("whole number"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> UploadCost.parse("bandwidth=0"));
    }

    @Test
    void cheapUploadsFavourEll1AndDearOnesTheLargestEll() {
        assertEquals(1, EllChooser.choose(orderings(), forecast(0.01), new UploadCost(1000, 1e9), 0, 1));
        assertEquals(3, EllChooser.choose(orderings(), forecast(0.01), new UploadCost(100_000_000, 1e7), 0, 1));
    }

    @Test
    void aLikelyStragglerMakesLargeEllExpensive() {
        UploadCost cost = new UploadCost(10_000_000, 1.25e7); // 6.4 s at ell 1, 2.1 s at ell 3
        var calm = EllChooser.expectedRoundSeconds(orderings(), forecast(0.01), cost, 0, 1);
        var slow = EllChooser.expectedRoundSeconds(orderings(), forecast(0.95), cost, 0, 1);
        int calmEll = EllChooser.choose(orderings(), forecast(0.01), cost, 0, 1);
        assertTrue(calmEll > 1, "the upload saving pays for more coverage: " + calm);
        assertTrue(EllChooser.choose(orderings(), forecast(0.95), cost, 0, 1) < calmEll, slow.toString());
        // ell 3 needs every holder of the slow workers' chunks: the stragglers cost it most
        assertTrue(slow.get(3) - calm.get(3) > slow.get(1) - calm.get(1));
    }
}
