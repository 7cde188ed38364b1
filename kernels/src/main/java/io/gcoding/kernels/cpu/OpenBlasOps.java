package io.gcoding.kernels.cpu;

import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.CblasTrans;
import static org.bytedeco.openblas.global.openblas_full.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_full.cblas_dcopy;
import static org.bytedeco.openblas.global.openblas_full.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads;

import io.gcoding.kernels.internal.Buffer;
import io.gcoding.kernels.internal.DeviceOps;
import io.gcoding.model.ModelType;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;

/**
 * {@link DeviceOps} on OpenBLAS: GEMM and GEMV through cblas on off-heap buffers; the elementwise steps (bias, ReLU,
 * softmax-minus-one-hot, residuals) in Java on blocks bulk-copied to reusable heap arrays, which the JIT vectorises.
 * Those steps touch n x K or n x hidden values, a small fraction of the n x p input the GEMMs stream.
 *
 * <p>The OpenBLAS thread count is process-wide: the last backend created sets it.
 */
final class OpenBlasOps implements DeviceOps {

    /** Rows (or elements) per block of an elementwise step: keeps the heap scratch small and in cache. */
    private static final int BLOCK = 1 << 14;
    /**
     * Encode tile: the output tile (512 KiB) stays in L2 while every gradient block streams through it once; long
     * daxpy/dgemv calls keep the JNI cost per element negligible (measured 1.5x faster than 16 KiB tiles for
     * d = 235,146).
     */
    private static final int ENCODE_TILE = 1 << 16;

    private final HeapScratch scratch = new HeapScratch();
    private OffHeapBuffer coefficients;

    OpenBlasOps(int threads) {
        openblas_set_num_threads(threads);
    }

    private static OffHeapBuffer cast(Buffer buffer) {
        return (OffHeapBuffer) buffer;
    }

    @Override
    public int rowBlock(int cols, int firstWidth) {
        return CpuRowBlocking.rows(cols, firstWidth);
    }

    @Override
    public Buffer allocate(long length) {
        return OffHeapBuffer.allocate(length);
    }

    @Override
    public void zero(Buffer buffer) {
        cast(buffer).view().zero();
    }

    @Override
    public void write(double[] values, Buffer dst) {
        cast(dst).view().put(values, 0, values.length);
    }

    @Override
    public boolean hostMemory() {
        return true;
    }

    @Override
    public double[] read(Buffer src) {
        double[] out = new double[Math.toIntExact(src.length())];
        cast(src).view().get(out, 0, out.length);
        return out;
    }

    private static void read(Buffer src, long offset, double[] dst, int count) {
        OffHeapBuffer b = cast(src);
        b.view().position(b.base() + offset).get(dst, 0, count);
    }

    private static void write(double[] src, int count, Buffer dst, long offset) {
        OffHeapBuffer b = cast(dst);
        b.view().position(b.base() + offset).put(src, 0, count);
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, int lda, Buffer b,
            int ldb, double beta, Buffer c, int ldc) {
        cblas_dgemm(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, transB ? CblasTrans : CblasNoTrans, m, n, k,
                alpha, cast(a).pointer(), lda, cast(b).pointer(), ldb, beta, cast(c).pointer(), ldc);
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, Buffer a, int lda, Buffer x, double beta, Buffer y) {
        cblas_dgemv(CblasRowMajor, transA ? CblasTrans : CblasNoTrans, m, n, alpha, cast(a).pointer(), lda,
                cast(x).pointer(), 1, beta, cast(y).pointer(), 1);
    }

    @Override
    public double linearResidual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual) {
        return residual(z, rows, bias, labels, residual, false);
    }

    @Override
    public double logisticResidual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual) {
        return residual(z, rows, bias, labels, residual, true);
    }

    private double residual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual, boolean logistic) {
        double b = cast(bias).pointer().get(0);
        double[] zs = scratch.get(0, BLOCK);
        double[] ys = scratch.get(1, BLOCK);
        double loss = 0;
        for (int start = 0; start < rows; start += BLOCK) {
            int count = Math.min(BLOCK, rows - start);
            read(z, start, zs, count);
            read(labels, start, ys, count);
            loss += logistic ? Elementwise.logisticResidual(zs, ys, b, count)
                    : Elementwise.linearResidual(zs, ys, b, count);
            write(zs, count, residual, start);
        }
        return loss;
    }

    /**
     * One pass over X where a row and the gradient fit L1 ({@link CpuRowBlocking#fusedRows}): per row a ddot, the
     * residual, and a daxpy that reads the row again from L1, so each row of X is loaded from memory once and read
     * twice from L1, instead of a second GEMV pass over the whole block from L2. Wider rows use the two GEMVs per
     * block (the default), which measured faster there.
     */
    @Override
    public double generalizedLinear(ModelType type, Buffer x, int rows, int cols, Buffer params, Buffer labels,
            Buffer grad, boolean accumulate, Buffer residualScratch) {
        if (!CpuRowBlocking.fusedRows(cols)) {
            return DeviceOps.super.generalizedLinear(type, x, rows, cols, params, labels, grad, accumulate,
                    residualScratch);
        }
        if (!accumulate) {
            zero(grad);
        }
        DoublePointer w = cast(params).pointer();
        DoublePointer g = cast(grad).pointer();
        double bias = w.get(cols);
        boolean linear = type == ModelType.LINEAR;
        double[] residuals = scratch.get(0, rows);
        double[] ys = scratch.get(1, rows);
        read(labels, 0, ys, rows);
        OffHeapBuffer matrix = cast(x);
        DoublePointer row = matrix.view();
        double loss = 0;
        double residualSum = 0;
        for (int i = 0; i < rows; i++) {
            row.position(matrix.base() + (long) i * cols);
            residuals[i] = cblas_ddot(cols, row, 1, w, 1);
            loss += linear ? Elementwise.linearResidualAt(residuals, ys, bias, i)
                    : Elementwise.logisticResidualAt(residuals, ys, bias, i);
            cblas_daxpy(cols, residuals[i], row, 1, g, 1);
            residualSum += residuals[i];
        }
        g.put(cols, g.get(cols) + residualSum);
        return loss;
    }

    @Override
    public double softmaxCrossEntropy(Buffer logits, int rows, int classes, Buffer bias, Buffer labels, Buffer grad) {
        double[] b = read(bias);
        int blockRows = Math.max(1, BLOCK / classes);
        double[] zs = scratch.get(0, blockRows * classes);
        double[] ys = scratch.get(1, blockRows);
        double loss = 0;
        for (int start = 0; start < rows; start += blockRows) {
            int count = Math.min(blockRows, rows - start);
            read(logits, (long) start * classes, zs, count * classes);
            read(labels, start, ys, count);
            loss += Elementwise.softmaxMinusOneHot(zs, ys, b, count, classes);
            write(zs, count * classes, grad, (long) start * classes);
        }
        return loss;
    }

    @Override
    public void addBiasRelu(Buffer h, int rows, int width, Buffer bias) {
        double[] b = read(bias);
        int blockRows = Math.max(1, BLOCK / width);
        double[] hs = scratch.get(0, blockRows * width);
        for (int start = 0; start < rows; start += blockRows) {
            int count = Math.min(blockRows, rows - start);
            long offset = (long) start * width;
            read(h, offset, hs, count * width);
            Elementwise.addBiasRelu(hs, b, count, width);
            write(hs, count * width, h, offset);
        }
    }

    @Override
    public void reluBackward(Buffer g, Buffer activations, long count) {
        double[] gs = scratch.get(0, BLOCK);
        double[] hs = scratch.get(1, BLOCK);
        for (long start = 0; start < count; start += BLOCK) {
            int n = (int) Math.min(BLOCK, count - start);
            read(g, start, gs, n);
            read(activations, start, hs, n);
            Elementwise.reluBackward(gs, hs, n);
            write(gs, n, g, start);
        }
    }

    @Override
    public void columnSums(Buffer g, int rows, int width, Buffer out, boolean accumulate) {
        double[] sums = accumulate ? read(out) : new double[width];
        int blockRows = Math.max(1, BLOCK / width);
        double[] gs = scratch.get(0, blockRows * width);
        for (int start = 0; start < rows; start += blockRows) {
            int count = Math.min(blockRows, rows - start);
            read(g, (long) start * width, gs, count * width);
            Elementwise.addColumnSums(gs, count, width, sums);
        }
        write(sums, width, out, 0);
    }

    @Override
    public void gatherRows(Buffer src, int cols, int[] rows, Buffer dst) {
        OffHeapBuffer from = cast(src);
        OffHeapBuffer to = cast(dst);
        DoublePointer source = from.view();
        DoublePointer target = to.view();
        for (int i = 0; i < rows.length; i++) {
            source.position(from.base() + (long) rows[i] * cols);
            target.position(to.base() + (long) i * cols);
            cblas_dcopy(cols, source, 1, target, 1);
        }
    }

    /**
     * Tiled encode. With ell = 1 every term is one daxpy into the output tile. With ell > 1 the ell blocks of one
     * gradient are the rows of an ell x L row-major matrix (leading dimension L), so ONE dgemv per (gradient, tile)
     * adds all of them, {@code out += G_i[:, tile]^T b_i}: the output tile is read and written once per gradient
     * instead of once per term (measured here about 2x faster than ell daxpys for d = 235,146, ell = 4, and never
     * slower for d = 7,850). Where g_i ends inside a row (d not a multiple of ell, or a shorter gradient) the tile
     * splits into the columns that row still covers and the rest, which has one row fewer. A gradient with a zero
     * coefficient keeps the daxpys, so a skipped term is never read (0 * g would be NaN where g is not finite).
     */
    @Override
    public void encode(List<Buffer> grads, double[][] coeffs, Buffer out) {
        OffHeapBuffer target = cast(out);
        int blockLength = Math.toIntExact(target.length());
        zero(out);
        if (grads.isEmpty()) {
            return;
        }
        int ell = coeffs[0].length;
        DoublePointer outView = target.view();
        DoublePointer[] views = new DoublePointer[grads.size()];
        boolean[] gemv = new boolean[grads.size()];
        DoublePointer[] rowWeights = new DoublePointer[grads.size()];
        OffHeapBuffer weights = coefficientScratch((long) grads.size() * ell);
        for (int i = 0; i < views.length; i++) {
            views[i] = cast(grads.get(i)).view();
            gemv[i] = ell > 1 && allNonZero(coeffs[i]);
            rowWeights[i] = weights.view().position(weights.base() + (long) i * ell);
            rowWeights[i].put(coeffs[i], 0, ell);
        }
        for (int tile = 0; tile < blockLength; tile += ENCODE_TILE) {
            int tileLength = Math.min(ENCODE_TILE, blockLength - tile);
            for (int i = 0; i < views.length; i++) {
                OffHeapBuffer g = cast(grads.get(i));
                if (gemv[i]) {
                    encodeRows(g, views[i], rowWeights[i], ell, blockLength, tile, tileLength, target, outView);
                } else {
                    encodeTerms(g, views[i], coeffs[i], blockLength, tile, tileLength, target, outView);
                }
            }
        }
    }

    /** {@code out[tile] += sum_k b[k] g[k L + tile]} by daxpy, skipping zero coefficients and the padding. */
    private static void encodeTerms(OffHeapBuffer g, DoublePointer gView, double[] b, int blockLength, int tile,
            int tileLength, OffHeapBuffer out, DoublePointer outView) {
        outView.position(out.base() + tile);
        for (int k = 0; k < b.length; k++) {
            long start = (long) k * blockLength + tile;
            long valid = Math.min(tileLength, g.length() - start); // entries past g are zero padding
            if (valid <= 0 || b[k] == 0.0) {
                continue;
            }
            gView.position(g.base() + start);
            cblas_daxpy((int) valid, b[k], gView, 1, outView, 1);
        }
    }

    /** {@code out[tile] += G[:, tile]^T b} with G the rows {@code g[k L, (k + 1) L)} that g still covers. */
    private static void encodeRows(OffHeapBuffer g, DoublePointer gView, DoublePointer b, int ell, int blockLength,
            int tile, int tileLength, OffHeapBuffer out, DoublePointer outView) {
        long length = g.length();
        int fullRows = (int) Math.min(ell, length / blockLength); // rows 0..fullRows-1 cover all L columns
        // row fullRows (if any) covers the columns below length % L; in this tile, the first `partial` of them
        int partial = fullRows == ell ? 0
                : (int) Math.max(0, Math.min(tileLength, length % blockLength - tile));
        if (partial > 0) {
            gemvTranspose(fullRows + 1, partial, g, gView, blockLength, tile, b, out, outView);
        }
        if (fullRows > 0 && partial < tileLength) {
            gemvTranspose(fullRows, tileLength - partial, g, gView, blockLength, tile + partial, b, out, outView);
        }
    }

    /** {@code out[column, column + cols) += A^T b} with A = rows x cols at {@code g + column}, leading dimension L. */
    private static void gemvTranspose(int rows, int cols, OffHeapBuffer g, DoublePointer gView, int blockLength,
            int column, DoublePointer b, OffHeapBuffer out, DoublePointer outView) {
        gView.position(g.base() + column);
        outView.position(out.base() + column);
        cblas_dgemv(CblasRowMajor, CblasTrans, rows, cols, 1.0, gView, blockLength, b, 1, 1.0, outView, 1);
    }

    private static boolean allNonZero(double[] values) {
        for (double v : values) {
            if (v == 0.0) {
                return false;
            }
        }
        return true;
    }

    /** Off-heap room for the encode coefficients (cblas reads x from native memory), grown on demand. */
    private OffHeapBuffer coefficientScratch(long length) {
        if (coefficients == null || coefficients.length() < length) {
            if (coefficients != null) {
                coefficients.close();
            }
            coefficients = OffHeapBuffer.allocate(Math.max(length, 64));
        }
        return coefficients;
    }

    @Override
    public void close() {
        scratch.clear();
        if (coefficients != null) {
            coefficients.close();
            coefficients = null;
        }
    }

    /** Reusable heap arrays, grown on demand, so the elementwise steps allocate nothing per call. */
    private static final class HeapScratch {
        private final double[][] arrays = new double[2][];

        double[] get(int slot, int length) {
            if (arrays[slot] == null || arrays[slot].length < length) {
                arrays[slot] = new double[length];
            }
            return arrays[slot];
        }

        void clear() {
            arrays[0] = null;
            arrays[1] = null;
        }
    }
}
