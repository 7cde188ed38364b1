package io.gcoding.model;

import java.util.function.ToDoubleFunction;

/**
 * Checks of an analytic gradient: central finite differences of a loss, coordinate by coordinate (sharing no code
 * with the gradient), and the relative-norm error the tests compare vectors by. Shared through this module's test-jar.
 */
public final class GradientChecks {

    private GradientChecks() {
    }

    /** {@code (loss(p + h e_i) - loss(p - h e_i)) / 2h} for every i; {@code params} is left unchanged. */
    public static double[] centralDifferences(ToDoubleFunction<double[]> loss, double[] params, double step) {
        double[] numeric = new double[params.length];
        double[] shifted = params.clone();
        for (int i = 0; i < params.length; i++) {
            shifted[i] = params[i] + step;
            double up = loss.applyAsDouble(shifted);
            shifted[i] = params[i] - step;
            double down = loss.applyAsDouble(shifted);
            shifted[i] = params[i];
            numeric[i] = (up - down) / (2 * step);
        }
        return numeric;
    }

    /** ||a - b|| / ||b|| (or ||a|| when b is zero). */
    public static double relativeError(double[] a, double[] b) {
        if (a.length != b.length) {
            throw new AssertionError("lengths differ: " + a.length + " vs " + b.length);
        }
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < a.length; i++) {
            diff += (a[i] - b[i]) * (a[i] - b[i]);
            norm += b[i] * b[i];
        }
        return norm == 0 ? Math.sqrt(diff) : Math.sqrt(diff / norm);
    }
}
