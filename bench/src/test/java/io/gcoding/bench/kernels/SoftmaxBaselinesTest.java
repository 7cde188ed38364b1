package io.gcoding.bench.kernels;

import io.gcoding.model.GradientChecks;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.data.HostChunk;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
import java.util.List;
import org.ejml.data.DMatrixRMaj;
import org.junit.jupiter.api.Test;

/** The baselines must compute the same gradient as the backend, or the speed-up would compare different work. */
class SoftmaxBaselinesTest {

    @Test
    void ejmlAndLoopsMatchTheBackend() {
        assertEquals(100, BenchModels.Shape.parse("10x4096").classes(), "other feature counts: the large case");
        ModelSpec fashion = BenchModels.Shape.parse("300x784").model("softmax");
        HostChunk chunk = BenchModels.chunk(fashion, 300, 1);
        double[] params = BenchModels.gaussian(fashion.parameterCount(), 0.05, 2);
        double[] expected;
        double expectedLoss;
        try (ComputeBackend backend = BenchModels.backend("cpu", 1);
                DeviceChunk resident = backend.upload(chunk);
                DeviceVector p = backend.allocate(params.length);
                DeviceVector g = backend.allocate(params.length)) {
            backend.copyIn(params, p);
            expectedLoss = backend.gradient(fashion, resident, p, null, g);
            expected = backend.copyOut(g);
        }
        double[] viaEjml = new double[params.length];
        double ejmlLoss = SoftmaxBaselines.ejml(DMatrixRMaj.wrap(300, 784, chunk.features()), chunk.labels(),
                params, fashion.classes(), viaEjml);
        double[] viaLoops = new double[params.length];
        double loopsLoss = SoftmaxBaselines.loops(chunk, params, fashion.classes(), viaLoops);
        assertTrue(GradientChecks.relativeError(viaEjml, expected) < 1e-12, "EJML gradient");
        assertTrue(GradientChecks.relativeError(viaLoops, expected) < 1e-12, "loops gradient");
        assertEquals(expectedLoss, ejmlLoss, 1e-12 * expectedLoss);
        assertEquals(expectedLoss, loopsLoss, 1e-12 * expectedLoss);
    }

    @Test
    void gemmPlanCountsTheGradientsFlops() {
        ModelSpec softmax = ModelSpec.softmax(784, 10);
        assertEquals(4L * 2000 * 784 * 10, GemmPlan.flops(softmax, 2000)); // forward + dW
        ModelSpec mlp = ModelSpec.mlp(784, 10, 128);
        List<GemmPlan.Call> calls = GemmPlan.of(mlp, 100);
        assertEquals(List.of(new GemmPlan.Call(false, false, 100, 128, 784), new GemmPlan.Call(false, false, 100, 10,
                128), new GemmPlan.Call(true, false, 128, 10, 100), new GemmPlan.Call(false, true, 100, 128, 10),
                new GemmPlan.Call(true, false, 784, 128, 100)), calls);
    }
}
