package io.gcoding.coding.sim;

/**
 * How an adaptive ordering behaved over a run's consecutive rounds.
 *
 * @param rounds     rounds played
 * @param reordered  rounds that used orders other than the static ones
 * @param versions   order versions announced (0 = only the static orders)
 * @param staticQmax Q_max of the static (start) orders
 * @param maxQmax    the largest Q_max of the orders used in any round
 * @param meanQmax   Q_max of each round's orders, averaged over the rounds
 */
public record AdaptiveStats(int rounds, int reordered, int versions, int staticQmax, int maxQmax, double meanQmax) {

    public AdaptiveStats plus(AdaptiveStats o) {
        int n = rounds + o.rounds;
        return new AdaptiveStats(n, reordered + o.reordered, Math.max(versions, o.versions), staticQmax,
                Math.max(maxQmax, o.maxQmax), n == 0 ? staticQmax : (meanQmax * rounds + o.meanQmax * o.rounds) / n);
    }
}
