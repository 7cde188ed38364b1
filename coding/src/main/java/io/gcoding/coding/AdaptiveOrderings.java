package io.gcoding.coding;

import java.util.Arrays;
import java.util.Random;
import java.util.SplittableRandom;

/**
 * Chunk orders for a {@link SpeedForecast}: the orders that minimise the expected trigger time. In a scenario where
 * worker j takes {@code t[j]} seconds per chunk, it finishes its p-th chunk at {@code p * t[j]}; chunk i is
 * ell-covered at the ell-th smallest of {@code position_j(i) * t[j]} over its holders, and the round triggers at the
 * latest of these. The expectation is a mean over {@link #SAMPLES} scenarios drawn from the forecast with a fixed
 * seed (each worker slow with its probability), plus the most likely scenario; the objective is (mean trigger time,
 * mean sum of the chunks' cover times). Averaging over scenarios is what keeps the orders robust: a worker that is
 * slow with probability 0.9 is not counted on, and neither is a single normal worker that may turn slow.
 *
 * <p>The search: greedy list schedules (each worker, at each of its finish instants in time order, takes its least
 * covered remaining chunk, so fast workers take first what a slow worker would reach last), built for the expected
 * and for the most likely speeds, then a seeded local search of swaps within one worker's order from each of them
 * and from the static order. The best result is kept if its expected trigger time is lower than the static
 * order's; otherwise (a tie, or uniform speeds) the static order is returned. Only positions inside one worker's
 * chunk list change: the assignment, every load and every replication stay. Pure and deterministic given (start,
 * ell, forecast, seed).
 */
public final class AdaptiveOrderings {
    /** Scenarios drawn from the forecast. */
    public static final int SAMPLES = 32;
    private static final int MOVES_PER_WORKER = 100;

    private AdaptiveOrderings() {
    }

    /** The orders with the lowest expected trigger time under {@code forecast}, or {@code start} if none beats it. */
    public static Ordering forForecast(Ordering start, int ell, SpeedForecast forecast, long seed) {
        Assignment a = start.assignment();
        a.requireExactlyDecodable(ell);
        if (forecast.workers() != a.workers()) {
            throw new IllegalArgumentException("a forecast of " + forecast.workers() + " workers for "
                    + a.workers());
        }
        double[][][] scenarios = scenarios(a, forecast, seed);
        double[] expected = new double[a.workers()];
        double[] likely = speeds(forecast, seed)[0];
        for (int j = 0; j < expected.length; j++) {
            expected[j] = forecast.expectedSeconds(j);
        }
        int[][] best = start.orders();
        double[] bestCost = cost(a, best, ell, scenarios);
        double[] staticCost = bestCost;
        int[][][] starts = {start.orders(), greedy(a, start, expected), greedy(a, start, likely)};
        for (int s = 0; s < starts.length; s++) {
            int[][] found = new Search(a, starts[s], ell, scenarios).run(seed + s);
            double[] c = cost(a, found, ell, scenarios);
            if (compare(c, bestCost) < 0) {
                best = found;
                bestCost = c;
            }
        }
        // only a lower expected trigger is worth leaving the static order (and its Q_max) for
        return compare(new double[] {bestCost[0]}, new double[] {staticCost[0]}) < 0 ? new Ordering(a, best) : start;
    }

    /** (mean trigger time, mean sum of cover times) of {@code ordering} over the forecast's scenarios. */
    public static double[] cost(Ordering ordering, int ell, SpeedForecast forecast, long seed) {
        return cost(ordering.assignment(), ordering.orders(), ell, scenarios(ordering.assignment(), forecast, seed));
    }

    /** Scenario 0: the most likely one (slow where P(slow) > 1/2); then SAMPLES draws. */
    private static double[][] speeds(SpeedForecast f, long seed) {
        double[][] s = new double[SAMPLES + 1][];
        double[] likely = f.normalSeconds();
        for (int j = 0; j < likely.length; j++) {
            likely[j] *= f.pSlow()[j] > 0.5 ? f.slowdown() : 1;
        }
        s[0] = likely;
        SplittableRandom rnd = new SplittableRandom(seed);
        for (int k = 1; k < s.length; k++) {
            s[k] = f.draw(rnd);
        }
        return s;
    }

    /**
     * Per scenario, worker and position, the finish time: the scenario's seconds per chunk times the cumulative
     * chunk-time noise of {@link SpeedForecast#noise} (none in the most likely scenario).
     */
    private static double[][][] scenarios(Assignment a, SpeedForecast f, long seed) {
        double[][] speeds = speeds(f, seed);
        SplittableRandom rnd = new SplittableRandom(seed ^ 0x632BE59BD9B4E019L);
        double[][][] finish = new double[speeds.length][a.workers()][];
        for (int k = 0; k < speeds.length; k++) {
            for (int j = 0; j < a.workers(); j++) {
                double[] t = new double[a.load(j)];
                double sum = 0;
                for (int p = 0; p < t.length; p++) {
                    sum += k == 0 ? 1 : f.noiseFactor(rnd);
                    t[p] = speeds[k][j] * sum;
                }
                finish[k][j] = t;
            }
        }
        return finish;
    }

    private static int[][] greedy(Assignment a, Ordering start, double[] seconds) {
        int m = a.workers();
        int[][] orders = new int[m][];
        int[] next = new int[m];
        boolean[][] taken = new boolean[m][];
        int[] cover = new int[a.chunks()];
        int slots = 0;
        for (int j = 0; j < m; j++) {
            orders[j] = new int[a.load(j)];
            taken[j] = new boolean[a.load(j)];
            slots += a.load(j);
        }
        for (int s = 0; s < slots; s++) {
            int j = -1; // the worker whose next slot finishes first (lowest index on ties)
            for (int w = 0; w < m; w++) {
                if (next[w] < orders[w].length
                        && (j < 0 || (next[w] + 1) * seconds[w] < (next[j] + 1) * seconds[j])) {
                    j = w;
                }
            }
            int[] own = start.order(j);
            int pick = -1; // least covered remaining chunk, the earliest in the static order on ties
            for (int k = 0; k < own.length; k++) {
                if (!taken[j][k] && (pick < 0 || cover[own[k]] < cover[own[pick]])) {
                    pick = k;
                }
            }
            taken[j][pick] = true;
            cover[own[pick]]++;
            orders[j][next[j]++] = own[pick];
        }
        return orders;
    }

    private static double[] cost(Assignment a, int[][] orders, int ell, double[][][] scenarios) {
        return new Search(a, orders, ell, scenarios).objective();
    }

    /**
     * Local search state: every scenario's cover time of every chunk, each scenario's trigger time and the total,
     * updated per swap (a swap changes two chunks' cover times).
     */
    private static final class Search {
        private final Assignment a;
        private final int[][] orders;
        private final int ell;
        private final double[][][] finish;
        private final double[][] cover;
        private final double[] trigger;
        private final double[] buffer;
        private double coverSum;

        Search(Assignment a, int[][] orders, int ell, double[][][] finish) {
            this.a = a;
            this.orders = new int[orders.length][];
            for (int j = 0; j < orders.length; j++) {
                this.orders[j] = orders[j].clone();
            }
            this.ell = ell;
            this.finish = finish;
            this.cover = new double[finish.length][a.chunks()];
            this.trigger = new double[finish.length];
            this.buffer = new double[a.maxReplication()];
            for (int i = 0; i < a.chunks(); i++) {
                update(i);
            }
        }

        int[][] run(long seed) {
            int m = a.workers();
            double[] objective = objective();
            Random rnd = new Random(seed);
            long moves = (long) MOVES_PER_WORKER * m;
            for (long move = 0; move < moves; move++) {
                int[] swapped = OrderingSearch.swapRandomPair(orders, rnd);
                if (swapped == null) {
                    continue;
                }
                int j = swapped[0];
                int p = swapped[1];
                int q = swapped[2];
                update(orders[j][p]);
                update(orders[j][q]);
                double[] next = objective();
                if (compare(next, objective) <= 0) {
                    objective = next;
                } else {
                    swap(orders[j], p, q);
                    update(orders[j][p]);
                    update(orders[j][q]);
                }
            }
            return orders;
        }

        /** Recomputes chunk i's cover time in every scenario, and the triggers it may move. */
        private void update(int chunk) {
            int[] holders = a.holdersOf(chunk);
            int[] position = new int[holders.length];
            for (int h = 0; h < holders.length; h++) {
                int[] order = orders[holders[h]];
                int pos = 0;
                while (order[pos] != chunk) {
                    pos++;
                }
                position[h] = pos;
            }
            for (int k = 0; k < finish.length; k++) {
                for (int h = 0; h < holders.length; h++) {
                    buffer[h] = finish[k][holders[h]][position[h]];
                }
                Arrays.sort(buffer, 0, holders.length);
                double old = cover[k][chunk];
                double now = buffer[ell - 1];
                cover[k][chunk] = now;
                coverSum += now - old;
                if (now >= trigger[k]) {
                    trigger[k] = now;
                } else if (old == trigger[k]) {
                    double worst = 0;
                    for (double v : cover[k]) {
                        worst = Math.max(worst, v);
                    }
                    trigger[k] = worst;
                }
            }
        }

        double[] objective() {
            double sum = 0;
            for (double t : trigger) {
                sum += t;
            }
            return new double[] {sum / trigger.length, coverSum / trigger.length};
        }
    }

    /** Lexicographic, with a relative tolerance so that rounding noise is a tie. */
    private static int compare(double[] x, double[] y) {
        for (int k = 0; k < x.length; k++) {
            double tol = 1e-9 * Math.max(Math.abs(x[k]), Math.abs(y[k]));
            if (Math.abs(x[k] - y[k]) > tol) {
                return Double.compare(x[k], y[k]);
            }
        }
        return 0;
    }

    private static void swap(int[] v, int p, int q) {
        int t = v[p];
        v[p] = v[q];
        v[q] = t;
    }
}
