package io.gcoding.coding;

import java.util.Random;

/** Seeded random assignments, orderings and states for the property tests. */
final class RandomInstances {
    private RandomInstances() {
    }

    /** One of cyclic, frc, random regular, or a random irregular assignment with every chunk on >= minRep workers. */
    static Assignment assignment(Random rnd, int minReplication) {
        int kind = rnd.nextInt(4);
        int m = minReplication + 1 + rnd.nextInt(8);
        int r = minReplication + rnd.nextInt(Math.max(1, m - minReplication));
        switch (kind) {
            case 0:
                return Assignments.cyclic(m, r);
            case 1: {
                int rr = minReplication;
                int mm = rr * (1 + rnd.nextInt(4));
                return Assignments.frc(mm, rr);
            }
            case 2:
                return Assignments.randomRegular(m, r, rnd.nextLong());
            default:
                return irregular(rnd, m, minReplication);
        }
    }

    static Assignment irregular(Random rnd, int m, int minReplication) {
        int n = 1 + rnd.nextInt(2 * m);
        boolean[][] has = new boolean[n][m];
        for (int i = 0; i < n; i++) {
            int reps = Math.min(m, minReplication + rnd.nextInt(3));
            int placed = 0;
            while (placed < reps) {
                int j = rnd.nextInt(m);
                if (!has[i][j]) {
                    has[i][j] = true;
                    placed++;
                }
            }
        }
        for (int j = 0; j < m; j++) { // no empty worker
            boolean any = false;
            for (int i = 0; i < n; i++) {
                any |= has[i][j];
            }
            if (!any) {
                has[rnd.nextInt(n)][j] = true;
            }
        }
        int[][] chunksOf = new int[m][];
        for (int j = 0; j < m; j++) {
            int c = 0;
            for (int i = 0; i < n; i++) {
                c += has[i][j] ? 1 : 0;
            }
            chunksOf[j] = new int[c];
            c = 0;
            for (int i = 0; i < n; i++) {
                if (has[i][j]) {
                    chunksOf[j][c++] = i;
                }
            }
        }
        return new Assignment("irregular", n, chunksOf);
    }

    static StateVector randomState(Random rnd, Ordering ordering) {
        int[] s = new int[ordering.workers()];
        for (int j = 0; j < s.length; j++) {
            s[j] = rnd.nextInt(ordering.length(j) + 1);
        }
        return new StateVector(s);
    }

    /** A random state, then random workers advance one chunk at a time until every chunk is covered ell times. */
    static StateVector coveringState(Random rnd, Ordering ordering, int ell) {
        CoverageTracker tracker = new CoverageTracker(ordering, ell);
        StateVector start = randomState(rnd, ordering);
        for (int j = 0; j < start.workers(); j++) {
            tracker.advance(j, start.get(j));
        }
        while (!tracker.isCovered()) {
            int j = rnd.nextInt(ordering.workers());
            if (tracker.progress(j) < ordering.length(j)) {
                tracker.advance(j, tracker.progress(j) + 1);
            }
        }
        return tracker.state();
    }

    static double[][] gradients(Random rnd, int n, int d) {
        double[][] g = new double[n][d];
        for (int i = 0; i < n; i++) {
            for (int x = 0; x < d; x++) {
                g[i][x] = rnd.nextGaussian() * Math.exp(rnd.nextGaussian());
            }
        }
        return g;
    }

    static double relativeError(double[] actual, double[] expected) {
        double num = 0;
        double den = 0;
        for (int x = 0; x < expected.length; x++) {
            double diff = actual[x] - expected[x];
            num += diff * diff;
            den += expected[x] * expected[x];
        }
        return Math.sqrt(num / den);
    }
}
