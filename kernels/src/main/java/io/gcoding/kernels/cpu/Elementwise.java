package io.gcoding.kernels.cpu;

/**
 * The fused elementwise steps of the CPU backend on heap arrays; the CUDA backend's .cu kernels do the same
 * arithmetic. Each loss is computed in its numerically stable form.
 */
final class Elementwise {

    private Elementwise() {
    }

    /** {@code r = z + b - y} in place of z; returns {@code sum 0.5 r^2}. */
    static double linearResidual(double[] z, double[] y, double b, int count) {
        double loss = 0;
        for (int i = 0; i < count; i++) {
            loss += linearResidualAt(z, y, b, i);
        }
        return loss;
    }

    /** Row i of {@link #linearResidual}: {@code z[i] = z[i] + b - y[i]}; returns that row's loss. */
    static double linearResidualAt(double[] z, double[] y, double b, int i) {
        double r = z[i] + b - y[i];
        z[i] = r;
        return 0.5 * r * r;
    }

    /**
     * {@code r = sigmoid(t) - y} in place of z with {@code t = z + b}; returns the summed cross-entropy
     * {@code softplus(t) - y t}, where {@code softplus(t) = max(t, 0) + log1p(exp(-|t|))} never overflows.
     */
    static double logisticResidual(double[] z, double[] y, double b, int count) {
        double loss = 0;
        for (int i = 0; i < count; i++) {
            loss += logisticResidualAt(z, y, b, i);
        }
        return loss;
    }

    /** Row i of {@link #logisticResidual}: {@code z[i] = sigmoid(z[i] + b) - y[i]}; returns that row's loss. */
    static double logisticResidualAt(double[] z, double[] y, double b, int i) {
        double t = z[i] + b;
        double e = Math.exp(-Math.abs(t)); // in (0, 1]: no overflow for any t
        double sigmoid = t >= 0 ? 1.0 / (1.0 + e) : e / (1.0 + e);
        z[i] = sigmoid - y[i];
        return Math.max(t, 0.0) + Math.log1p(e) - y[i] * t;
    }

    /**
     * Per row of the {@code rows x classes} block: {@code t = z + b}, {@code g = softmax(t) - onehot(y)} in place;
     * returns {@code sum logsumexp(t) - t[y]}, with the max subtracted before exponentiating.
     */
    static double softmaxMinusOneHot(double[] z, double[] y, double[] b, int rows, int classes) {
        double loss = 0;
        for (int i = 0; i < rows; i++) {
            int base = i * classes;
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < classes; c++) {
                double t = z[base + c] + b[c];
                z[base + c] = t;
                max = Math.max(max, t);
            }
            int label = (int) y[i];
            // logsumexp(t) - t[y] = log(sum exp(t - max)) - (t[y] - max): never overflows, and taking t[y] before
            // exponentiating keeps the loss finite even when exp(t[y] - max) underflows to zero.
            double labelShifted = z[base + label] - max;
            double sum = 0;
            for (int c = 0; c < classes; c++) {
                double e = Math.exp(z[base + c] - max);
                z[base + c] = e;
                sum += e;
            }
            loss += Math.log(sum) - labelShifted;
            double inverse = 1.0 / sum;
            for (int c = 0; c < classes; c++) {
                z[base + c] *= inverse;
            }
            z[base + label] -= 1.0;
        }
        return loss;
    }

    static void addBiasRelu(double[] h, double[] b, int rows, int width) {
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                h[base + j] = Math.max(h[base + j] + b[j], 0.0);
            }
        }
    }

    static void reluBackward(double[] g, double[] h, int count) {
        for (int i = 0; i < count; i++) {
            g[i] = h[i] > 0.0 ? g[i] : 0.0;
        }
    }

    static void addColumnSums(double[] g, int rows, int width, double[] sums) {
        for (int i = 0; i < rows; i++) {
            int base = i * width;
            for (int j = 0; j < width; j++) {
                sums[j] += g[base + j];
            }
        }
    }
}
