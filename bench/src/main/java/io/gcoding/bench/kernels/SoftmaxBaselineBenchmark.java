package io.gcoding.bench.kernels;

import io.gcoding.data.HostChunk;
import io.gcoding.model.ModelSpec;
import java.util.concurrent.TimeUnit;
import org.ejml.data.DMatrixRMaj;
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
 * The same SOFTMAX chunk gradient as {@link GradientBenchmark} ({@code model=softmax}) with EJML and with plain Java
 * loops (single-threaded, like the OpenBLAS run with one thread), for the speed-up of the BLAS backend.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class SoftmaxBaselineBenchmark {

    @Param({"2000x784", "8000x784"})
    public String shape;

    private HostChunk chunk;
    private DMatrixRMaj features;
    private double[] params;
    private double[] grad;
    private int classes;

    @Setup(Level.Trial)
    public void setUp() {
        BenchModels.Shape dims = BenchModels.Shape.parse(shape);
        ModelSpec spec = dims.model("softmax");
        classes = spec.classes();
        chunk = BenchModels.chunk(spec, dims.rows(), 11);
        features = DMatrixRMaj.wrap(chunk.rows(), chunk.cols(), chunk.features());
        params = BenchModels.gaussian(spec.parameterCount(), 0.05, 12);
        grad = new double[spec.parameterCount()];
    }

    @Benchmark
    public double ejml() {
        return SoftmaxBaselines.ejml(features, chunk.labels(), params, classes, grad);
    }

    @Benchmark
    public double plainLoops() {
        return SoftmaxBaselines.loops(chunk, params, classes, grad);
    }
}
