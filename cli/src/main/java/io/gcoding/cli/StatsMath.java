package io.gcoding.cli;

/**
 * Means for the training summaries: over the finite values only (a NaN round is not measured). Percentiles are the
 * coding core's {@code Percentiles}, which count +infinity as the largest value instead of dropping it.
 */
final class StatsMath {
    private StatsMath() {
    }

    static double mean(double[] values) {
        double sum = 0;
        int n = 0;
        for (double v : values) {
            if (Double.isFinite(v)) {
                sum += v;
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }
}
