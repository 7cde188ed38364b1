package io.gcoding.coding;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;

/**
 * The upload cost as measured ({@code --ell auto} without {@code --upload-bandwidth}): the recent uploads' sizes and
 * their ENCODE-to-arrival times, fitted as {@code seconds = latency + bytes / bandwidth}. With uploads of one size
 * only, the whole time is charged to the bytes (latency 0): an upper bound on what bytes cost, so a larger ell
 * looks at least as cheap as it is and, once tried, gives the second size that separates the two terms. Keeps the
 * last {@link #WINDOW} samples. Not thread-safe: one owner (a round driver).
 */
public final class UploadTimes {
    /** Samples kept. */
    public static final int WINDOW = 256;

    /**
     * What an upload costs as measured.
     *
     * @param latency        seconds every upload takes whatever its size
     * @param bytesPerSecond the fitted bandwidth (Double.MAX_VALUE when the time does not grow with the size)
     */
    public record Fit(double latency, double bytesPerSecond) {
        public UploadCost cost(long parameters) {
            return new UploadCost(parameters, bytesPerSecond);
        }
    }

    private final Deque<double[]> samples = new ArrayDeque<>();

    /** One upload of {@code bytes} that arrived {@code seconds} after its ENCODE; non-positive or NaN are skipped. */
    public void add(long bytes, double seconds) {
        if (bytes <= 0 || !(seconds > 0) || Double.isInfinite(seconds)) {
            return;
        }
        if (samples.size() == WINDOW) {
            samples.removeFirst();
        }
        samples.addLast(new double[] {bytes, seconds});
    }

    public int count() {
        return samples.size();
    }

    /** The fit of the samples kept, or null with none. */
    public Fit fit() {
        int n = samples.size();
        if (n == 0) {
            return null;
        }
        double[] x = new double[n];
        double[] y = new double[n];
        int k = 0;
        for (double[] s : samples) {
            x[k] = s[0];
            y[k++] = s[1];
        }
        double meanX = Arrays.stream(x).average().orElseThrow();
        double meanY = Arrays.stream(y).average().orElseThrow();
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            sxx += (x[i] - meanX) * (x[i] - meanX);
            sxy += (x[i] - meanX) * (y[i] - meanY);
        }
        if (sxx <= 1e-9 * meanX * meanX) {
            // one size: all of the (median) time to the bytes
            double[] rates = new double[n];
            for (int i = 0; i < n; i++) {
                rates[i] = x[i] / y[i];
            }
            Arrays.sort(rates);
            return new Fit(0, rates[n / 2]);
        }
        double slope = sxy / sxx;
        if (!(slope > 0)) {
            return new Fit(meanY, Double.MAX_VALUE); // larger uploads were not slower
        }
        double latency = meanY - slope * meanX;
        if (latency < 0) {
            // through the origin instead: no negative latency
            double sx2 = 0;
            double sxy0 = 0;
            for (int i = 0; i < n; i++) {
                sx2 += x[i] * x[i];
                sxy0 += x[i] * y[i];
            }
            return new Fit(0, sx2 / sxy0);
        }
        return new Fit(latency, 1 / slope);
    }
}
