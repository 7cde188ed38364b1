package io.gcoding.data;

import io.gcoding.model.ModelSpec;
import io.gcoding.model.ParameterLayout;

/**
 * Generated data whose best model is known, so training can be checked against the truth.
 *
 * <ul>
 *   <li>{@code linear}: x ~ N(0, I), y = x.w* + b* exactly (no noise), with w*, b* ~ N(0, 1). The least-squares
 *       optimum is (w*, b*), with zero loss and zero gradient (up to rounding).</li>
 *   <li>{@code softmax} / {@code logistic}: a uniformly random class k, then x = mu_k + N(0, I), with class means
 *       mu_k ~ N(0, separation^2 / features * I) (so |mu_k| is about {@code separation}). For Gaussian classes with a
 *       shared identity covariance and equal priors the true posterior IS a softmax / logistic model:
 *       logit_k = x.mu_k - |mu_k|^2 / 2. Those are the {@link Result#trueParameters}; they give the Bayes-optimal
 *       accuracy, and the maximum-likelihood fit converges to them as rows grow.</li>
 * </ul>
 */
public final class Synthetic {
    private static final long PARAMS_STREAM = 1;
    private static final long TRAIN_STREAM = 2;
    private static final long TEST_STREAM = 3;

    /**
     * @param data           train and test sets
     * @param model          the model whose parameters {@code trueParameters} are
     * @param trueParameters the generating parameters in {@link ModelSpec}'s flat layout
     */
    public record Result(TrainTest data, ModelSpec model, double[] trueParameters) {
    }

    private Synthetic() {
    }

    public static Result generate(SyntheticSpec spec, long seed) {
        int f = spec.features();
        SeededRandom params = SeededRandom.of(seed, PARAMS_STREAM);
        return switch (spec.task()) {
            case REGRESSION -> {
                double[] truth = new double[f + 1];
                for (int i = 0; i <= f; i++) {
                    truth[i] = params.nextGaussian();
                }
                yield new Result(new TrainTest(linear("synthetic-linear/train", spec.rows(), truth, seed, TRAIN_STREAM),
                        linear("synthetic-linear/test", spec.testRows(), truth, seed, TEST_STREAM)),
                        ModelSpec.linear(f), truth);
            }
            case BINARY, MULTICLASS -> {
                int k = spec.task() == Task.BINARY ? 2 : spec.classes();
                double[][] means = new double[k][f];
                double scale = spec.separation() / Math.sqrt(f);
                for (double[] mean : means) {
                    for (int j = 0; j < f; j++) {
                        mean[j] = scale * params.nextGaussian();
                    }
                }
                String prefix = spec.task() == Task.BINARY ? "synthetic-logistic" : "synthetic-softmax";
                int classes = spec.task() == Task.BINARY ? 1 : k;
                Dataset train = clusters(prefix + "/train", spec.rows(), classes, means, seed, TRAIN_STREAM);
                Dataset test = clusters(prefix + "/test", spec.testRows(), classes, means, seed, TEST_STREAM);
                yield spec.task() == Task.BINARY
                        ? new Result(new TrainTest(train, test), ModelSpec.logistic(f), logisticTruth(means))
                        : new Result(new TrainTest(train, test), ModelSpec.softmax(f, k), softmaxTruth(means));
            }
        };
    }

    private static Dataset linear(String name, int rows, double[] truth, long seed, long stream) {
        int f = truth.length - 1;
        SeededRandom r = SeededRandom.of(seed, stream);
        double[] x = new double[rows * f];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            double z = truth[f];
            for (int j = 0; j < f; j++) {
                double v = r.nextGaussian();
                x[i * f + j] = v;
                z += v * truth[j];
            }
            y[i] = z;
        }
        return new Dataset(name, rows, f, 1, x, y);
    }

    private static Dataset clusters(String name, int rows, int classes, double[][] means, long seed, long stream) {
        int f = means[0].length;
        SeededRandom r = SeededRandom.of(seed, stream);
        double[] x = new double[rows * f];
        double[] y = new double[rows];
        for (int i = 0; i < rows; i++) {
            int c = r.nextInt(means.length);
            for (int j = 0; j < f; j++) {
                x[i * f + j] = means[c][j] + r.nextGaussian();
            }
            y[i] = c;
        }
        return new Dataset(name, rows, f, classes, x, y);
    }

    /** W[j][k] = mu_k[j], b_k = -|mu_k|^2 / 2, in the softmax model's parameter layout. */
    private static double[] softmaxTruth(double[][] means) {
        int k = means.length;
        int f = means[0].length;
        ParameterLayout layout = ModelSpec.softmax(f, k).layout();
        double[] p = new double[layout.parameterCount()];
        for (int c = 0; c < k; c++) {
            double norm2 = 0;
            for (int j = 0; j < f; j++) {
                p[layout.weightOffset(0) + j * k + c] = means[c][j];
                norm2 += means[c][j] * means[c][j];
            }
            p[layout.biasOffset(0) + c] = -0.5 * norm2;
        }
        return p;
    }

    /** The difference of the two class logits: w = mu_1 - mu_0, b = (|mu_0|^2 - |mu_1|^2) / 2. */
    private static double[] logisticTruth(double[][] means) {
        int f = means[0].length;
        double[] p = new double[f + 1];
        double n0 = 0;
        double n1 = 0;
        for (int j = 0; j < f; j++) {
            p[j] = means[1][j] - means[0][j];
            n0 += means[0][j] * means[0][j];
            n1 += means[1][j] * means[1][j];
        }
        p[f] = 0.5 * (n0 - n1);
        return p;
    }
}
