package io.gcoding.coding;

import java.util.Random;

/**
 * The decoding matrix Theta (ell x m) of PROTOCOL.md §1, known to the PS and every worker; column j belongs to
 * worker j. Immutable.
 */
public final class DecodingMatrix {
    private static final double GOLDEN_FRACTION = (Math.sqrt(5) - 1) / 2;
    private final String kind;
    private final double[][] theta;

    private DecodingMatrix(String kind, double[][] theta) {
        this.kind = kind;
        this.theta = theta;
    }

    /** Rebuilds Theta from its spec string ({@code gaussian:SEED} or {@code chebyshev}), as sent in a Config. */
    public static DecodingMatrix fromSpec(String spec, int ell, int m) {
        if (spec.equals("chebyshev")) {
            return chebyshev(ell, m);
        }
        if (spec.startsWith("gaussian:")) {
            try {
                return gaussian(ell, m, Long.parseLong(spec.substring("gaussian:".length())));
            } catch (NumberFormatException e) {
                throw new ConfigurationException("bad Theta spec '" + spec + "': the seed must be an integer");
            }
        }
        throw new ConfigurationException("unknown Theta spec '" + spec + "' (use 'chebyshev' or 'gaussian:SEED')");
    }

    /** I.i.d. standard normal entries from a shared seed: every column subset of size <= ell has full rank a.s. */
    public static DecodingMatrix gaussian(int ell, int m, long seed) {
        check(ell, m);
        Random rnd = new Random(seed);
        double[][] t = new double[ell][m];
        for (int k = 0; k < ell; k++) {
            for (int j = 0; j < m; j++) {
                t[k][j] = rnd.nextGaussian();
            }
        }
        return new DecodingMatrix("gaussian:" + seed, t);
    }

    /**
     * Theta[k][j] = T_k(x_j), Chebyshev polynomials at nodes x_j = cos(pi * frac((j + 1) / phi)), phi the golden
     * ratio. The polynomials form a Haar system, so ANY ell columns with distinct nodes are linearly independent
     * (exact decoding never depends on luck), and T_k keeps the small blocks far better conditioned than monomials.
     * The golden-ratio angles spread workers that are neighbours in cyclic and fractional-repetition assignments
     * (which share chunks) across the interval, instead of giving them nearly equal nodes.
     */
    public static DecodingMatrix chebyshev(int ell, int m) {
        check(ell, m);
        double[][] t = new double[ell][m];
        for (int j = 0; j < m; j++) {
            double angle = (j + 1) * GOLDEN_FRACTION;
            double x = Math.cos(Math.PI * (angle - Math.floor(angle)));
            double prev = 1;
            double cur = x;
            t[0][j] = 1;
            if (ell > 1) {
                t[1][j] = x;
            }
            for (int k = 2; k < ell; k++) {
                double next = 2 * x * cur - prev;
                t[k][j] = next;
                prev = cur;
                cur = next;
            }
        }
        return new DecodingMatrix("chebyshev", t);
    }

    private static void check(int ell, int m) {
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
        if (m < ell) {
            throw new ConfigurationException("Theta is ell x m with m >= ell; got ell = " + ell + ", m = " + m);
        }
    }

    /** {@code chebyshev} or {@code gaussian:SEED}: enough for any peer to rebuild the same matrix. */
    public String spec() {
        return kind;
    }

    public int ell() {
        return theta.length;
    }

    public int workers() {
        return theta[0].length;
    }

    public double get(int k, int worker) {
        return theta[k][worker];
    }

    /** A_i = Theta[:, workers] (ell x workers.length). */
    public double[][] columns(int[] workers) {
        double[][] a = new double[theta.length][workers.length];
        for (int k = 0; k < theta.length; k++) {
            for (int c = 0; c < workers.length; c++) {
                a[k][c] = theta[k][workers[c]];
            }
        }
        return a;
    }

    public double[][] toArray() {
        double[][] copy = new double[theta.length][];
        for (int k = 0; k < theta.length; k++) {
            copy[k] = theta[k].clone();
        }
        return copy;
    }
}
