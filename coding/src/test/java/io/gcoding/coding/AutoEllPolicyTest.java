package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * {@code --ell auto} in a session: the policy learns the workers' speeds from progress timestamps (the observations
 * carry the times: no clock, no sleep) and the upload cost from the uploads, and moves ell the right way.
 */
class AutoEllPolicyTest {
    private static final Assignment A = Assignments.cyclic(6, 3);
    private static final Ordering ORDERS = Orderings.optimal(A, 1, 1);

    /** Every worker finishes its three chunks at 0.1 s each; worker 1 (slow) only one, at 0.8 s. */
    private static RoundObservation round(boolean slowWorker1) {
        int[] chunks = new int[6];
        double[] last = new double[6];
        Arrays.fill(chunks, 3);
        Arrays.fill(last, 0.3);
        if (slowWorker1) {
            chunks[1] = 1;
            last[1] = 0.8;
        }
        return new RoundObservation(chunks, last, 0.9);
    }

    private static AutoEllPolicy policy(long d, double bandwidth, boolean persistentStraggler) {
        AutoEllPolicy p = new AutoEllPolicy(A, 3, d, bandwidth, 7);
        for (int t = 0; t < 8; t++) {
            p.observe(round(persistentStraggler));
        }
        return p;
    }

    @Test
    void theFirstRoundUsesEll1() {
        AutoEllPolicy p = new AutoEllPolicy(A, 3, 1000, 1e9, 7);
        assertEquals(1, p.next(ORDERS), "nothing is known yet");
        assertTrue(p.lastExpected().isEmpty());
    }

    @Test
    void aCheapUploadKeepsEll1AndADearOneMovesToTheLargestEll() {
        // 1,000 doubles at 1 GB/s: microseconds; coverage decides and ell 1 needs the least
        assertEquals(1, policy(1000, 1e9, false).next(ORDERS));
        // 10^7 doubles at 10 MB/s: 8 s at ell 1, 2.7 s at ell 3; the round's compute is well under a second
        AutoEllPolicy dear = policy(10_000_000, 1e7, false);
        assertEquals(3, dear.next(ORDERS), dear.lastExpected().toString());
        var e = dear.lastExpected();
        assertTrue(e.get(1) > e.get(2) && e.get(2) > e.get(3), "a dear upload: the larger ell the sooner " + e);
    }

    @Test
    void aPersistentStragglerPullsEllDownAtTheSameUploadCost() {
        // an upload cost in between: worth a larger ell when everybody is fast, not when ell 3 must wait for worker 1
        long d = 300_000;
        double bandwidth = 8.0 * d / 3.0; // 3 s at ell 1, 1.5 s at ell 2, 1 s at ell 3
        AutoEllPolicy fast = policy(d, bandwidth, false);
        int calm = fast.next(ORDERS);
        AutoEllPolicy slow = policy(d, bandwidth, true);
        int withStraggler = slow.next(ORDERS);
        assertEquals(3, calm, "every worker fast: " + fast.lastExpected());
        assertTrue(withStraggler < calm, "ell " + withStraggler + " with worker 1 slow: " + slow.lastExpected()
                + ", fast: " + fast.lastExpected());
    }

    @Test
    void aMeasuredUploadCostWaitsForTheFirstUploads() {
        AutoEllPolicy p = new AutoEllPolicy(A, 3, 10_000_000, Double.NaN, 7);
        p.observe(round(false));
        assertEquals(1, p.next(ORDERS), "no upload seen: the cost is unknown");
        assertNull(p.lastExpected().get(2));
        // uploads of 8e7 bytes took 8 s: 10 MB/s, the dear case above
        for (int j = 0; j < 6; j++) {
            p.observeUpload(80_000_000L, 8.0);
        }
        assertEquals(3, p.next(ORDERS), p.lastExpected().toString());
        assertEquals(1e7, p.uploadFit().bytesPerSecond(), 1e-3);
    }

    @Test
    void theLargestEllMustBeDecodable() {
        assertThrows(ConfigurationException.class, () -> new AutoEllPolicy(A, 4, 1000, Double.NaN, 1));
        assertThrows(ConfigurationException.class, () -> new AutoEllPolicy(A, 3, 1000, -3, 1));
    }

    @Test
    void uploadTimesSeparateLatencyFromBandwidthOnceTwoSizesWereSeen() {
        UploadTimes u = new UploadTimes();
        assertNull(u.fit());
        u.add(8000, 0.002 + 8000 / 4e6);
        u.add(8000, Double.NaN); // not used
        UploadTimes.Fit one = u.fit();
        assertEquals(0, one.latency());
        assertEquals(8000 / (0.002 + 8000 / 4e6), one.bytesPerSecond(), 1e-6, "one size: all the time to bytes");
        u.add(4000, 0.002 + 4000 / 4e6);
        u.add(2672, 0.002 + 2672 / 4e6);
        UploadTimes.Fit two = u.fit();
        assertEquals(0.002, two.latency(), 1e-12);
        assertEquals(4e6, two.bytesPerSecond(), 1e-3);
        // larger uploads not slower: the size costs nothing
        UploadTimes flat = new UploadTimes();
        flat.add(8000, 0.01);
        flat.add(4000, 0.01);
        assertEquals(Double.MAX_VALUE, flat.fit().bytesPerSecond());
        assertEquals(0.01, flat.fit().latency(), 1e-15);
    }
}
