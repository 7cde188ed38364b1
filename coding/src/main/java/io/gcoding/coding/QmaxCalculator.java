package io.gcoding.coding;

import java.util.Arrays;

/**
 * Q_max of PROTOCOL.md §4: the smallest total number of processed chunks Q such that every state with
 * sum_j s_j >= Q covers each chunk at least ell times, computed exactly per chunk; and the averaging lower bound
 * over all orderings of the same assignment.
 */
public final class QmaxCalculator {
    private QmaxCalculator() {
    }

    /** Q_max for this ordering. Throws {@link ConfigurationException} if some chunk has fewer than ell holders. */
    public static int qmax(Ordering ordering, int ell) {
        Assignment a = ordering.assignment();
        a.requireExactlyDecodable(ell);
        int worst = 0;
        for (int i = 0; i < a.chunks(); i++) {
            worst = Math.max(worst, maxWorkWithoutCover(ordering, i, ell));
        }
        return worst + 1;
    }

    /**
     * The largest total work of a state in which chunk i is covered fewer than ell times: every non-holder finishes,
     * the ell - 1 holders with the largest gain finish, every other holder stops just before chunk i.
     */
    public static int maxWorkWithoutCover(Ordering ordering, int chunk, int ell) {
        Assignment a = ordering.assignment();
        int[] holders = a.holdersOf(chunk);
        int[] gains = new int[holders.length];
        for (int h = 0; h < holders.length; h++) {
            int j = holders[h];
            gains[h] = a.load(j) - ordering.positionOf(j, chunk) + 1;
        }
        return a.totalLoad() - lostWork(gains, ell);
    }

    /** Sum of all but the ell - 1 largest gains (sorts {@code gains} in place). */
    static int lostWork(int[] gains, int ell) {
        Arrays.sort(gains);
        int lost = 0; // the gains of the holders that stop before chunk i: all but the ell - 1 largest
        for (int h = 0; h < gains.length - (ell - 1); h++) {
            lost += gains[h];
        }
        return lost;
    }

    /**
     * Averaging lower bound on Q_max over all orderings. For chunk i let S_i be the sum of its r_i - ell + 1
     * smallest gains; S_i <= G_i (r_i - ell + 1) / r_i where G_i is the sum of all its gains, and sum_i G_i =
     * sum_j delta_j (delta_j + 1) / 2 whatever the ordering. The minimum of S_i is at most the weighted mean with
     * weights r_i / (r_i - ell + 1), so Q_max >= 1 + total - floor(sum_j delta_j(delta_j+1)/2 / sum_i w_i).
     * For N = m regular assignments and ell = 1 an edge colouring meets it.
     */
    public static int lowerBound(Assignment a, int ell) {
        a.requireExactlyDecodable(ell);
        double gainTotal = 0;
        for (int j = 0; j < a.workers(); j++) {
            gainTotal += a.load(j) * (a.load(j) + 1) / 2.0;
        }
        double weights = 0;
        for (int i = 0; i < a.chunks(); i++) {
            int r = a.replication(i);
            weights += (double) r / (r - ell + 1);
        }
        // tiny slack so that exact integer ratios do not lose one to rounding
        long maxMinLost = (long) Math.floor(gainTotal / weights + 1e-9);
        return (int) (1 + a.totalLoad() - maxMinLost);
    }
}
