package io.gcoding.bench.kernels;

import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_full.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads;

import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.DoublePointer;
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
 * This machine's own roofline, measured in the same run as the kernels: memory bandwidth with a STREAM triad on
 * Java arrays ({@code a = b + s c}, 24 bytes per element by STREAM's convention) and with OpenBLAS daxpy on off-heap
 * memory ({@code y += s x}, also 24 bytes per element), both on 64 MiB arrays far beyond the caches; peak
 * double-precision rate with a large square OpenBLAS dgemm ({@code 2 n^3} flops).
 *
 * <p>Also the best a kernel that only READS memory can do: OpenBLAS ddot of the same two off-heap arrays (16 bytes
 * per element, nothing written). On one core this is below the daxpy figure (a core has a limited number of
 * outstanding cache misses, and a read-only stream cannot overlap reads with write-backs), and it is the ceiling of
 * every kernel here that streams its input once (the linear/logistic gradients read X, the encode reads the chunk
 * gradients, the decode reads the uploads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RooflineBenchmark {

    /** Elements per stream array: 8 Mi doubles = 64 MiB each. */
    public static final int STREAM_LENGTH = 1 << 23;
    /** Order of the square dgemm. */
    public static final int GEMM_ORDER = 1536;

    @Param({"1"})
    public int blasThreads;

    private double[] a;
    private double[] b;
    private double[] c;
    private DoublePointer x;
    private DoublePointer y;
    private DoublePointer ga;
    private DoublePointer gb;
    private DoublePointer gc;

    @Setup(Level.Trial)
    public void setUp() {
        openblas_set_num_threads(blasThreads);
        a = new double[STREAM_LENGTH];
        b = BenchModels.gaussian(STREAM_LENGTH, 1.0, 1);
        c = BenchModels.gaussian(STREAM_LENGTH, 1.0, 2);
        x = new DoublePointer(b);
        y = new DoublePointer(c);
        int n2 = GEMM_ORDER * GEMM_ORDER;
        ga = new DoublePointer(BenchModels.gaussian(n2, 1.0, 3));
        gb = new DoublePointer(BenchModels.gaussian(n2, 1.0, 4));
        gc = new DoublePointer((long) n2);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        for (DoublePointer p : new DoublePointer[] {x, y, ga, gb, gc}) {
            p.close();
        }
    }

    @Benchmark
    public double[] streamTriadArray() {
        double s = 3.0;
        double[] aa = a;
        double[] bb = b;
        double[] cc = c;
        for (int i = 0; i < aa.length; i++) {
            aa[i] = bb[i] + s * cc[i];
        }
        return aa;
    }

    @Benchmark
    public DoublePointer daxpyOffHeap() {
        // a small factor keeps y bounded over the thousands of calls of a run
        cblas_daxpy(STREAM_LENGTH, 1e-3, x, 1, y, 1);
        return y;
    }

    @Benchmark
    public double ddotOffHeap() {
        return cblas_ddot(STREAM_LENGTH, x, 1, y, 1);
    }

    @Benchmark
    public DoublePointer dgemmPeak() {
        cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasNoTrans, GEMM_ORDER, GEMM_ORDER, GEMM_ORDER, 1.0, ga,
                GEMM_ORDER, gb, GEMM_ORDER, 0.0, gc, GEMM_ORDER);
        return gc;
    }
}
