package io.gcoding.training;

import io.gcoding.data.Dataset;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.model.ParameterLayout;

/**
 * Plain-Java forward pass of every {@link ModelType}: the loss and accuracy of a model at the parameter server, which
 * evaluates without a compute backend (the coordinator carries no native libraries). Gradients are the backends'
 * job ({@code ComputeBackend.gradient}); this class has none.
 *
 * <p>Losses are SUMS over rows, as in {@link ModelType}: linear 0.5 (x.w + b - y)^2, logistic binary cross-entropy
 * of sigmoid(x.w + b), softmax and MLP cross-entropy of softmax(logits). All four are one code path: a stack of
 * dense layers ({@link ParameterLayout}; ReLU between layers) followed by a loss head.
 *
 * <p>Rows go through in blocks of {@value #BLOCK}: every weight row is loaded once per block and used for all of its
 * rows while it is in cache, and zero inputs are skipped (half of Fashion-MNIST's pixels are 0). Sequential and
 * deterministic: the same inputs give bit-identical results. Stateless, so thread-safe: every call allocates its own
 * buffers.
 */
public final class ModelEvaluator {
    /** Rows per block; the block's activations (64 x 784 doubles = 400 KB at most) stay in L2. */
    static final int BLOCK = 64;
    /**
     * Layers with fewer outputs than this (softmax, the MLP's output layer, the single output of linear/logistic)
     * are computed on transposed blocks with a transposed copy of W, so that inner loops run over the block's rows
     * or the inputs: an inner loop over 10 outputs is too short to vectorise (measured 2-3x slower).
     */
    static final int NARROW = 32;

    private ModelEvaluator() {
    }

    /** Mean loss and accuracy of {@code params} on {@code data}. */
    public static Evaluation evaluate(ModelSpec model, double[] params, Dataset data) {
        Pass pass = run(model, params, data);
        double accuracy = model.type() == ModelType.LINEAR ? Double.NaN : pass.correct / (double) data.rows();
        return new Evaluation(pass.loss / data.rows(), accuracy, data.rows());
    }

    /** The summed loss over every row of {@code data}: the objective whose gradient the protocol reconstructs. */
    public static double loss(ModelSpec model, double[] params, Dataset data) {
        return run(model, params, data).loss;
    }

    private static Pass run(ModelSpec model, double[] params, Dataset data) {
        if (data.features() != model.inputDim()) {
            throw new IllegalArgumentException(data.name() + " has " + data.features() + " features, the model "
                    + model + " expects " + model.inputDim());
        }
        boolean multiclass = model.type() == ModelType.SOFTMAX || model.type() == ModelType.MLP;
        if (multiclass && data.classes() != model.classes()) {
            throw new IllegalArgumentException(data.name() + " has " + data.classes() + " classes, the model " + model
                    + " has " + model.classes() + " outputs");
        }
        Pass pass = new Pass(model, params, data);
        pass.run();
        return pass;
    }

    /** One forward pass over every row of a dataset, accumulating loss and correct predictions. */
    private static final class Pass {
        private final ModelType type;
        private final double[] params;
        private final double[] x;
        private final double[] y;
        private final int features;
        private final int count;
        private final int[] sizes;
        private final ParameterLayout layout;
        /** acts[l] for l >= 1: outputs of layer l for the current block (after ReLU for hidden layers). */
        private final double[][] acts;
        /** Per narrow layer: W_l transposed (out x in); null for wide layers. */
        private final double[][] weightsT;
        private final double[] inT;
        private final double[] outT = new double[BLOCK * NARROW];

        double loss;
        long correct;

        Pass(ModelSpec model, double[] params, Dataset data) {
            if (params == null || params.length != model.parameterCount()) {
                throw new IllegalArgumentException("params must have length " + model.parameterCount() + " for "
                        + model + ", got " + (params == null ? "null" : params.length));
            }
            this.type = model.type();
            this.params = params;
            this.x = data.x();
            this.y = data.y();
            this.features = data.features();
            this.count = data.rows();
            this.sizes = model.layerSizes();
            this.layout = model.layout();
            int layers = layout.layers();
            this.weightsT = new double[layers][];
            int widestIn = 0;
            for (int l = 0; l < layers; l++) {
                if (sizes[l + 1] < NARROW) {
                    weightsT[l] = transpose(params, layout.weightOffset(l), sizes[l], sizes[l + 1]);
                }
                widestIn = Math.max(widestIn, sizes[l]);
            }
            this.inT = new double[BLOCK * widestIn];
            this.acts = new double[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                acts[l] = new double[BLOCK * sizes[l]];
            }
        }

        void run() {
            int layers = layout.layers();
            for (int start = 0; start < count; start += BLOCK) {
                int b = Math.min(BLOCK, count - start);
                for (int l = 0; l < layers; l++) {
                    double[] src = l == 0 ? x : acts[l];
                    int srcOffset = l == 0 ? start * features : 0;
                    dense(src, srcOffset, b, sizes[l], l, acts[l + 1]);
                    if (l + 1 < layers) {
                        relu(acts[l + 1], b * sizes[l + 1]);
                    }
                }
                head(acts[layers], b, sizes[layers], start);
            }
        }

        /** The {@code cols x rows} transpose of the row-major {@code rows x cols} matrix at {@code offset}. */
        private static double[] transpose(double[] m, int offset, int rows, int cols) {
            double[] t = new double[rows * cols];
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    t[j * rows + i] = m[offset + i * cols + j];
                }
            }
            return t;
        }

        /** out (b x nout) = src (b x nin) W_l + b_l. */
        private void dense(double[] src, int srcOffset, int b, int nin, int layer, double[] out) {
            int nout = sizes[layer + 1];
            int bias = layout.biasOffset(layer);
            if (weightsT[layer] != null) {
                // Narrow layer: work on the transposed block so the inner loop runs over the block's rows
                // (long, unit stride, vectorisable) instead of over a handful of outputs.
                double[] wt = weightsT[layer];
                for (int r = 0; r < b; r++) {
                    int a = srcOffset + r * nin;
                    for (int k = 0; k < nin; k++) {
                        inT[k * b + r] = src[a + k];
                    }
                }
                for (int c = 0; c < nout; c++) {
                    java.util.Arrays.fill(outT, c * b, c * b + b, params[bias + c]);
                }
                for (int k = 0; k < nin; k++) {
                    int ik = k * b;
                    for (int c = 0; c < nout; c++) {
                        double wkc = wt[c * nin + k];
                        int oc = c * b;
                        for (int r = 0; r < b; r++) {
                            outT[oc + r] += inT[ik + r] * wkc;
                        }
                    }
                }
                for (int r = 0; r < b; r++) {
                    for (int c = 0; c < nout; c++) {
                        out[r * nout + c] = outT[c * b + r];
                    }
                }
                return;
            }
            for (int r = 0; r < b; r++) {
                System.arraycopy(params, bias, out, r * nout, nout);
            }
            int w = layout.weightOffset(layer);
            for (int k = 0; k < nin; k++) {
                int wk = w + k * nout;
                for (int r = 0; r < b; r++) {
                    double a = src[srcOffset + r * nin + k];
                    if (a != 0.0) {
                        int o = r * nout;
                        for (int c = 0; c < nout; c++) {
                            out[o + c] += a * params[wk + c];
                        }
                    }
                }
            }
        }

        private static void relu(double[] values, int n) {
            for (int i = 0; i < n; i++) {
                if (values[i] < 0.0) {
                    values[i] = 0.0;
                }
            }
        }

        /** Loss and accuracy for one block of outputs. */
        private void head(double[] out, int b, int k, int start) {
            for (int r = 0; r < b; r++) {
                double label = y[start + r];
                switch (type) {
                    case LINEAR -> {
                        double d = out[r] - label;
                        loss += 0.5 * d * d;
                    }
                    case LOGISTIC -> {
                        if (!(label >= 0.0 && label <= 1.0)) {
                            throw badLabel(start + r, label, "0 or 1");
                        }
                        double z = out[r];
                        // log(1 + e^z) - y z, written so that neither branch overflows
                        loss += Math.max(z, 0.0) - label * z + Math.log1p(Math.exp(-Math.abs(z)));
                        if ((z > 0.0) == (label >= 0.5)) {
                            correct++;
                        }
                    }
                    case SOFTMAX, MLP -> {
                        int cls = (int) label;
                        if (cls != label || cls < 0 || cls >= k) {
                            throw badLabel(start + r, label, "a class index 0.." + (k - 1));
                        }
                        int o = r * k;
                        double max = out[o];
                        int argmax = 0;
                        for (int c = 1; c < k; c++) {
                            if (out[o + c] > max) {
                                max = out[o + c];
                                argmax = c;
                            }
                        }
                        double sum = 0.0;
                        for (int c = 0; c < k; c++) {
                            sum += Math.exp(out[o + c] - max);
                        }
                        loss += max + Math.log(sum) - out[o + cls];
                        if (argmax == cls) {
                            correct++;
                        }
                    }
                }
            }
        }

        private IllegalArgumentException badLabel(int row, double label, String expected) {
            return new IllegalArgumentException("label of row " + row + " is " + label + ", expected " + expected
                    + " for a " + type + " model");
        }
    }
}
