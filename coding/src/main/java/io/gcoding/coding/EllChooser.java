package io.gcoding.coding;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code --ell auto}: the ell of the next round, the one with the lowest expected round time
 * <pre>E[trigger(ell)] + latency + upload(ell)</pre>
 * where E[trigger(ell)] is the mean trigger time of that ell's orders over the scenarios of the speed forecast
 * ({@link AdaptiveOrderings#cost}) and upload(ell) what sending d/ell doubles costs ({@link UploadCost}). Larger
 * ell sends less but needs more coverage, which stragglers make expensive: the choice follows them round by round.
 * Pure and deterministic given its inputs.
 */
public final class EllChooser {
    private EllChooser() {
    }

    /**
     * @param orderings per candidate ell (each at most the replication), the orders its rounds would use
     * @param latency   one-way message latency in seconds (the ENCODE reaching the workers)
     * @return per candidate ell, the expected round time in seconds (ascending ell)
     */
    public static SortedMap<Integer, Double> expectedRoundSeconds(Map<Integer, Ordering> orderings,
            SpeedForecast forecast, UploadCost cost, double latency, long seed) {
        SortedMap<Integer, Double> out = new TreeMap<>();
        for (Map.Entry<Integer, Ordering> e : orderings.entrySet()) {
            int ell = e.getKey();
            double trigger = AdaptiveOrderings.cost(e.getValue(), ell, forecast, seed)[0];
            out.put(ell, trigger + latency + cost.seconds(ell));
        }
        return out;
    }

    /** The candidate with the lowest expected round time (the smaller ell on ties). */
    public static int choose(Map<Integer, Ordering> orderings, SpeedForecast forecast, UploadCost cost,
            double latency, long seed) {
        if (orderings.isEmpty()) {
            throw new IllegalArgumentException("no candidate ell");
        }
        return best(expectedRoundSeconds(orderings, forecast, cost, latency, seed));
    }

    /** The ell of the lowest expected round time in {@code expected} (the smaller ell on ties). */
    public static int best(SortedMap<Integer, Double> expected) {
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("no candidate ell");
        }
        int best = -1;
        double bestTime = Double.POSITIVE_INFINITY;
        for (Map.Entry<Integer, Double> e : expected.entrySet()) {
            if (best < 0 || e.getValue() < bestTime) {
                best = e.getKey();
                bestTime = e.getValue();
            }
        }
        return best;
    }
}
