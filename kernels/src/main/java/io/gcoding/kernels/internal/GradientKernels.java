package io.gcoding.kernels.internal;

import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.model.ParameterLayout;

/**
 * The per-chunk gradients of every {@link ModelType}, written once against {@link DeviceOps}.
 * X is the n x p batch (row-major), y its labels; losses are sums over rows.
 *
 * <ul>
 *   <li>LINEAR / LOGISTIC (memory-bound, {@link DeviceOps#generalizedLinear}): {@code z = X w}; fused residual r
 *       and loss; {@code dw = X^T r}, {@code db = sum r}.</li>
 *   <li>SOFTMAX and MLP (GEMMs): forward {@code A_{l+1} = relu(A_l W_l + b_l)}, logits {@code Z = A_{L-1} W_{L-1}};
 *       fused softmax-minus-one-hot G with the cross-entropy; backward {@code dW_l = A_l^T G_l},
 *       {@code db_l = colsum(G_l)}, {@code G_{l-1} = (G_l W_l^T) * [A_l > 0]}. SOFTMAX is the case without hidden
 *       layers.</li>
 * </ul>
 *
 * <p>The batch is processed in row blocks of {@link DeviceOps#rowBlock} rows: each block's backward products
 * accumulate into the gradient (GEMM/GEMV beta = 1 after the first block), so the result is the same sum while a
 * CPU reads each block of X from cache in the backward pass.
 */
final class GradientKernels {

    private final DeviceOps ops;
    private final Workspace workspace;

    GradientKernels(DeviceOps ops, Workspace workspace) {
        this.ops = ops;
        this.workspace = workspace;
    }

    /** Writes the gradient into {@code grad} and returns the summed loss over the {@code n} rows of {@code x}. */
    double compute(ModelSpec model, Buffer x, Buffer y, int n, Buffer params, Buffer grad) {
        ParameterLayout layout = model.layout();
        int p = model.inputDim();
        int block = Math.max(1, ops.rowBlock(p, layout.size(1)));
        double loss = 0;
        for (int start = 0; start < n; start += block) {
            int rows = Math.min(block, n - start);
            Buffer xb = x.slice((long) start * p, (long) rows * p);
            Buffer yb = y.slice(start, rows);
            boolean accumulate = start > 0;
            loss += switch (model.type()) {
                case LINEAR, LOGISTIC -> generalizedLinear(model, xb, yb, rows, params, grad, accumulate);
                case SOFTMAX, MLP -> layered(layout, xb, yb, rows, params, grad, accumulate);
            };
        }
        return loss;
    }

    private double generalizedLinear(ModelSpec model, Buffer x, Buffer y, int n, Buffer params, Buffer grad,
            boolean accumulate) {
        int p = model.inputDim();
        return ops.generalizedLinear(model.type(), x, n, p, params, y, grad, accumulate, workspace.get("glm.z", n));
    }

    private double layered(ParameterLayout layout, Buffer x, Buffer y, int n, Buffer params, Buffer grad,
            boolean accumulate) {
        double beta = accumulate ? 1.0 : 0.0;
        int layers = layout.layers();
        Buffer[] activations = new Buffer[layers];
        activations[0] = x;
        for (int l = 0; l + 1 < layers; l++) {
            int in = layout.size(l);
            int out = layout.size(l + 1);
            Buffer h = workspace.get("mlp.a" + (l + 1), (long) n * out);
            ops.gemm(false, false, n, out, in, 1.0, activations[l], in, weights(params, layout, l), out, 0.0, h, out);
            ops.addBiasRelu(h, n, out, bias(params, layout, l));
            activations[l + 1] = h;
        }
        int last = layers - 1;
        int classes = layout.size(layers);
        int lastIn = layout.size(last);
        Buffer g = workspace.get("mlp.g" + last, (long) n * classes);
        ops.gemm(false, false, n, classes, lastIn, 1.0, activations[last], lastIn, weights(params, layout, last),
                classes, 0.0, g, classes);
        double loss = ops.softmaxCrossEntropy(g, n, classes, bias(params, layout, last), y, g);

        for (int l = last; l >= 0; l--) {
            int in = layout.size(l);
            int out = layout.size(l + 1);
            ops.gemm(true, false, in, out, n, 1.0, activations[l], in, g, out, beta, weights(grad, layout, l), out);
            ops.columnSums(g, n, out, bias(grad, layout, l), accumulate);
            if (l > 0) {
                // The input layer needs no dX: stopping here saves one GEMM of the largest shape.
                Buffer previous = workspace.get("mlp.g" + (l - 1), (long) n * in);
                ops.gemm(false, true, n, in, out, 1.0, g, out, weights(params, layout, l), out, 0.0, previous, in);
                ops.reluBackward(previous, activations[l], (long) n * in);
                g = previous;
            }
        }
        return loss;
    }

    private static Buffer weights(Buffer flat, ParameterLayout layout, int layer) {
        return flat.slice(layout.weightOffset(layer), layout.weightCount(layer));
    }

    private static Buffer bias(Buffer flat, ParameterLayout layout, int layer) {
        return flat.slice(layout.biasOffset(layer), layout.size(layer + 1));
    }
}
