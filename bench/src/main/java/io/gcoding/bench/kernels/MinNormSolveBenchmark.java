package io.gcoding.bench.kernels;

import io.gcoding.kernels.ComputeBackend;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

/** {@link #BATCH} min-norm solves B_i = pinv(A_i) of ell x r Gaussian matrices in one call, as at encode time. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MinNormSolveBenchmark {

    public static final int BATCH = 10_000;

    @Param({"1", "2", "4"})
    public int ell;

    @Param({"4", "10"})
    public int r;

    @Param({"cpu"})
    public String backend;

    private ComputeBackend compute;
    private final List<double[][]> matrices = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        compute = BenchModels.backend(backend, 1);
        for (int i = 0; i < BATCH; i++) {
            double[][] a = new double[ell][];
            for (int k = 0; k < ell; k++) {
                a[k] = BenchModels.gaussian(r, 1.0, (long) i * ell + k);
            }
            matrices.add(a);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    @Benchmark
    public double[][][] solveBatch() {
        return compute.minNormSolve(matrices);
    }
}
