package io.gcoding.coding;

import java.util.Arrays;

/**
 * Per-worker expected chunk times for the next round, learnt from the progress timestamps of past rounds
 * ({@link RoundObservation}). Each round a worker is classed slow when its chunk time exceeds {@link #SLOW_RATIO}
 * times the round's median, normal otherwise. The estimator counts, over all workers and rounds, how often a slow
 * worker stays slow and how often a normal one turns slow (Laplace prior), keeps each worker's normal chunk time
 * (moving average) and the mean slow-down of slow rounds, and forecasts each worker slow in the next round with
 * P(slow next | its class now) ({@link SpeedForecast}). Stragglers that persist make P(slow | slow) much larger
 * than P(slow | normal), and the forecasts differ; on i.i.d. rounds the two probabilities converge and the forecast
 * becomes uninformative by itself, so an {@link OrderingPolicy} falls back to the static order. Not thread-safe: one owner (a round driver).
 */
public final class SpeedEstimator {
    /** A worker slower than this many times the round's median is slow in that round. */
    public static final double SLOW_RATIO = 1.5;
    /** Weight of the latest round in each worker's normal chunk time. */
    static final double NORMAL_WEIGHT = 0.1;
    /**
     * The slow-down planned for when the measured one is smaller. A slow worker seldom finishes a chunk before the
     * trigger, so what is measured is mostly a lower bound (the chunk in flight) and would make the planner count on
     * it too early.
     */
    public static final double PLANNING_SLOWDOWN = 4;
    public static final double NOISE = 1.0 / 3;

    private final int workers;
    /** -1 unknown, 0 normal, 1 slow: each worker's class in the latest observed round. */
    private final int[] lastClass;
    private final double[] normalSeconds;
    private long slowToSlow;
    private long slowTotal;
    private long normalToSlow;
    private long normalTotal;
    private double slowdownSum;
    private long slowRounds;
    private int rounds;

    public SpeedEstimator(int workers) {
        if (workers < 1) {
            throw new IllegalArgumentException("need at least one worker, got " + workers);
        }
        this.workers = workers;
        this.lastClass = new int[workers];
        this.normalSeconds = new double[workers];
        Arrays.fill(lastClass, -1);
        Arrays.fill(normalSeconds, Double.NaN);
    }

    /** Learns from one round; workers without an observation keep their class and times. */
    public void observe(RoundObservation round) {
        if (round.workers() != workers) {
            throw new IllegalArgumentException("observation of " + round.workers() + " workers, estimator has "
                    + workers);
        }
        double[] seconds = new double[workers];
        int seen = 0;
        for (int j = 0; j < workers; j++) {
            seconds[j] = round.chunkSeconds(j);
            seen += Double.isNaN(seconds[j]) ? 0 : 1;
        }
        if (seen == 0) {
            return;
        }
        double median = median(seconds, seen);
        for (int j = 0; j < workers; j++) {
            if (Double.isNaN(seconds[j])) {
                continue;
            }
            int now = seconds[j] > SLOW_RATIO * median ? 1 : 0;
            if (lastClass[j] == 1) {
                slowTotal++;
                slowToSlow += now;
            } else if (lastClass[j] == 0) {
                normalTotal++;
                normalToSlow += now;
            }
            lastClass[j] = now;
            if (now == 1) {
                slowdownSum += seconds[j] / median;
                slowRounds++;
            } else {
                normalSeconds[j] = Double.isNaN(normalSeconds[j]) ? seconds[j]
                        : NORMAL_WEIGHT * seconds[j] + (1 - NORMAL_WEIGHT) * normalSeconds[j];
            }
        }
        rounds++;
    }

    /** Rounds observed so far. */
    public int rounds() {
        return rounds;
    }

    /** P(slow next round | slow now), with a Laplace prior. */
    public double staySlow() {
        return (slowToSlow + 1.0) / (slowTotal + 2.0);
    }

    /** P(slow next round | normal now), with a Laplace prior. */
    public double turnSlow() {
        return (normalToSlow + 1.0) / (normalTotal + 2.0);
    }

    /** Transitions out of a slow round needed before persistence can be evident. */
    static final int MIN_SLOW_TRANSITIONS = 5;

    /**
     * True when, over at least {@link #MIN_SLOW_TRANSITIONS} rounds that followed a slow one, slow workers stayed
     * slow more often than normal ones turned slow by more than three standard errors of the two estimated
     * probabilities: only then does a worker's class say anything about its next round. (The counts accumulate, so
     * a chance excursion would last many rounds: hence the strict test.)
     */
    public boolean persistenceEvident() {
        if (slowTotal < MIN_SLOW_TRANSITIONS) {
            return false;
        }
        double p1 = staySlow();
        double p0 = turnSlow();
        double se = Math.sqrt(p1 * (1 - p1) / (slowTotal + 2.0) + p0 * (1 - p0) / (normalTotal + 2.0));
        return p1 - p0 > 3 * se;
    }

    /**
     * The slow-down of slow rounds: the mean measured chunk time over the round's median, at least
     * {@link #PLANNING_SLOWDOWN}; 1 before any slow round.
     */
    public double slowdown() {
        return slowRounds == 0 ? 1 : Math.max(PLANNING_SLOWDOWN, slowdownSum / slowRounds);
    }

    /**
     * The next round as expected from the rounds seen: uniform before the first observation. A worker never seen
     * normal takes the median normal time of the others; a worker never seen at all is slow with P(slow | normal).
     * Without evident persistence ({@link #persistenceEvident}) every worker is slow with the overall rate of slow
     * rounds, whatever its class: the past then predicts nothing.
     */
    public SpeedForecast forecast() {
        if (rounds == 0) {
            return SpeedForecast.uniform(workers);
        }
        double fallback = medianKnown(normalSeconds);
        double[] normal = new double[workers];
        double[] pSlow = new double[workers];
        boolean persistent = persistenceEvident();
        double overall = (slowToSlow + normalToSlow + 1.0) / (slowTotal + normalTotal + 2.0);
        for (int j = 0; j < workers; j++) {
            normal[j] = Double.isNaN(normalSeconds[j]) ? fallback : normalSeconds[j];
            pSlow[j] = !persistent ? overall : lastClass[j] == 1 ? staySlow() : turnSlow();
        }
        return new SpeedForecast(normal, pSlow, slowdown(), NOISE);
    }

    private static double medianKnown(double[] values) {
        double[] known = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return known.length == 0 ? 1 : known[known.length / 2];
    }

    private static double median(double[] values, int finite) {
        double[] sorted = Arrays.stream(values).filter(v -> !Double.isNaN(v)).sorted().toArray();
        return finite % 2 == 1 ? sorted[finite / 2] : (sorted[finite / 2 - 1] + sorted[finite / 2]) / 2;
    }
}
