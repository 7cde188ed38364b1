package io.gcoding.bench.kernels;

import io.gcoding.coding.MinNormSolver;
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

/**
 * {@link #BATCH} min-norm solves B_i = pinv(A_i) of ell x r Gaussian matrices with the coding core's
 * {@link MinNormSolver}, the one solver a worker encodes with (host EJML SVD, one core).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class MinNormSolveBenchmark {

    public static final int BATCH = 10_000;

    @Param({"1", "2", "4"})
    public int ell;

    @Param({"4", "10"})
    public int r;

    private final List<double[][]> matrices = new ArrayList<>();

    @Setup(Level.Trial)
    public void setUp() {
        for (int i = 0; i < BATCH; i++) {
            double[][] a = new double[ell][];
            for (int k = 0; k < ell; k++) {
                a[k] = BenchModels.gaussian(r, 1.0, (long) i * ell + k);
            }
            matrices.add(a);
        }
    }

    @Benchmark
    public double[][][] solveBatch() {
        double[][][] out = new double[matrices.size()][][];
        for (int i = 0; i < out.length; i++) {
            out[i] = MinNormSolver.solve(matrices.get(i)).pinv();
        }
        return out;
    }
}
