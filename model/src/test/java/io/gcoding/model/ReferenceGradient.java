package io.gcoding.model;

import java.util.stream.IntStream;

/**
 * The test oracle for every gradient: the summed loss and its gradient for each {@link ModelType}, written as plain
 * per-row loops straight from the definitions in {@link ModelType} and the layout in {@link ParameterLayout}, sharing
 * no code with the backends or the evaluator. Slow on purpose (clarity over speed); used by the backend conformance
 * suite, the worker and coordinator tests and the training tests through this module's test-jar.
 */
public final class ReferenceGradient {

    private ReferenceGradient() {
    }

    /**
     * Summed loss and gradient.
     *
     * @param loss     sum over the rows
     * @param gradient with respect to the flat parameter vector
     */
    public record Result(double loss, double[] gradient) {
    }

    /** Loss and gradient over every row of row-major {@code features} (inputDim columns) and {@code labels}. */
    public static Result of(ModelSpec model, double[] params, double[] features, double[] labels) {
        return of(model, params, features, labels, null);
    }

    /**
     * Loss and gradient over the given rows (a mini-batch, repeats allowed; {@code rows == null}: every row).
     *
     * @param features row-major, {@code labels.length x model.inputDim()}
     */
    public static Result of(ModelSpec model, double[] params, double[] features, double[] labels, int[] rows) {
        int cols = model.inputDim();
        if (params.length != model.parameterCount() || features.length != (long) labels.length * cols) {
            throw new IllegalArgumentException("shapes do not fit " + model + ": " + params.length + " params, "
                    + features.length + " features, " + labels.length + " labels");
        }
        int[] use = rows != null ? rows : IntStream.range(0, labels.length).toArray();
        double[] grad = new double[params.length];
        double loss = 0;
        for (int r : use) {
            double[] x = new double[cols];
            System.arraycopy(features, r * cols, x, 0, cols);
            loss += switch (model.type()) {
                case LINEAR, LOGISTIC -> glmRow(model.type(), x, labels[r], params, grad);
                case SOFTMAX, MLP -> networkRow(model.layout(), x, (int) labels[r], params, grad);
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
    private static double networkRow(ParameterLayout layout, double[] x, int label, double[] params, double[] grad) {
        int layers = layout.layers();
        double[][] act = new double[layers + 1][];
        act[0] = x;
        for (int l = 0; l < layers; l++) {
            int in = layout.size(l);
            int width = layout.size(l + 1);
            double[] out = new double[width];
            for (int o = 0; o < width; o++) {
                double s = params[layout.biasOffset(l) + o];
                for (int i = 0; i < in; i++) {
                    s += act[l][i] * params[layout.weightOffset(l) + i * width + o];
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
            int in = layout.size(l);
            int out = layout.size(l + 1);
            for (int i = 0; i < in; i++) {
                for (int o = 0; o < out; o++) {
                    grad[layout.weightOffset(l) + i * out + o] += act[l][i] * delta[o];
                }
            }
            for (int o = 0; o < out; o++) {
                grad[layout.biasOffset(l) + o] += delta[o];
            }
            if (l > 0) {
                double[] previous = new double[in];
                for (int i = 0; i < in; i++) {
                    double s = 0;
                    for (int o = 0; o < out; o++) {
                        s += params[layout.weightOffset(l) + i * out + o] * delta[o];
                    }
                    previous[i] = act[l][i] > 0 ? s : 0.0;
                }
                delta = previous;
            }
        }
        return loss;
    }
}
