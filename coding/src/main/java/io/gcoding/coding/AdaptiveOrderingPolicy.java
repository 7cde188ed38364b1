package io.gcoding.coding;

/**
 * {@code --ordering adaptive}: each round, the orders that minimise the trigger time under the speeds a
 * {@link SpeedEstimator} expects ({@link AdaptiveOrderings}), starting from the static optimal order. While the
 * estimator sees no evident persistence of slow workers ({@link SpeedEstimator#persistenceEvident}: no round seen
 * yet, or stragglers that do not persist, so that the past does not predict the next round), or the expected speeds
 * differ by less than {@link #INFORMATIVE_RATIO}, it returns the static order unchanged. (So steady differences in
 * normal speed alone do not re-order: measured from a few chunks per round they are mostly noise.)
 *
 * <p>What is kept: the orders only permute each worker's own chunk list, so the assignment, the loads, the
 * replication and exact decodability are those of the static order, and the trigger is decided on the announced
 * orders, so every decoded gradient is exact. What is not kept: the static order's worst-case bound Q_max (every
 * state of at least Q_max chunks triggers) holds only in the rounds that use the static order; an adaptive round
 * has its own Q_max, which the simulator reports.
 */
public final class AdaptiveOrderingPolicy implements OrderingPolicy {
    /** Expected chunk times closer than this (max over min) carry no information worth reordering for. */
    public static final double INFORMATIVE_RATIO = 1.25;

    private final Ordering start;
    private final int ell;
    private final long seed;
    private final SpeedEstimator estimator;
    private Versioned current;

    public AdaptiveOrderingPolicy(Ordering start, int ell, long seed) {
        start.assignment().requireExactlyDecodable(ell);
        this.start = start;
        this.ell = ell;
        this.seed = seed;
        this.estimator = new SpeedEstimator(start.workers());
        this.current = new Versioned(0, start);
    }

    @Override
    public Versioned next() {
        Ordering chosen = start;
        SpeedForecast forecast = estimator.forecast();
        // without evident persistence the differences left are the noise of a few chunk times per worker
        if (estimator.persistenceEvident() && forecast.informative(INFORMATIVE_RATIO)) {
            chosen = AdaptiveOrderings.forForecast(start, ell, forecast, seed);
        }
        if (!chosen.equals(current.ordering())) {
            current = new Versioned(current.version() + 1, chosen);
        }
        return current;
    }

    @Override
    public void observe(RoundObservation round) {
        estimator.observe(round);
    }

    @Override
    public Ordering start() {
        return start;
    }

    public SpeedEstimator estimator() {
        return estimator;
    }
}
