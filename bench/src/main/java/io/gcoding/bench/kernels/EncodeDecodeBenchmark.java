package io.gcoding.bench.kernels;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientDecoder;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceVector;
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

/**
 * The coding arithmetic around the gradients, for the gradient sizes of the Fashion-MNIST models ({@code softmax}:
 * d = 7,850; {@code mlp2}: d = 235,146):
 * <ul>
 *   <li>{@code encode}: a worker combines its {@link #CHUNKS} resident chunk gradients into one upload of length
 *       L = ceil(d / ell) (PROTOCOL.md §2.6); reads every gradient once.</li>
 *   <li>{@code decode}: the PS combines {@link #WORKERS} uploads (two missing) into ghat (§2.7) with the coding
 *       core's {@link GradientDecoder}, which is what the coordinator runs (on the host, whatever the backend).</li>
 * </ul>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class EncodeDecodeBenchmark {

    /** Chunks per worker (s_j at encode time). */
    public static final int CHUNKS = 10;
    /** Workers uploading to the PS. */
    public static final int WORKERS = 20;

    @Param({"softmax", "mlp2"})
    public String model;

    @Param({"1", "4"})
    public int ell;

    @Param({"cpu"})
    public String backend;

    @Param({"1"})
    public int blasThreads;

    private ComputeBackend compute;
    private final List<DeviceVector> grads = new ArrayList<>();
    private double[][] coeffs;
    private DeviceVector out;
    private DecodingMatrix theta;
    private double[][] uploads;
    private BlockLayout layout;

    @Setup(Level.Trial)
    public void setUp() {
        int d = BenchModels.model(model, BenchModels.FASHION_FEATURES, BenchModels.FASHION_CLASSES).parameterCount();
        layout = new BlockLayout(d, ell);
        int blockLength = layout.blockLength();
        compute = BenchModels.backend(backend, blasThreads);
        coeffs = new double[CHUNKS][];
        for (int i = 0; i < CHUNKS; i++) {
            DeviceVector g = compute.allocate(d);
            compute.copyIn(BenchModels.gaussian(d, 1.0, 100 + i), g);
            grads.add(g);
            coeffs[i] = BenchModels.gaussian(ell, 1.0, 200 + i);
        }
        out = compute.allocate(blockLength);
        theta = DecodingMatrix.gaussian(ell, WORKERS, 300);
        uploads = new double[WORKERS][];
        for (int j = 0; j < WORKERS; j++) {
            uploads[j] = j % 10 == 3 ? null : BenchModels.gaussian(blockLength, 1.0, 400 + j);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        compute.close();
    }

    @Benchmark
    public DeviceVector encode() {
        compute.encode(grads, coeffs, out);
        return out;
    }

    @Benchmark
    public double[] decode() {
        return GradientDecoder.decode(theta, uploads, layout);
    }
}
