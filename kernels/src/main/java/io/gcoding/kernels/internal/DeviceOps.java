package io.gcoding.kernels.internal;

import io.gcoding.model.ModelType;
import java.util.List;

/**
 * The primitives a backend supplies. Matrices are ROW-MAJOR (a CUDA implementation maps them onto column-major
 * cuBLAS); every buffer argument was made by this instance. Sizes are element counts, not bytes.
 *
 * <p>The fused loss steps take logits WITHOUT the bias, add it, and return the summed loss over the rows, which is
 * what lets one pass over a small n x K matrix do bias, softmax, loss and residual together.
 */
public interface DeviceOps extends AutoCloseable {

    /** See {@link io.gcoding.kernels.ComputeBackend#hostMemory()}. */
    default boolean hostMemory() {
        return false;
    }

    /** Makes this instance's device current on the calling thread (a no-op on the CPU). */
    default void bind() {
    }

    /** An uninitialised root buffer. */
    Buffer allocate(long length);

    /** A root buffer holding a copy of {@code values}. */
    default Buffer upload(double[] values) {
        Buffer buffer = allocate(values.length);
        write(values, buffer);
        return buffer;
    }

    void zero(Buffer buffer);

    /** Copies {@code values} (exactly {@code dst.length()} of them) into {@code dst}. */
    void write(double[] values, Buffer dst);

    /** Copies {@code src} to a new host array. */
    double[] read(Buffer src);

    /** {@code C = alpha * op(A) * op(B) + beta * C}, C is m x n, op(A) m x k, op(B) k x n; beta 0 ignores C. */
    void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, int lda, Buffer b,
            int ldb, double beta, Buffer c, int ldc);

    /** {@code y = alpha * op(A) * x + beta * y} with A m x n (row-major, leading dimension lda). */
    void gemv(boolean transA, int m, int n, double alpha, Buffer a, int lda, Buffer x, double beta, Buffer y);

    /**
     * LINEAR: {@code r_i = z_i + bias - y_i}, returns {@code sum 0.5 r_i^2}. {@code residual} may be {@code z}.
     */
    double linearResidual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual);

    /**
     * LOGISTIC: {@code t_i = z_i + bias}, {@code r_i = sigmoid(t_i) - y_i}, returns the summed binary cross-entropy
     * {@code sum softplus(t_i) - y_i t_i}, computed stably. {@code residual} may be {@code z}.
     */
    double logisticResidual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual);

    /**
     * SOFTMAX output: with {@code t = z_i + bias} per row, {@code grad_i = softmax(t) - onehot(y_i)}; returns the summed
     * cross-entropy {@code sum logsumexp(t) - t[y_i]}. {@code grad} may be {@code logits}.
     */
    double softmaxCrossEntropy(Buffer logits, int rows, int classes, Buffer bias, Buffer labels, Buffer grad);

    /**
     * One row block of a LINEAR or LOGISTIC gradient: with {@code w = params[0, cols)} and
     * {@code bias = params[cols]}, the residual {@code r = f(X w + bias) - y} (f the identity or the sigmoid), then
     * {@code grad[0, cols) (+)= X^T r} and {@code grad[cols] (+)= sum r}, adding when {@code accumulate}; returns the
     * block's summed loss. X is {@code rows x cols}; {@code scratch} holds at least {@code rows} values.
     *
     * <p>The default is two GEMVs around the fused residual step (z in {@code scratch}), which suits a device whose
     * GEMV streams X at full speed (CUDA). A CPU backend may do it in one pass over X instead.
     */
    default double generalizedLinear(ModelType type, Buffer x, int rows, int cols, Buffer params, Buffer labels,
            Buffer grad, boolean accumulate, Buffer scratch) {
        Buffer z = scratch.slice(0, rows);
        gemv(false, rows, cols, 1.0, x, cols, params.slice(0, cols), 0.0, z);
        Buffer bias = params.slice(cols, 1);
        double loss = type == ModelType.LINEAR
                ? linearResidual(z, rows, bias, labels, z)
                : logisticResidual(z, rows, bias, labels, z);
        gemv(true, rows, cols, 1.0, x, cols, z, accumulate ? 1.0 : 0.0, grad.slice(0, cols));
        columnSums(z, rows, 1, grad.slice(cols, 1), accumulate);
        return loss;
    }

    /** {@code h[i][j] = max(h[i][j] + bias[j], 0)} in place, h is rows x width. */
    void addBiasRelu(Buffer h, int rows, int width, Buffer bias);

    /** {@code g[i] = h[i] > 0 ? g[i] : 0} for the first {@code count} entries (ReLU backward, h = activations). */
    void reluBackward(Buffer g, Buffer activations, long count);

    /** {@code out[j] (+)= sum_i g[i][j]}, g is rows x width (bias gradients); adds to out when accumulating. */
    void columnSums(Buffer g, int rows, int width, Buffer out, boolean accumulate);

    /**
     * Rows per block when a gradient streams its batch in row blocks: each block runs the forward and the backward
     * pass while its rows of X are still in cache, so X is read from memory once instead of twice. {@code cols} is
     * the feature count, {@code firstWidth} the width of the first layer's output (1 for LINEAR and LOGISTIC).
     * The default, no blocking, suits devices with their own memory hierarchy and launch costs (CUDA).
     */
    default int rowBlock(int cols, int firstWidth) {
        return Integer.MAX_VALUE;
    }

    /** {@code dst[i][:] = src[rows[i]][:]} for row-major {@code src} with {@code cols} columns (mini-batch gather). */
    void gatherRows(Buffer src, int cols, int[] rows, Buffer dst);

    /**
     * Fused encode: {@code out[x] = sum_i sum_k coeffs[i][k] * g_i[k * L + x]} with {@code L = out.length()} and
     * entries past {@code grads.get(i).length()} counting as zero. Shapes are already validated.
     */
    void encode(List<Buffer> grads, double[][] coeffs, Buffer out);

    /** Frees what the instance itself holds (handles, modules, scratch). Never throws. */
    @Override
    void close();
}
