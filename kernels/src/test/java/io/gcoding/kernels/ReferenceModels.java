package io.gcoding.kernels;

import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;

/**
 * The oracle of the conformance suite: losses and gradients of every model written as plain loops, straight from
 * the definitions in {@link ModelType} and the layout in {@link ModelSpec}, sharing no code with the backends.
 */
public final class ReferenceModels {

    private ReferenceModels() {
    }

    /**
     * Summed loss and gradient.
     *
     * @param loss     sum over the rows
     * @param gradient with respect to the flat parameter vector
     */
    public record Result(double loss, double[] gradient) {
    }

    /** Loss and gradient over the given rows of the chunk ({@code rows == null}: every row). */
    public static Result gradient(ModelSpec model, HostChunk chunk, double[] params, int[] rows) {
        int[] use = rows != null ? rows : java.util.stream.IntStream.range(0, chunk.rows()).toArray();
        double[] grad = new double[model.parameterCount()];
        double loss = 0;
        for (int r : use) {
            double[] x = new double[chunk.cols()];
            System.arraycopy(chunk.features(), r * chunk.cols(), x, 0, chunk.cols());
            loss += switch (model.type()) {
                case LINEAR, LOGISTIC -> glmRow(model.type(), x, chunk.labels()[r], params, grad);
                case SOFTMAX, MLP -> networkRow(model.layerSizes(), x, (int) chunk.labels()[r], params, grad);
            };
        }
        return new Result(loss, grad);
    }

    private static double glmRow(ModelType type, double[] x, double y, double[] params, double[] grad) {
        int p = x.length;
        double t = params[p];
        for (int j = 0; j < p; j++) {
            t += x[j] * params[j];
        }
        double residual;
        double loss;
        if (type == ModelType.LINEAR) {
            residual = t - y;
            loss = 0.5 * residual * residual;
        } else {
            // log(1 + exp(t)) - y t, with log(1 + exp(t)) written to avoid overflow for large |t|
            double softplus = t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
            loss = softplus - y * t;
            residual = 1.0 / (1.0 + Math.exp(-t)) - y;
        }
        for (int j = 0; j < p; j++) {
            grad[j] += residual * x[j];
        }
        grad[p] += residual;
        return loss;
    }

    /** Softmax regression (no hidden layer) or MLP: ReLU hidden layers, softmax cross-entropy output. */
    private static double networkRow(int[] sizes, double[] x, int label, double[] params, double[] grad) {
        int layers = sizes.length - 1;
        int[] weightAt = new int[layers];
        int[] biasAt = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightAt[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasAt[l] = offset;
            offset += sizes[l + 1];
        }
        double[][] act = new double[layers + 1][];
        act[0] = x;
        for (int l = 0; l < layers; l++) {
            double[] out = new double[sizes[l + 1]];
            for (int o = 0; o < out.length; o++) {
                double s = params[biasAt[l] + o];
                for (int i = 0; i < sizes[l]; i++) {
                    s += act[l][i] * params[weightAt[l] + i * sizes[l + 1] + o];
                }
                out[o] = l + 1 < layers ? Math.max(s, 0.0) : s;
            }
            act[l + 1] = out;
        }
        double[] logits = act[layers];
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) {
            max = Math.max(max, v);
        }
        double sum = 0;
        for (double v : logits) {
            sum += Math.exp(v - max);
        }
        double logSumExp = max + Math.log(sum);
        double loss = logSumExp - logits[label];

        double[] delta = new double[logits.length];
        for (int c = 0; c < delta.length; c++) {
            delta[c] = Math.exp(logits[c] - logSumExp) - (c == label ? 1.0 : 0.0);
        }
        for (int l = layers - 1; l >= 0; l--) {
            int in = sizes[l];
            int out = sizes[l + 1];
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    grad[weightAt[l] + i * out + o] += act[l][i] * delta[o];
                }
            }
            for (int o = 0; o < out; o++) {
                grad[biasAt[l] + o] += delta[o];
            }
            if (l > 0) {
                double[] previous = new double[in];
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int o = 0; o < out; o++) {
                        s += params[weightAt[l] + i * out + o] * delta[o];
                    }
                    previous[i] = act[l][i] > 0 ? s : 0.0;
                }
                delta = previous;
            }
        }
        return loss;
    }
}
