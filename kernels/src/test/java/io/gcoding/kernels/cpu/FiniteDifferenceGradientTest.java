package io.gcoding.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.HostChunk;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.kernels.TestData;
import io.gcoding.model.GradientChecks;
import io.gcoding.model.ModelSpec;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Checks every model's analytic gradient against central finite differences of the backend's OWN loss, coordinate
 * by coordinate: independent of the reference implementation, so a mistake shared by both would still show.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FiniteDifferenceGradientTest {

    private static final double STEP = 1e-5;
    private ComputeBackend backend;

    @BeforeAll
    void open() {
        backend = new CpuBackendProvider().create(BackendOptions.defaults().withBlasThreads(1));
    }

    @AfterAll
    void close() {
        backend.close();
    }

    static Stream<ModelSpec> models() {
        return Stream.of(ModelSpec.linear(5), ModelSpec.logistic(5), ModelSpec.softmax(5, 3),
                ModelSpec.mlp(5, 3, 4), ModelSpec.mlp(5, 3, 4, 3));
    }

    @ParameterizedTest
    @MethodSource("models")
    void analyticGradientMatchesCentralDifferences(ModelSpec model) {
        HostChunk data = TestData.chunk(model, 12, 42);
        double[] params = TestData.vector(model.parameterCount(), 0.7, 43);
        int[] batch = {0, 2, 3, 5, 7, 11, 2}; // the mini-batch path too
        try (DeviceChunk chunk = backend.upload(data);
                DeviceVector p = backend.allocate(params.length);
                DeviceVector g = backend.allocate(params.length)) {
            for (int[] rows : new int[][] {null, batch}) {
                backend.copyIn(params, p);
                backend.gradient(model, chunk, p, rows, g);
                double[] analytic = backend.copyOut(g);
                int[] batchRows = rows;
                double[] numeric = GradientChecks.centralDifferences(q -> {
                    backend.copyIn(q, p);
                    return backend.gradient(model, chunk, p, batchRows, g);
                }, params, STEP);
                double error = GradientChecks.relativeError(analytic, numeric);
                assertTrue(error < 1e-7, model + (rows == null ? " whole chunk" : " mini-batch")
                        + ": relative error vs finite differences " + error);
            }
        }
    }
}
