package io.gcoding.bench.kernels;

import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.CblasTrans;
import static org.bytedeco.openblas.global.openblas_full.cblas_daxpy;
import static org.bytedeco.openblas.global.openblas_full.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemm;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemv;
import static org.bytedeco.openblas.global.openblas_full.openblas_set_num_threads;

import io.gcoding.kernels.cpu.CpuRowBlocking;
import io.gcoding.model.ModelSpec;
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
 * Only the BLAS calls of the CPU backend's gradient: the same shapes, the same row blocks ({@link CpuRowBlocking}),
 * the same off-heap OpenBLAS, none of the elementwise work, copies or validation. For SOFTMAX/MLP these are the
 * dgemm calls ("dgemm at the gradient's shape"); for {@code linear} (LOGISTIC makes the same calls) a ddot and a
 * daxpy per row where the backend fuses rows ({@link CpuRowBlocking#fusedRows}), else the dgemv pair per block. The gradient can at best match it. Same parameters as {@link GradientBenchmark}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class BlasOnlyBenchmark {

    @Param({"linear", "softmax", "mlp1", "mlp2"})
    public String model;

    @Param({"2000x784", "8000x784", "16384x4096"})
    public String shape;

    @Param({"1"})
    public int blasThreads;

    private int[] sizes;
    private int rows;
    private int block;
    private DoublePointer x;
    private DoublePointer[] weights;
    private DoublePointer[] weightGrads;
    private DoublePointer[] activations; // activations[l] for l >= 1: block x sizes[l]
    private DoublePointer[] deltas; // deltas[l]: block x sizes[l + 1]

    @Setup(Level.Trial)
    public void setUp() {
        openblas_set_num_threads(blasThreads);
        BenchModels.Shape dims = BenchModels.Shape.parse(shape);
        ModelSpec spec = dims.model(model);
        sizes = spec.layerSizes();
        rows = dims.rows();
        block = Math.min(rows, CpuRowBlocking.rows(sizes[0], sizes[1]));
        int layers = sizes.length - 1;
        x = new DoublePointer(BenchModels.gaussian(Math.multiplyExact(rows, sizes[0]), 1.0, 1));
        weights = new DoublePointer[layers];
        weightGrads = new DoublePointer[layers];
        activations = new DoublePointer[layers];
        deltas = new DoublePointer[layers];
        for (int l = 0; l < layers; l++) {
            weights[l] = new DoublePointer(BenchModels.gaussian(sizes[l] * sizes[l + 1], 0.05, 2 + l));
            weightGrads[l] = new DoublePointer((long) sizes[l] * sizes[l + 1]);
            activations[l] = new DoublePointer(BenchModels.gaussian(block * sizes[l], 1.0, 10 + l));
            deltas[l] = new DoublePointer(BenchModels.gaussian(block * sizes[l + 1], 1.0, 20 + l));
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        x.close();
        for (int l = 0; l < weights.length; l++) {
            weights[l].close();
            weightGrads[l].close();
            activations[l].close();
            deltas[l].close();
        }
    }

    private static void gemm(boolean ta, boolean tb, int m, int n, int k, DoublePointer a, int lda, DoublePointer b,
            int ldb, double beta, DoublePointer c, int ldc) {
        cblas_dgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0, a,
                lda, b, ldb, beta, c, ldc);
    }

    @Benchmark
    public DoublePointer blasOnly() {
        if (sizes[sizes.length - 1] != 1) {
            return gemms();
        }
        return CpuRowBlocking.fusedRows(sizes[0]) ? rowPasses() : gemvPairs();
    }

    /** The one-pass LINEAR/LOGISTIC row loop: ddot, then daxpy of the same row (the residual is the dot here). */
    private DoublePointer rowPasses() {
        int p = sizes[0];
        DoublePointer row = new DoublePointer(x);
        weightGrads[0].zero();
        for (int i = 0; i < rows; i++) {
            row.position((long) i * p);
            double r = cblas_ddot(p, row, 1, weights[0], 1);
            cblas_daxpy(p, r, row, 1, weightGrads[0], 1);
        }
        return weightGrads[0];
    }

    private DoublePointer gemvPairs() {
        int p = sizes[0];
        DoublePointer xb = new DoublePointer(x);
        DoublePointer z = new DoublePointer(deltas[0]);
        for (int start = 0; start < rows; start += block) {
            int n = Math.min(block, rows - start);
            xb.position((long) start * p);
            cblas_dgemv(CblasRowMajor, CblasNoTrans, n, p, 1.0, xb, p, weights[0], 1, 0.0, z, 1);
            cblas_dgemv(CblasRowMajor, CblasTrans, n, p, 1.0, xb, p, z, 1, start == 0 ? 0.0 : 1.0, weightGrads[0], 1);
        }
        return weightGrads[0];
    }

    private DoublePointer gemms() {
        int layers = sizes.length - 1;
        DoublePointer xb = new DoublePointer(x);
        for (int start = 0; start < rows; start += block) {
            int n = Math.min(block, rows - start);
            double beta = start == 0 ? 0.0 : 1.0;
            xb.position((long) start * sizes[0]);
            for (int l = 0; l < layers; l++) {
                DoublePointer in = l == 0 ? xb : activations[l];
                DoublePointer out = l + 1 < layers ? activations[l + 1] : deltas[l];
                gemm(false, false, n, sizes[l + 1], sizes[l], in, sizes[l], weights[l], sizes[l + 1], 0.0, out,
                        sizes[l + 1]);
            }
            for (int l = layers - 1; l >= 0; l--) {
                DoublePointer in = l == 0 ? xb : activations[l];
                gemm(true, false, sizes[l], sizes[l + 1], n, in, sizes[l], deltas[l], sizes[l + 1], beta,
                        weightGrads[l], sizes[l + 1]);
                if (l > 0) {
                    gemm(false, true, n, sizes[l], sizes[l + 1], deltas[l], sizes[l + 1], weights[l], sizes[l + 1],
                            0.0, deltas[l - 1], sizes[l]);
                }
            }
        }
        return weightGrads[0];
    }
}
