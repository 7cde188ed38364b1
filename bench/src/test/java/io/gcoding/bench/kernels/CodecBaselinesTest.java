package io.gcoding.bench.kernels;

import io.gcoding.model.GradientChecks;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientDecoder;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceVector;
import java.util.ArrayList;
import java.util.List;
import org.bytedeco.javacpp.DoublePointer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The "before" kernels of {@link CodecBaselineBenchmark} compute what the blocked ones of
 * {@link EncodeDecodeBenchmark} compute on the same data, so the report's speed-ups compare the same work.
 */
class CodecBaselinesTest {

    @ParameterizedTest
    @ValueSource(ints = {1, 4})
    void beforeAndAfterAgree(int ell) {
        CodecBaselineBenchmark before = new CodecBaselineBenchmark();
        before.model = "softmax";
        before.ell = ell;
        before.blasThreads = 1;
        before.setUp();
        int d = BenchModels.model("softmax", BenchModels.FASHION_FEATURES, BenchModels.FASHION_CLASSES)
                .parameterCount();
        BlockLayout layout = new BlockLayout(d, ell);
        try (ComputeBackend backend = BenchModels.backend("cpu", 1)) {
            // the data of EncodeDecodeBenchmark.setUp
            List<DeviceVector> grads = new ArrayList<>();
            double[][] coeffs = new double[EncodeDecodeBenchmark.CHUNKS][];
            for (int i = 0; i < coeffs.length; i++) {
                DeviceVector g = backend.allocate(d);
                backend.copyIn(BenchModels.gaussian(d, 1.0, 100 + i), g);
                grads.add(g);
                coeffs[i] = BenchModels.gaussian(ell, 1.0, 200 + i);
            }
            DeviceVector out = backend.allocate(layout.blockLength());
            backend.encode(grads, coeffs, out);
            DoublePointer old = before.encodeDaxpyTiles();
            double[] oldEncode = new double[layout.blockLength()];
            old.get(oldEncode);
            assertTrue(GradientChecks.relativeError(backend.copyOut(out), oldEncode) <= 1e-14, "encode");
        }
        DecodingMatrix theta = DecodingMatrix.gaussian(ell, EncodeDecodeBenchmark.WORKERS, 300);
        double[][] uploads = new double[EncodeDecodeBenchmark.WORKERS][];
        for (int j = 0; j < uploads.length; j++) {
            uploads[j] = j % 10 == 3 ? null : BenchModels.gaussian(layout.blockLength(), 1.0, 400 + j);
        }
        assertTrue(GradientChecks.relativeError(GradientDecoder.decode(theta, uploads, layout), before.decodeWorkerByWorker())
                <= 1e-14, "decode");
        before.tearDown();
    }
}
