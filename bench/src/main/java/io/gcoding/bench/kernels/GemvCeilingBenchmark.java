package io.gcoding.bench.kernels;

import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemv;
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
 * ONE OpenBLAS dgemv {@code z = X w} over a whole chunk: X read once with the least work a linear/logistic gradient
 * must do on it. No gradient built on OpenBLAS calls can stream X faster than this, so it is the ceiling the
 * report compares those gradients with, next to the machine's bandwidth. Same shapes as {@link GradientBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GemvCeilingBenchmark {

    @Param({"2000x784", "8000x784", "16384x4096"})
    public String shape;

    @Param({"1"})
    public int blasThreads;

    private BenchModels.Shape dims;
    private DoublePointer x;
    private DoublePointer w;
    private DoublePointer z;

    @Setup(Level.Trial)
    public void setUp() {
        openblas_set_num_threads(blasThreads);
        dims = BenchModels.Shape.parse(shape);
        x = new DoublePointer(BenchModels.gaussian(Math.multiplyExact(dims.rows(), dims.features()), 1.0, 1));
        w = new DoublePointer(BenchModels.gaussian(dims.features(), 0.05, 2));
        z = new DoublePointer((long) dims.rows());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        w.close();
        z.close();
    }

    @Benchmark
    public DoublePointer dgemvOnce() {
        cblas_dgemv(CblasRowMajor, CblasNoTrans, dims.rows(), dims.features(), 1.0, x, dims.features(), w, 1, 0.0, z,
                1);
        return z;
    }
}
