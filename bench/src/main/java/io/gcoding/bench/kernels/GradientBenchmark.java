package io.gcoding.bench.kernels;

import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
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

/**
 * One chunk's full gradient through a backend, data resident, as a worker computes it each round, for the shapes of
 * {@link BenchModels.Shape}: Fashion-MNIST chunks of 2,000 and 8,000 rows and the synthetic large case. Run with
 * {@code -p backend=cpu,cuda} on a GPU machine.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class GradientBenchmark {

    @Param({"linear", "logistic", "softmax", "mlp1", "mlp2"})
    public String model;

    @Param({"2000x784", "8000x784", "16384x4096"})
    public String shape;

    @Param({"cpu"})
    public String backend;

    @Param({"1"})
    public int blasThreads;

    private ComputeBackend compute;
    private ModelSpec spec;
    private DeviceChunk chunk;
    private DeviceVector params;
    private DeviceVector grad;

    @Setup(Level.Trial)
    public void setUp() {
        BenchModels.Shape dims = BenchModels.Shape.parse(shape);
        spec = dims.model(model);
        int n = dims.rows();
        compute = BenchModels.backend(backend, blasThreads);
        chunk = compute.upload(BenchModels.chunk(spec, n, 11));
        params = compute.allocate(spec.parameterCount());
        grad = compute.allocate(spec.parameterCount());
        compute.copyIn(BenchModels.gaussian(spec.parameterCount(), 0.05, 12), params);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    @Benchmark
    public double gradient() {
        return compute.gradient(spec, chunk, params, null, grad);
    }
}
