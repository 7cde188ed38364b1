package io.gcoding.coding.sim;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.Ordering;

/**
 * The oracle of PROTOCOL.md §5, computed directly from the chunk finish times and independently of
 * the round engine: chunk i is ell-covered at the ell-th smallest finish time of i over its
 * holders, and the oracle time is the latest of these over all chunks. With zero latency the partial protocol must
 * match it exactly; the simulator checks that.
 */
public final class OracleTime {
    private final int ell;
    private final int[][] holders;
    private final int[][] positions;
    private final double[] buffer;

    public OracleTime(Ordering ordering, int ell) {
        Assignment a = ordering.assignment();
        this.ell = ell;
        this.holders = new int[a.chunks()][];
        this.positions = new int[a.chunks()][];
        int widest = 0;
        for (int i = 0; i < a.chunks(); i++) {
            holders[i] = a.holdersOf(i);
            positions[i] = new int[holders[i].length];
            for (int h = 0; h < holders[i].length; h++) {
                positions[i][h] = ordering.positionOf(holders[i][h], i);
            }
            widest = Math.max(widest, holders[i].length);
        }
        this.buffer = new double[widest];
    }

    /** The earliest ell-covering instant of {@code trial}, or +infinity when some chunk is never covered ell times. */
    public double of(Trial trial) {
        double latest = 0;
        for (int i = 0; i < holders.length; i++) {
            int r = holders[i].length;
            if (r < ell) {
                return Double.POSITIVE_INFINITY;
            }
            for (int h = 0; h < r; h++) {
                buffer[h] = trial.finish(holders[i][h], positions[i][h]);
            }
            latest = Math.max(latest, kthSmallest(buffer, r, ell));
        }
        return latest;
    }

    /** Partial selection sort: r is a replication factor (a handful), so this beats sorting. */
    private static double kthSmallest(double[] values, int n, int k) {
        for (int a = 0; a < k; a++) {
            int min = a;
            for (int b = a + 1; b < n; b++) {
                if (values[b] < values[min]) {
                    min = b;
                }
            }
            double t = values[a];
            values[a] = values[min];
            values[min] = t;
        }
        return values[k - 1];
    }
}
