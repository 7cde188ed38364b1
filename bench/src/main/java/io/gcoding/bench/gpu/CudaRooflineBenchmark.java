package io.gcoding.bench.gpu;

import static jcuda.driver.JCudaDriver.cuCtxSetCurrent;
import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRelease;
import static jcuda.driver.JCudaDriver.cuDevicePrimaryCtxRetain;
import static jcuda.driver.JCudaDriver.cuInit;
import static jcuda.driver.JCudaDriver.cuMemAlloc;
import static jcuda.driver.JCudaDriver.cuMemFree;
import static jcuda.driver.JCudaDriver.cuMemcpyDtoD;
import static jcuda.driver.JCudaDriver.cuMemcpyHtoD;
import static jcuda.jcublas.JCublas2.cublasCreate;
import static jcuda.jcublas.JCublas2.cublasDestroy;
import static jcuda.jcublas.JCublas2.cublasDgemm;
import static jcuda.jcublas.cublasOperation.CUBLAS_OP_N;

import io.gcoding.bench.kernels.BenchModels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import jcuda.Pointer;
import jcuda.Sizeof;
import jcuda.driver.CUcontext;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.jcublas.cublasHandle;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The GPU's own roofline, measured in the same JMH run as the CUDA kernels (bench/gpu-check.sh): device memory
 * bandwidth with a device-to-device copy of 256 MiB (bytes read plus bytes written, the convention of the GPU copy
 * figures in KINDS.md), the host-to-device rate from a pageable Java array (what the CUDA decode and {@code copyIn}
 * pay), and the double-precision peak with a square cuBLAS dgemm ({@code 2 n^3} flops).
 *
 * <p>Every operation ends synchronised with the host ({@code cuCtxSynchronize}; the pageable copy is synchronous), so
 * JMH's time per operation is the device's. Uses the primary context of device {@code device} and the default
 * stream, like the CUDA backend. Needs a CUDA device: on a machine without one the setup fails (gpu-check.sh runs
 * this class only where it found a GPU).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class CudaRooflineBenchmark {

    /** Doubles per copy buffer: 32 Mi = 256 MiB, far beyond the L2 (60 MB on an H200). */
    public static final long COPY_LENGTH = 1L << 25;
    /** Doubles per host-to-device copy: 8 Mi = 64 MiB. */
    public static final int HOST_LENGTH = 1 << 23;
    /** Order of the square dgemm. */
    public static final int GEMM_ORDER = 4096;

    @Param({"0"})
    public int device;

    private final CUdevice cuDevice = new CUdevice();
    private final CUcontext context = new CUcontext();
    private final cublasHandle blas = new cublasHandle();
    private final List<CUdeviceptr> allocations = new ArrayList<>();
    private boolean blasCreated;
    private CUdeviceptr copySource;
    private CUdeviceptr copyTarget;
    private CUdeviceptr hostTarget;
    private CUdeviceptr a;
    private CUdeviceptr b;
    private CUdeviceptr c;
    private double[] host;

    @Setup(Level.Trial)
    public void setUp() {
        JCudaDriver.setExceptionsEnabled(true);
        JCublas2.setExceptionsEnabled(true);
        cuInit(0);
        cuDeviceGet(cuDevice, device);
        cuDevicePrimaryCtxRetain(context, cuDevice);
        cuCtxSetCurrent(context);
        host = BenchModels.gaussian(HOST_LENGTH, 1.0, 1);
        copySource = allocate(COPY_LENGTH);
        copyTarget = allocate(COPY_LENGTH);
        hostTarget = allocate(HOST_LENGTH);
        long square = (long) GEMM_ORDER * GEMM_ORDER;
        a = allocate(square);
        b = allocate(square);
        c = allocate(square);
        fill(copySource, COPY_LENGTH);
        fill(a, square);
        fill(b, square);
        fill(c, square);
        cublasCreate(blas);
        blasCreated = true;
        cuCtxSynchronize();
    }

    /** JMH may run the trial's fixtures and the iterations on different threads: make the context current. */
    @Setup(Level.Iteration)
    public void bind() {
        cuCtxSetCurrent(context);
    }

    private CUdeviceptr allocate(long doubles) {
        CUdeviceptr p = new CUdeviceptr();
        cuMemAlloc(p, doubles * Sizeof.DOUBLE);
        allocations.add(p);
        return p;
    }

    /** Fills with the host array repeated (values of order 1, so the dgemm neither overflows nor sees zeros). */
    private void fill(CUdeviceptr target, long doubles) {
        for (long done = 0; done < doubles; done += HOST_LENGTH) {
            long n = Math.min(HOST_LENGTH, doubles - done);
            cuMemcpyHtoD(target.withByteOffset(done * Sizeof.DOUBLE), Pointer.to(host), n * Sizeof.DOUBLE);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        cuCtxSetCurrent(context);
        if (blasCreated) {
            cublasDestroy(blas);
        }
        for (CUdeviceptr p : allocations) {
            cuMemFree(p);
        }
        allocations.clear();
        cuDevicePrimaryCtxRelease(cuDevice);
    }

    /** Reads and writes {@code 2 * 8 * COPY_LENGTH} bytes (512 MiB). */
    @Benchmark
    public void deviceCopy() {
        cuMemcpyDtoD(copyTarget, copySource, COPY_LENGTH * Sizeof.DOUBLE);
        cuCtxSynchronize();
    }

    /** Moves {@code 8 * HOST_LENGTH} bytes (64 MiB) from a pageable Java array; synchronous. */
    @Benchmark
    public void hostToDevice() {
        cuMemcpyHtoD(hostTarget, Pointer.to(host), (long) HOST_LENGTH * Sizeof.DOUBLE);
    }

    /** {@code C = A B}, n = {@link #GEMM_ORDER}: {@code 2 n^3} flops. */
    @Benchmark
    public void dgemm() {
        cublasDgemm(blas, CUBLAS_OP_N, CUBLAS_OP_N, GEMM_ORDER, GEMM_ORDER, GEMM_ORDER,
                Pointer.to(new double[] {1.0}), a, GEMM_ORDER, b, GEMM_ORDER, Pointer.to(new double[] {0.0}), c,
                GEMM_ORDER);
        cuCtxSynchronize();
    }
}
