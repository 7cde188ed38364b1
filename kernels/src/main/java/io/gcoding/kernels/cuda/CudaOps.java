package io.gcoding.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoH;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.driver.JCudaDriver.cuMemsetD8;
import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDdot;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasDgemm;
import static jcuda.jcublas.JCublas2.cublasDgemv;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_T;

import io.gcoding.kernels.internal.Buffer;
import io.gcoding.kernels.internal.DeviceOps;
import io.gcoding.kernels.internal.Workspace;
import java.util.Arrays;
import java.util.List;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;

/**
 * {@link DeviceOps} on one CUDA device: cuBLAS for GEMM/GEMV/dot, the NVRTC-compiled kernels of
 * {@link CudaKernels} for the fused elementwise steps, gathers and the encode. Uses the device's primary context
 * and the default stream; every JCuda call throws {@code CudaException} on error (exceptions enabled).
 *
 * <p>Row-major to column-major: a row-major m x n matrix is, to cuBLAS, its column-major n x m transpose, so
 * {@code C = op(A) op(B)} is computed as {@code C^T = op(B)^T op(A)^T}, i.e. cuBLAS gets B before A and the
 * dimensions n, m swapped; no data is transposed.
 */
final class CudaOps implements DeviceOps {

    private final CudaDeviceInfo device;
    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final cublasHandle blas = new cublasHandle();
    private final CudaKernels kernels;
    private final Workspace scratch;
    private long onesLength;
    private boolean closed;

    CudaOps(int ordinal, KernelCache cache) {
        JCudaDriver.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        cuInit(0);
        int[] count = {0};
        JCudaDriver.cuDeviceGetCount(count);
        if (ordinal >= count[0]) {
            throw new IllegalArgumentException("CUDA device " + ordinal + " requested but only " + count[0]
                    + " visible; use an ordinal below " + count[0]);
        }
        this.device = CudaDeviceInfo.query(ordinal);
        cuDeviceGet(cuDevice, ordinal);
        cuDevicePrimaryCtxRetain(context, cuDevice);
        boolean ok = false;
        boolean blasCreated = false;
        CudaKernels loaded = null;
        try {
            cuCtxSetCurrent(context);
            cublasCreate(blas);
            blasCreated = true;
            loaded = new CudaKernels(device.capability(), cache, Boolean.getBoolean("gcoding.cuda.sync"));
            ok = true;
        } finally {
            if (!ok) {
                // a failed start (e.g. NVRTC rejected a kernel) must not leak the handle or the context
                if (blasCreated) {
                    cublasDestroy(blas);
                }
                cuDevicePrimaryCtxRelease(cuDevice);
            }
        }
        this.kernels = loaded;
        this.scratch = new Workspace(this);
    }

    CudaDeviceInfo device() {
        return device;
    }

    private static CudaBuffer cast(Buffer buffer) {
        return (CudaBuffer) buffer;
    }

    private static CUdeviceptr ptr(Buffer buffer) {
        return cast(buffer).pointer();
    }

    @Override
    public void bind() {
        cuCtxSetCurrent(context);
    }

    @Override
    public Buffer allocate(long length) {
        CUdeviceptr allocation = new CUdeviceptr();
        cuMemAlloc(allocation, Math.max(1, length) * Sizeof.DOUBLE);
        return CudaBuffer.root(allocation, length);
    }

    @Override
    public void zero(Buffer buffer) {
        cuMemsetD8(ptr(buffer), (byte) 0, buffer.length() * Sizeof.DOUBLE);
    }

    @Override
    public void write(double[] values, Buffer dst) {
        cuMemcpyHtoD(ptr(dst), Pointer.to(values), (long) values.length * Sizeof.DOUBLE);
    }

    @Override
    public double[] read(Buffer src) {
        double[] out = new double[Math.toIntExact(src.length())];
        cuMemcpyDtoH(Pointer.to(out), ptr(src), (long) out.length * Sizeof.DOUBLE);
        return out;
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k, double alpha, Buffer a, int lda, Buffer b,
            int ldb, double beta, Buffer c, int ldc) {
        cublasDgemm(blas, transB ? CUBLAS_OP_T : CUBLAS_OP_N, transA ? CUBLAS_OP_T : CUBLAS_OP_N, n, m, k,
                Pointer.to(new double[] {alpha}), ptr(b), ldb, ptr(a), lda, Pointer.to(new double[] {beta}), ptr(c),
                ldc);
    }

    @Override
    public void gemv(boolean transA, int m, int n, double alpha, Buffer a, int lda, Buffer x, double beta, Buffer y) {
        // cuBLAS sees the row-major m x n A as a column-major n x m matrix: A x is its transpose times x.
        cublasDgemv(blas, transA ? CUBLAS_OP_N : CUBLAS_OP_T, n, m, Pointer.to(new double[] {alpha}), ptr(a), lda,
                ptr(x), 1, Pointer.to(new double[] {beta}), ptr(y), 1);
    }

    @Override
    public double linearResidual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual) {
        Buffer rowLoss = scratch.get("rowLoss", rows);
        kernels.launch("linear_residual", rows, rows, ptr(z), ptr(bias), ptr(labels), ptr(residual), ptr(rowLoss));
        return sum(rowLoss, rows);
    }

    @Override
    public double logisticResidual(Buffer z, int rows, Buffer bias, Buffer labels, Buffer residual) {
        Buffer rowLoss = scratch.get("rowLoss", rows);
        kernels.launch("logistic_residual", rows, rows, ptr(z), ptr(bias), ptr(labels), ptr(residual),
                ptr(rowLoss));
        return sum(rowLoss, rows);
    }

    @Override
    public double softmaxCrossEntropy(Buffer logits, int rows, int classes, Buffer bias, Buffer labels, Buffer grad) {
        Buffer rowLoss = scratch.get("rowLoss", rows);
        kernels.launch("softmax_minus_one_hot", rows, rows, classes, ptr(logits), ptr(bias), ptr(labels), ptr(grad),
                ptr(rowLoss));
        return sum(rowLoss, rows);
    }

    /** Sum of the first {@code count} entries: one dot with a ones vector (synchronises, returns to the host). */
    private double sum(Buffer values, int count) {
        double[] result = {0};
        cublasDdot(blas, count, ptr(values), 1, ptr(ones(count)), 1, Pointer.to(result));
        return result[0];
    }

    private Buffer ones(long count) {
        Buffer ones = scratch.get("ones", Math.max(count, onesLength));
        if (count > onesLength) {
            double[] filled = new double[Math.toIntExact(count)];
            Arrays.fill(filled, 1.0);
            write(filled, ones.slice(0, count));
            onesLength = count;
        }
        return ones.slice(0, count);
    }

    @Override
    public void addBiasRelu(Buffer h, int rows, int width, Buffer bias) {
        long count = (long) rows * width;
        kernels.launch("add_bias_relu", count, count, width, ptr(h), ptr(bias));
    }

    @Override
    public void reluBackward(Buffer g, Buffer activations, long count) {
        kernels.launch("relu_backward", count, count, ptr(g), ptr(activations));
    }

    @Override
    public void columnSums(Buffer g, int rows, int width, Buffer out, boolean accumulate) {
        // g (row-major rows x width) is column-major width x rows: out = g_cm * ones (+ out).
        cublasDgemv(blas, CUBLAS_OP_N, width, rows, Pointer.to(new double[] {1.0}), ptr(g), width,
                ptr(ones(rows)), 1, Pointer.to(new double[] {accumulate ? 1.0 : 0.0}), ptr(out), 1);
    }

    @Override
    public void gatherRows(Buffer src, int cols, int[] rows, Buffer dst) {
        Buffer indices = scratch.get("gather.rows", (rows.length + 1) / 2); // ints packed two per double slot
        cuMemcpyHtoD(ptr(indices), Pointer.to(rows), (long) rows.length * Sizeof.INT);
        kernels.launch("gather_rows", (long) rows.length * cols, rows.length, cols, ptr(src), ptr(indices),
                ptr(dst));
    }

    @Override
    public void encode(List<Buffer> grads, double[][] coeffs, Buffer out) {
        long blockLength = out.length();
        int maxTerms = 0;
        for (double[] row : coeffs) {
            maxTerms += row.length;
        }
        CUdeviceptr[] bases = new CUdeviceptr[maxTerms];
        long[] offsets = new long[maxTerms];
        long[] valid = new long[maxTerms];
        double[] weights = new double[maxTerms];
        int terms = 0;
        for (int i = 0; i < grads.size(); i++) {
            CudaBuffer g = cast(grads.get(i));
            for (int k = 0; k < coeffs[i].length; k++) {
                long start = k * blockLength;
                long inside = Math.min(blockLength, g.length() - start); // the rest of the block is zero padding
                if (inside <= 0 || coeffs[i][k] == 0.0) {
                    continue;
                }
                // Pointer arrays carry allocation addresses only, so the slice offset travels separately.
                bases[terms] = g.rootPointer();
                offsets[terms] = g.offset() + start;
                valid[terms] = inside;
                weights[terms] = coeffs[i][k];
                terms++;
            }
        }
        if (terms == 0) {
            zero(out);
            return;
        }
        Buffer pointerTable = scratch.get("encode.ptrs", terms);
        Buffer offsetTable = scratch.get("encode.offsets", terms);
        Buffer validTable = scratch.get("encode.valid", terms);
        Buffer weightTable = scratch.get("encode.coeffs", terms);
        cuMemcpyHtoD(ptr(pointerTable), Pointer.to(Arrays.copyOf(bases, terms)), (long) terms * Sizeof.POINTER);
        cuMemcpyHtoD(ptr(offsetTable), Pointer.to(offsets), (long) terms * Sizeof.LONG);
        cuMemcpyHtoD(ptr(validTable), Pointer.to(valid), (long) terms * Sizeof.LONG);
        cuMemcpyHtoD(ptr(weightTable), Pointer.to(weights), (long) terms * Sizeof.DOUBLE);
        kernels.launch("encode_combine", blockLength, blockLength, terms, ptr(pointerTable), ptr(offsetTable),
                ptr(validTable), ptr(weightTable), ptr(out));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            cuCtxSetCurrent(context);
            scratch.close();
            kernels.close();
            cublasDestroy(blas);
        } catch (RuntimeException e) {
            // best effort: releasing the primary context below frees what is left
        } finally {
            try {
                cuDevicePrimaryCtxRelease(cuDevice);
            } catch (RuntimeException e) {
                // nothing more to free
            }
        }
    }
}
