package io.gcoding.cli;

import java.util.Arrays;

/** Percentiles and means for the summaries (nearest-rank percentiles, NaN entries ignored). */
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

    /** @param p in (0, 100] */
    static double percentile(double[] values, double p) {
        double[] finite = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
        if (finite.length == 0) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * finite.length);
        return finite[Math.max(0, Math.min(finite.length - 1, rank - 1))];
    }
}
