package io.gcoding.coding;

import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code --ell auto} in a running session: each round, the ell in 1..maxEll that {@link EllChooser} expects to
 * finish soonest, from the speeds a {@link SpeedEstimator} learnt from the progress timestamps and the upload cost,
 * given ({@code --upload-bandwidth}) or measured from the uploads ({@link UploadTimes}). Every candidate is judged on
 * the round's own chunk orders (the session's static ones: this policy does not re-order). The first round, and
 * every round while the upload cost is still unknown, uses ell = 1: nothing is known yet, and ell = 1 needs the
 * least coverage. The choice is deterministic given what was observed.
 */
public final class AutoEllPolicy implements EllPolicy {
    private final int maxEll;
    private final long parameters;
    private final double givenBandwidth;
    private final long seed;
    private final SpeedEstimator estimator;
    private final UploadTimes uploads = new UploadTimes();
    private SortedMap<Integer, Double> lastExpected = new TreeMap<>();

    /**
     * @param assignment     the session's; every chunk must be on at least {@code maxEll} workers (exact mode)
     * @param parameters     d
     * @param givenBandwidth bytes per second of one worker's upload, or NaN to measure it
     */
    public AutoEllPolicy(Assignment assignment, int maxEll, long parameters, double givenBandwidth, long seed) {
        if (maxEll < 1) {
            throw new ConfigurationException("--ell auto needs a largest ell >= 1, got " + maxEll);
        }
        assignment.requireExactlyDecodable(maxEll);
        if (!Double.isNaN(givenBandwidth)) {
            new UploadCost(parameters, givenBandwidth); // the same check as the simulator's
        }
        this.maxEll = maxEll;
        this.parameters = parameters;
        this.givenBandwidth = givenBandwidth;
        this.seed = seed;
        this.estimator = new SpeedEstimator(assignment.workers());
    }

    @Override
    public int next(Ordering orders) {
        UploadTimes.Fit fit = Double.isNaN(givenBandwidth) ? uploads.fit() : new UploadTimes.Fit(0, givenBandwidth);
        if (estimator.rounds() == 0 || fit == null) {
            lastExpected = new TreeMap<>();
            return 1;
        }
        Map<Integer, Ordering> candidates = new TreeMap<>();
        for (int ell = 1; ell <= maxEll; ell++) {
            candidates.put(ell, orders);
        }
        UploadCost cost = fit.cost(parameters);
        lastExpected = EllChooser.expectedRoundSeconds(candidates, estimator.forecast(), cost, fit.latency(), seed);
        return EllChooser.best(lastExpected);
    }

    @Override
    public void observe(RoundObservation round) {
        estimator.observe(round);
    }

    @Override
    public void observeUpload(long bytes, double seconds) {
        uploads.add(bytes, seconds);
    }

    @Override
    public int maxEll() {
        return maxEll;
    }

    /** Per candidate ell, the expected round seconds behind the last choice (empty when it was the default 1). */
    @Override
    public SortedMap<Integer, Double> lastExpected() {
        return java.util.Collections.unmodifiableSortedMap(lastExpected);
    }

    /** The measured upload cost so far (null before any upload), or the given one. */
    public UploadTimes.Fit uploadFit() {
        return Double.isNaN(givenBandwidth) ? uploads.fit() : new UploadTimes.Fit(0, givenBandwidth);
    }
}
