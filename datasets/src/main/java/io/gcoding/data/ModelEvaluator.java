package io.gcoding.data;

import io.gcoding.kernels.HostChunk;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.model.ParameterLayout;

/**
 * Plain-Java forward and backward passes for every {@link ModelType}: the evaluation of a model at the parameter
 * server, and the reference gradient that backends are tested against.
 *
 * <p>Losses are SUMS over rows, as in {@link ModelType}: linear 0.5 (x.w + b - y)^2, logistic binary cross-entropy
 * of sigmoid(x.w + b), softmax and MLP cross-entropy of softmax(logits). All four are one code path: a stack of
 * dense layers ({@link ModelSpec#layerSizes()}; ReLU between layers) followed by a loss head.
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
        checkDataset(model, data);
        Pass pass = new Pass(model, params, data.x(), data.y(), data.features(), null, data.rows(), null);
        pass.run();
        double accuracy = model.type() == ModelType.LINEAR ? Double.NaN : pass.correct / (double) data.rows();
        return new Evaluation(pass.loss / data.rows(), accuracy, data.rows());
    }

    /** The summed loss over every row of {@code data}. */
    public static double loss(ModelSpec model, double[] params, Dataset data) {
        checkDataset(model, data);
        Pass pass = new Pass(model, params, data.x(), data.y(), data.features(), null, data.rows(), null);
        pass.run();
        return pass.loss;
    }

    /** The gradient of the summed loss over every row of {@code data} (what the protocol reconstructs). */
    public static double[] fullGradient(ModelSpec model, double[] params, Dataset data) {
        checkDataset(model, data);
        double[] gradient = new double[model.parameterCount()];
        gradient(model, params, data.toChunk(), null, gradient);
        return gradient;
    }

    /**
     * The same contract as {@code ComputeBackend.gradient}, on host arrays: the gradient of the summed loss of the
     * given rows of {@code chunk}, written over {@code gradOut}.
     *
     * @param rows row indices into the chunk (a mini-batch), or null for the whole chunk
     * @return the summed loss over those rows
     */
    public static double gradient(ModelSpec model, double[] params, HostChunk chunk, int[] rows, double[] gradOut) {
        if (chunk.cols() != model.inputDim()) {
            throw new IllegalArgumentException("chunk has " + chunk.cols() + " features, the model expects "
                    + model.inputDim());
        }
        if (gradOut == null || gradOut.length != model.parameterCount()) {
            throw new IllegalArgumentException("gradOut must have length " + model.parameterCount() + ", got "
                    + (gradOut == null ? "null" : gradOut.length));
        }
        java.util.Arrays.fill(gradOut, 0.0);
        int count = rows == null ? chunk.rows() : rows.length;
        Pass pass = new Pass(model, params, chunk.features(), chunk.labels(), chunk.cols(), rows, count, gradOut);
        pass.run();
        return pass.loss;
    }

    private static void checkDataset(ModelSpec model, Dataset data) {
        if (data.features() != model.inputDim()) {
            throw new IllegalArgumentException(data.name() + " has " + data.features() + " features, the model "
                    + model + " expects " + model.inputDim());
        }
        boolean multiclass = model.type() == ModelType.SOFTMAX || model.type() == ModelType.MLP;
        if (multiclass && data.classes() != model.classes()) {
            throw new IllegalArgumentException(data.name() + " has " + data.classes() + " classes, the model " + model
                    + " has " + model.classes() + " outputs");
        }
    }

    /** One pass over a set of rows: forward, loss head, and (when a gradient array is given) backward. */
    private static final class Pass {
        private final ModelType type;
        private final double[] params;
        private final double[] x;
        private final double[] y;
        private final int features;
        private final int[] rows;
        private final int count;
        private final double[] grad;
        private final int[] sizes;
        private final int[] weightOffset;
        private final int[] biasOffset;
        /** acts[l] for l >= 1: outputs of layer l for the current block (after ReLU for hidden layers). */
        private final double[][] acts;
        private final double[] input;
        private final double[] labels = new double[BLOCK];
        /** Per narrow layer: W_l transposed (out x in), and its gradient in that layout; null for wide layers. */
        private final double[][] weightsT;
        private final double[][] gradT;
        private final double[] inT;
        private final double[] outT = new double[BLOCK * NARROW];
        private double[] delta;
        private double[] deltaPrev;

        double loss;
        long correct;

        Pass(ModelSpec model, double[] params, double[] x, double[] y, int features, int[] rows, int count,
                double[] grad) {
            if (params == null || params.length != model.parameterCount()) {
                throw new IllegalArgumentException("params must have length " + model.parameterCount() + " for "
                        + model + ", got " + (params == null ? "null" : params.length));
            }
            this.type = model.type();
            this.params = params;
            this.x = x;
            this.y = y;
            this.features = features;
            this.rows = rows;
            this.count = count;
            this.grad = grad;
            this.sizes = model.layerSizes();
            ParameterLayout layout = model.layout();
            int layers = layout.layers();
            this.weightOffset = new int[layers];
            this.biasOffset = new int[layers];
            int widest = 0;
            for (int l = 0; l < layers; l++) {
                weightOffset[l] = layout.weightOffset(l);
                biasOffset[l] = layout.biasOffset(l);
                widest = Math.max(widest, sizes[l + 1]);
            }
            this.weightsT = new double[layers][];
            this.gradT = new double[layers][];
            for (int l = 0; l < layers; l++) {
                if (sizes[l + 1] < NARROW) {
                    weightsT[l] = transpose(params, weightOffset[l], sizes[l], sizes[l + 1]);
                    gradT[l] = grad == null ? null : new double[sizes[l] * sizes[l + 1]];
                }
            }
            int widestIn = 0;
            for (int l = 0; l < layers; l++) {
                widestIn = Math.max(widestIn, sizes[l]);
            }
            this.inT = new double[BLOCK * widestIn];
            this.acts = new double[layers + 1][];
            for (int l = 1; l <= layers; l++) {
                acts[l] = new double[BLOCK * sizes[l]];
            }
            this.input = rows == null ? null : new double[BLOCK * features];
            if (grad != null) {
                delta = new double[BLOCK * widest];
                deltaPrev = new double[BLOCK * widest];
            }
        }

        void run() {
            int layers = sizes.length - 1;
            for (int start = 0; start < count; start += BLOCK) {
                int b = Math.min(BLOCK, count - start);
                // Layer 0 input: the data itself when the rows are contiguous, else a gathered copy.
                double[] in;
                int inOffset;
                if (rows == null) {
                    in = x;
                    inOffset = start * features;
                    System.arraycopy(y, start, labels, 0, b);
                } else {
                    for (int i = 0; i < b; i++) {
                        int r = rows[start + i];
                        if (r < 0 || r >= y.length) {
                            throw new IndexOutOfBoundsException("row " + r + " outside 0.." + (y.length - 1));
                        }
                        System.arraycopy(x, r * features, input, i * features, features);
                        labels[i] = y[r];
                    }
                    in = input;
                    inOffset = 0;
                }
                for (int l = 0; l < layers; l++) {
                    double[] src = l == 0 ? in : acts[l];
                    int srcOffset = l == 0 ? inOffset : 0;
                    dense(src, srcOffset, b, sizes[l], l, acts[l + 1]);
                    if (l + 1 < layers) {
                        relu(acts[l + 1], b * sizes[l + 1]);
                    }
                }
                head(acts[layers], b, sizes[layers], start);
                if (grad != null) {
                    backward(in, inOffset, b);
                }
            }
            if (grad != null) {
                for (int l = 0; l < layers; l++) {
                    if (gradT[l] != null) {
                        double[] t = transpose(gradT[l], 0, sizes[l + 1], sizes[l]);
                        for (int i = 0; i < t.length; i++) {
                            grad[weightOffset[l] + i] += t[i];
                        }
                    }
                }
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
            int w = weightOffset[layer];
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
                    java.util.Arrays.fill(outT, c * b, c * b + b, params[biasOffset[layer] + c]);
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
                System.arraycopy(params, biasOffset[layer], out, r * nout, nout);
            }
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

        /** Loss, accuracy and the output delta d(loss)/d(logits) for one block. */
        private void head(double[] out, int b, int k, int start) {
            for (int r = 0; r < b; r++) {
                double label = labels[r];
                switch (type) {
                    case LINEAR -> {
                        double d = out[r] - label;
                        loss += 0.5 * d * d;
                        if (grad != null) {
                            delta[r] = d;
                        }
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
                        if (grad != null) {
                            double p = z >= 0 ? 1.0 / (1.0 + Math.exp(-z)) : Math.exp(z) / (1.0 + Math.exp(z));
                            delta[r] = p - label;
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
                        double logSumExp = max + Math.log(sum);
                        loss += logSumExp - out[o + cls];
                        if (argmax == cls) {
                            correct++;
                        }
                        if (grad != null) {
                            for (int c = 0; c < k; c++) {
                                delta[o + c] = Math.exp(out[o + c] - logSumExp);
                            }
                            delta[o + cls] -= 1.0;
                        }
                    }
                }
            }
        }

        private IllegalArgumentException badLabel(int position, double label, String expected) {
            int row = rows == null ? position : rows[position];
            return new IllegalArgumentException("label of row " + row + " is " + label + ", expected " + expected
                    + " for a " + type + " model");
        }

        /** Backpropagates {@code delta} (b x outputs) through every layer, adding into the gradient. */
        private void backward(double[] in, int inOffset, int b) {
            for (int l = sizes.length - 2; l >= 0; l--) {
                double[] src = l == 0 ? in : acts[l];
                int srcOffset = l == 0 ? inOffset : 0;
                if (gradT[l] != null) {
                    narrowWeightGradient(l, src, srcOffset, b);
                } else {
                    wideWeightGradient(l, src, srcOffset, b);
                }
                int nout = sizes[l + 1];
                int gb = biasOffset[l];
                for (int r = 0; r < b; r++) {
                    for (int c = 0; c < nout; c++) {
                        grad[gb + c] += delta[r * nout + c];
                    }
                }
                if (l > 0) {
                    propagate(l, src, b);
                    double[] t = delta;
                    delta = deltaPrev;
                    deltaPrev = t;
                }
            }
        }

        /** dW_l^T (out x in) += delta^T src: one axpy over the inputs per (row, output). */
        private void narrowWeightGradient(int l, double[] src, int srcOffset, int b) {
            int nin = sizes[l];
            int nout = sizes[l + 1];
            double[] gt = gradT[l];
            for (int r = 0; r < b; r++) {
                int a = srcOffset + r * nin;
                for (int c = 0; c < nout; c++) {
                    double d = delta[r * nout + c];
                    int g = c * nin;
                    for (int k = 0; k < nin; k++) {
                        gt[g + k] += d * src[a + k];
                    }
                }
            }
        }

        /** dW_l (in x out) += src^T delta, skipping zero inputs (ReLU zeros, blank pixels). */
        private void wideWeightGradient(int l, double[] src, int srcOffset, int b) {
            int nin = sizes[l];
            int nout = sizes[l + 1];
            for (int k = 0; k < nin; k++) {
                int gk = weightOffset[l] + k * nout;
                for (int r = 0; r < b; r++) {
                    double a = src[srcOffset + r * nin + k];
                    if (a != 0.0) {
                        int d = r * nout;
                        for (int c = 0; c < nout; c++) {
                            grad[gk + c] += a * delta[d + c];
                        }
                    }
                }
            }
        }

        /** deltaPrev = (delta W_l^T), zeroed where layer l's input (a ReLU output) was not positive. */
        private void propagate(int l, double[] src, int b) {
            int nin = sizes[l];
            int nout = sizes[l + 1];
            double[] wt = weightsT[l];
            for (int r = 0; r < b; r++) {
                int dp = r * nin;
                int d = r * nout;
                if (wt != null) {
                    java.util.Arrays.fill(deltaPrev, dp, dp + nin, 0.0);
                    for (int c = 0; c < nout; c++) {
                        double dc = delta[d + c];
                        int w = c * nin;
                        for (int k = 0; k < nin; k++) {
                            deltaPrev[dp + k] += dc * wt[w + k];
                        }
                    }
                } else {
                    for (int k = 0; k < nin; k++) {
                        int wk = weightOffset[l] + k * nout;
                        double s = 0.0;
                        for (int c = 0; c < nout; c++) {
                            s += delta[d + c] * params[wk + c];
                        }
                        deltaPrev[dp + k] = s;
                    }
                }
                for (int k = 0; k < nin; k++) {
                    if (!(src[dp + k] > 0.0)) {
                        deltaPrev[dp + k] = 0.0;
                    }
                }
            }
        }
    }
}
