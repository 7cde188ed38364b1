package io.gcoding.coding;

import java.util.Arrays;

/**
 * The encoding coefficients of PROTOCOL.md §2.6: for chunk i covered by W(i) under state s, A_i = Theta[:, W(i)]
 * and B_i = pinv(A_i) (|W(i)| x ell); worker j uses its own row b_{j,i}. Every worker computes the same B_i from
 * (Theta, ordering, s), so no further coordination is needed. Used identically by workers, the coordinator and the
 * simulator.
 */
public final class MinNormEncoder {
    private final DecodingMatrix theta;
    private final Ordering ordering;

    public MinNormEncoder(DecodingMatrix theta, Ordering ordering) {
        if (theta.workers() != ordering.workers()) {
            throw new ConfigurationException("Theta has " + theta.workers() + " columns but there are "
                    + ordering.workers() + " workers");
        }
        this.theta = theta;
        this.ordering = ordering;
    }

    public DecodingMatrix theta() {
        return theta;
    }

    public Ordering ordering() {
        return ordering;
    }

    /** W(i) under s: the holders j of chunk i with position_j(i) <= s_j, in increasing worker order. */
    public int[] coveringWorkers(StateVector state, int chunk) {
        int[] holders = ordering.assignment().holdersOf(chunk);
        int[] out = new int[holders.length];
        int n = 0;
        for (int j : holders) {
            if (ordering.positionOf(j, chunk) <= state.get(j)) {
                out[n++] = j;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Coefficients of one worker for its first s_j chunks, in its processing order. */
    public record WorkerCoefficients(int worker, int[] chunks, double[][] rows, double worstCondition) {
    }

    public WorkerCoefficients coefficients(int worker, StateVector state) {
        state.requireFits(ordering);
        int count = state.get(worker);
        int[] chunks = new int[count];
        double[][] rows = new double[count][];
        double worst = 1;
        for (int p = 1; p <= count; p++) {
            int chunk = ordering.chunkAt(worker, p);
            int[] covering = coveringWorkers(state, chunk);
            MinNormSolver.Solution solution = MinNormSolver.solve(theta.columns(covering));
            chunks[p - 1] = chunk;
            rows[p - 1] = solution.pinv()[Arrays.binarySearch(covering, worker)];
            worst = Math.max(worst, solution.condition());
        }
        return new WorkerCoefficients(worker, chunks, rows, worst);
    }

    /** What the PS knows of a round's coding: per chunk |W(i)|, rank and condition of A_i, and E(s). */
    public record RoundPlan(int[] coverage, int[] rank, double[] condition, double coefficientError) {
        /** The worst condition number over the A_i of covered chunks. */
        public double worstCondition() {
            double worst = 1;
            for (int i = 0; i < condition.length; i++) {
                if (coverage[i] > 0) {
                    worst = Math.max(worst, condition[i]);
                }
            }
            return worst;
        }
    }

    /**
     * The whole round's coefficients from the PS's point of view. E(s) = sum_i ||A_i B_i - I||_F^2 / (N ell)
     * (PROTOCOL.md §3): A_i B_i is the orthogonal projection onto range(A_i), so each chunk contributes
     * ell - rank(A_i), and an unprocessed chunk contributes ell.
     */
    public RoundPlan plan(StateVector state) {
        state.requireFits(ordering);
        int n = ordering.assignment().chunks();
        int ell = theta.ell();
        int[] coverage = new int[n];
        int[] rank = new int[n];
        double[] condition = new double[n];
        double error = 0;
        for (int i = 0; i < n; i++) {
            int[] covering = coveringWorkers(state, i);
            coverage[i] = covering.length;
            if (covering.length == 0) {
                condition[i] = Double.NaN;
                error += ell;
                continue;
            }
            double[][] a = theta.columns(covering);
            MinNormSolver.Solution solution = MinNormSolver.solve(a);
            rank[i] = solution.rank();
            condition[i] = solution.condition();
            error += projectionResidual(a, solution.pinv());
        }
        return new RoundPlan(coverage, rank, condition, error / ((double) n * ell));
    }

    /** ||A B - I||_F^2. */
    static double projectionResidual(double[][] a, double[][] b) {
        int ell = a.length;
        double sum = 0;
        for (int r = 0; r < ell; r++) {
            for (int c = 0; c < ell; c++) {
                double v = 0;
                for (int k = 0; k < b.length; k++) {
                    v += a[r][k] * b[k][c];
                }
                double diff = v - (r == c ? 1 : 0);
                sum += diff * diff;
            }
        }
        return sum;
    }
}
