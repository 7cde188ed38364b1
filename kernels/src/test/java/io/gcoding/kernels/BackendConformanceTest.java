package io.gcoding.kernels;

import static io.gcoding.model.GradientChecks.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientDecoder;
import io.gcoding.coding.GradientEncoder;
import io.gcoding.coding.MinNormSolver;
import io.gcoding.data.HostChunk;
import io.gcoding.kernels.cpu.CpuRowBlocking;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One conformance suite for every backend (one subclass each): gradients against the plain-loop
 * {@link ReferenceGradient} (the model module's test fixture), mini-batches, encode against its definition and the
 * coding core's {@link GradientEncoder}, and the protocol end to end (the coding core's solver and decoder around the
 * backend's gradients and encode). Relative-norm tolerance 1e-12 throughout.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class BackendConformanceTest {

    static final double TOLERANCE = 1e-12;

    protected ComputeBackend backend;

    /** Whether the backend under test can run here; when not, every test is skipped with the reason. */
    protected abstract Availability availability();

    /** A fresh backend of the kind under test (only called when available). */
    protected abstract ComputeBackend createBackend();

    @BeforeAll
    void open() {
        Availability availability = availability();
        if (availability.available()) {
            backend = createBackend();
        } else {
            System.out.println(getClass().getSimpleName() + " skipped: " + availability.reason());
        }
    }

    @BeforeEach
    void requireBackend() {
        Availability availability = availability();
        assumeTrue(availability.available(), () -> "backend unavailable: " + availability.reason());
    }

    @AfterAll
    void closeBackend() {
        if (backend != null) {
            backend.close();
        }
    }

    static Stream<ModelSpec> models() {
        return Stream.of(ModelSpec.linear(7), ModelSpec.logistic(7), ModelSpec.softmax(7, 4),
                ModelSpec.mlp(7, 4, 6), ModelSpec.mlp(7, 4, 6, 5));
    }

    /** Runs the backend's gradient and returns loss and gradient on the host. */
    protected ReferenceGradient.Result backendGradient(ModelSpec model, HostChunk chunk, double[] params, int[] rows) {
        try (DeviceChunk resident = backend.upload(chunk);
                DeviceVector p = backend.allocate(params.length);
                DeviceVector g = backend.allocate(params.length)) {
            backend.copyIn(params, p);
            double loss = backend.gradient(model, resident, p, rows, g);
            return new ReferenceGradient.Result(loss, backend.copyOut(g));
        }
    }

    private static ReferenceGradient.Result reference(ModelSpec model, HostChunk chunk, double[] params, int[] rows) {
        return ReferenceGradient.of(model, params, chunk.features(), chunk.labels(), rows);
    }

    private static void assertMatches(ReferenceGradient.Result expected, ReferenceGradient.Result actual) {
        assertTrue(Double.isFinite(actual.loss()), "loss " + actual.loss());
        assertEquals(expected.loss(), actual.loss(), TOLERANCE * Math.abs(expected.loss()), "summed loss");
        double error = relativeError(actual.gradient(), expected.gradient());
        assertTrue(error <= TOLERANCE, "relative gradient error " + error);
    }

    @ParameterizedTest
    @MethodSource("models")
    void gradientOfWholeChunkMatchesReference(ModelSpec model) {
        HostChunk chunk = TestData.chunk(model, 41, 1);
        double[] params = TestData.vector(model.parameterCount(), 0.5, 2);
        assertMatches(reference(model, chunk, params, null),
                backendGradient(model, chunk, params, null));
    }

    static Stream<ModelSpec> wideModels() {
        return Stream.of(ModelSpec.linear(300), ModelSpec.logistic(300), ModelSpec.softmax(300, 4),
                ModelSpec.mlp(300, 4, 6, 5), ModelSpec.mlp(300, 3, 70));
    }

    /** Enough rows and features that a CPU backend streams the batch in several row blocks (and a partial one). */
    @ParameterizedTest
    @MethodSource("wideModels")
    void gradientOverSeveralRowBlocksMatchesReference(ModelSpec model) {
        HostChunk chunk = TestData.chunk(model, 1100, 12);
        double[] params = TestData.vector(model.parameterCount(), 0.1, 13);
        assertMatches(reference(model, chunk, params, null),
                backendGradient(model, chunk, params, null));
        int[] rows = java.util.stream.IntStream.range(0, 900).map(i -> (i * 7) % 1100).toArray();
        assertMatches(reference(model, chunk, params, rows),
                backendGradient(model, chunk, params, rows));
    }

    /**
     * LINEAR and LOGISTIC at the edges of the CPU row blocks ({@link CpuRowBlocking}) on both sides of the width
     * where the CPU switches from the one-pass row loop to two GEMVs per block (2,048 and 2,049 features): one row,
     * a block less one row, exactly one block, one row more, and two blocks and a partial one; whole chunks and a
     * mini-batch of the same size, into a gradient buffer holding stale values that must be overwritten.
     */
    static Stream<Arguments> rowBlockEdges() {
        List<Arguments> cases = new ArrayList<>();
        for (int features : new int[] {300, CpuRowBlocking.FUSED_ROW_MAX_COLS, CpuRowBlocking.FUSED_ROW_MAX_COLS + 1}) {
            int block = CpuRowBlocking.rows(features, 1);
            for (int rows : new int[] {1, block - 1, block, block + 1, 2 * block + 3}) {
                cases.add(Arguments.of(ModelSpec.linear(features), rows));
                cases.add(Arguments.of(ModelSpec.logistic(features), rows));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1} rows")
    @MethodSource("rowBlockEdges")
    void generalizedLinearGradientAtRowBlockEdgesMatchesReference(ModelSpec model, int rows) {
        HostChunk chunk = TestData.chunk(model, rows, 21);
        double[] params = TestData.vector(model.parameterCount(), 0.05, 22);
        int[] batch = java.util.stream.IntStream.range(0, rows).map(i -> (i * 5 + 3) % rows).toArray();
        try (DeviceChunk resident = backend.upload(chunk);
                DeviceVector p = backend.allocate(params.length);
                DeviceVector g = backend.allocate(params.length)) {
            backend.copyIn(params, p);
            for (int[] selection : new int[][] {null, batch}) {
                backend.copyIn(TestData.vector(params.length, 7.0, 23), g); // stale values
                double loss = backend.gradient(model, resident, p, selection, g);
                assertMatches(reference(model, chunk, params, selection),
                        new ReferenceGradient.Result(loss, backend.copyOut(g)));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void miniBatchUsesExactlyTheGivenRows(ModelSpec model) {
        HostChunk chunk = TestData.chunk(model, 41, 3);
        double[] params = TestData.vector(model.parameterCount(), 0.5, 4);
        int[] rows = {40, 3, 3, 17, 0, 22, 9}; // unordered, with a repeat
        assertMatches(reference(model, chunk, params, rows),
                backendGradient(model, chunk, params, rows));
    }

    @ParameterizedTest
    @MethodSource("models")
    void chunkGradientsAddUpToTheFullGradient(ModelSpec model) {
        HostChunk all = TestData.chunk(model, 60, 5);
        double[] params = TestData.vector(model.parameterCount(), 0.5, 6);
        double[] sum = new double[model.parameterCount()];
        double loss = 0;
        for (int[] range : new int[][] {{0, 13}, {13, 40}, {40, 60}}) {
            int rows = range[1] - range[0];
            double[] features = new double[rows * all.cols()];
            System.arraycopy(all.features(), range[0] * all.cols(), features, 0, features.length);
            double[] labels = java.util.Arrays.copyOfRange(all.labels(), range[0], range[1]);
            ReferenceGradient.Result part = backendGradient(model, new HostChunk(rows, all.cols(), features, labels),
                    params, null);
            loss += part.loss();
            for (int i = 0; i < sum.length; i++) {
                sum[i] += part.gradient()[i];
            }
        }
        assertMatches(reference(model, all, params, null), new ReferenceGradient.Result(loss, sum));
    }

    @Test
    void repeatedGradientsOnChunksOfDifferentSizesAreIndependent() {
        ModelSpec model = ModelSpec.mlp(7, 4, 6, 5);
        HostChunk big = TestData.chunk(model, 50, 7);
        HostChunk small = TestData.chunk(model, 5, 8);
        double[] params = TestData.vector(model.parameterCount(), 0.5, 9);
        try (DeviceChunk b = backend.upload(big); DeviceChunk s = backend.upload(small);
                DeviceVector p = backend.allocate(params.length); DeviceVector g = backend.allocate(params.length)) {
            backend.copyIn(params, p);
            double first = backend.gradient(model, b, p, null, g);
            double[] firstGrad = backend.copyOut(g);
            backend.gradient(model, s, p, new int[] {1, 2}, g);
            double again = backend.gradient(model, b, p, null, g);
            assertEquals(first, again, 0.0);
            assertArrayEquals(firstGrad, backend.copyOut(g), 0.0);
        }
    }

    @ParameterizedTest
    @MethodSource("models")
    void extremeLogitsGiveFiniteLossesThatMatchTheReference(ModelSpec model) {
        HostChunk chunk = TestData.chunk(model, 30, 10);
        double[] params = TestData.vector(model.parameterCount(), 200.0, 11); // logits in the thousands
        ReferenceGradient.Result expected = reference(model, chunk, params, null);
        ReferenceGradient.Result actual = backendGradient(model, chunk, params, null);
        assertTrue(Double.isFinite(expected.loss()), "the reference itself must stay finite");
        for (double v : actual.gradient()) {
            assertTrue(Double.isFinite(v), "gradient entry " + v);
        }
        assertMatches(expected, actual);
    }

    // ---- encode -------------------------------------------------------------------------------------------------

    /** out[x] = sum_i sum_k c[i][k] g_i[k L + x], with entries past g_i's length counting as zero. */
    static double[] encodeByDefinition(List<double[]> grads, double[][] coeffs, int blockLength) {
        double[] out = new double[blockLength];
        for (int i = 0; i < grads.size(); i++) {
            for (int k = 0; k < coeffs[i].length; k++) {
                for (int x = 0; x < blockLength; x++) {
                    int at = k * blockLength + x;
                    out[x] += coeffs[i][k] * (at < grads.get(i).length ? grads.get(i)[at] : 0.0);
                }
            }
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void encodeMatchesDefinitionIncludingZeroPadding(int ell) {
        int d = 5003; // not a multiple of 2, 3 or 4: the last block is padded
        int blockLength = (d + ell - 1) / ell;
        int[] lengths = {d, d, d - 17, d}; // a shorter vector pads more
        List<double[]> host = new ArrayList<>();
        List<DeviceVector> device = new ArrayList<>();
        double[][] coeffs = new double[lengths.length][];
        try (DeviceVector out = backend.allocate(blockLength)) {
            for (int i = 0; i < lengths.length; i++) {
                double[] g = TestData.vector(lengths[i], 1.0, 20 + i);
                host.add(g);
                DeviceVector v = backend.allocate(g.length);
                backend.copyIn(g, v);
                device.add(v);
                coeffs[i] = TestData.vector(ell, 1.0, 30 + i);
            }
            coeffs[1][0] = 0.0; // skipped terms must not matter
            backend.copyIn(TestData.vector(blockLength, 1.0, 99), out); // stale contents must be overwritten
            backend.encode(device, coeffs, out);
            double[] expected = encodeByDefinition(host, coeffs, blockLength);
            assertTrue(relativeError(backend.copyOut(out), expected) <= TOLERANCE);
        } finally {
            device.forEach(DeviceVector::close);
        }
    }

    /**
     * Block lengths past the CPU encode's 65,536-element output tile (two and three tiles), where each gradient's
     * ell blocks are combined by one call per tile: gradients that end inside the first or the last tile of a block
     * (the split into covered and uncovered columns), one shorter than a single block, and a gradient with a zero
     * coefficient (which takes the term-by-term path).
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void encodeMatchesDefinitionAcrossOutputTiles(int ell) {
        int tile = 1 << 16;
        int blockLength = ell == 1 ? 2 * tile + 313 : tile + 101 * ell;
        int d = ell * blockLength - (ell - 1); // the last block is short by ell - 1
        int[] lengths = {d, d - 17, blockLength - 7, (ell - 1) * blockLength + tile + 50,
                (ell - 1) * blockLength + 5, d};
        List<double[]> host = new ArrayList<>();
        List<DeviceVector> device = new ArrayList<>();
        double[][] coeffs = new double[lengths.length][];
        try (DeviceVector out = backend.allocate(blockLength)) {
            for (int i = 0; i < lengths.length; i++) {
                double[] g = TestData.vector(Math.max(1, Math.min(lengths[i], d)), 1.0, 40 + i);
                host.add(g);
                DeviceVector v = backend.allocate(g.length);
                backend.copyIn(g, v);
                device.add(v);
                coeffs[i] = TestData.vector(ell, 1.0, 50 + i);
            }
            coeffs[5][ell - 1] = 0.0;
            backend.copyIn(TestData.vector(blockLength, 1.0, 98), out);
            backend.encode(device, coeffs, out);
            double[] expected = encodeByDefinition(host, coeffs, blockLength);
            assertTrue(relativeError(backend.copyOut(out), expected) <= TOLERANCE);
        } finally {
            device.forEach(DeviceVector::close);
        }
    }

    @Test
    void encodeOfNoChunksIsZero() {
        try (DeviceVector out = backend.allocate(10)) {
            backend.copyIn(TestData.vector(10, 1.0, 1), out);
            backend.encode(List.of(), new double[0][], out);
            assertArrayEquals(new double[10], backend.copyOut(out), 0.0);
        }
    }

    @Test
    void encodeRejectsShapesThatDoNotFit() {
        try (DeviceVector g = backend.allocate(10); DeviceVector out = backend.allocate(4)) {
            IllegalArgumentException tooLong = assertThrows(IllegalArgumentException.class,
                    () -> backend.encode(List.of(g), new double[][] {{1.0, 1.0}}, out));
            assertTrue(tooLong.getMessage().contains("ceil(d / ell)"), tooLong.getMessage());
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> backend.encode(List.of(g), new double[][] {{1.0, 1.0, 1.0}, {1.0, 1.0, 1.0}}, out));
            assertTrue(count.getMessage().contains("coefficient rows"), count.getMessage());
            IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                    () -> backend.encode(List.of(g), new double[][] {{1.0, Double.NaN, 1.0}}, out));
            assertTrue(nan.getMessage().contains("finite"), nan.getMessage());
        }
    }

    // ---- the protocol end to end --------------------------------------------------------------------------------

    /**
     * PROTOCOL.md §2 with every worker done: cyclic assignment (chunk i on workers i..i+r-1), random Theta,
     * B_i = pinv(Theta[:, W(i)]) by the coding core's {@link MinNormSolver}, each worker encodes its chunks on the
     * backend with its rows of the B_i, the PS decodes with {@link GradientDecoder}. With r >= ell the decoded
     * gradient equals the summed gradient.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void encodeSolveDecodeRecoversTheSummedGradient(int ell) {
        ModelSpec model = ModelSpec.softmax(6, 3);
        int n = 5;
        int replication = 3;
        int d = model.parameterCount();
        int blockLength = (d + ell - 1) / ell;
        DecodingMatrix theta = DecodingMatrix.gaussian(ell, n, 400 + ell);
        double[] params = TestData.vector(d, 0.5, 401);
        List<DeviceVector> grads = new ArrayList<>();
        double[] direct = new double[d];
        try (DeviceVector p = backend.allocate(d)) {
            backend.copyIn(params, p);
            for (int i = 0; i < n; i++) {
                try (DeviceChunk chunk = backend.upload(TestData.chunk(model, 20, 500 + i))) {
                    DeviceVector g = backend.allocate(d);
                    backend.gradient(model, chunk, p, null, g);
                    grads.add(g);
                    double[] host = backend.copyOut(g);
                    for (int x = 0; x < d; x++) {
                        direct[x] += host[x];
                    }
                }
            }
            double[][][] b = new double[n][][];
            for (int i = 0; i < n; i++) {
                double[][] a = new double[ell][replication];
                for (int k = 0; k < ell; k++) {
                    for (int t = 0; t < replication; t++) {
                        a[k][t] = theta.get(k, (i + t) % n);
                    }
                }
                b[i] = MinNormSolver.solve(a).pinv();
            }
            double[][] uploads = new double[n][];
            for (int j = 0; j < n; j++) {
                List<DeviceVector> mine = new ArrayList<>();
                List<double[]> coeffs = new ArrayList<>();
                for (int t = 0; t < replication; t++) {
                    int chunk = ((j - t) % n + n) % n; // worker j holds chunk i when j = i + t
                    mine.add(grads.get(chunk));
                    coeffs.add(b[chunk][t]);
                }
                try (DeviceVector out = backend.allocate(blockLength)) {
                    backend.encode(mine, coeffs.toArray(new double[0][]), out);
                    uploads[j] = backend.copyOut(out);
                }
            }
            double[] decoded = GradientDecoder.decode(theta, uploads, new BlockLayout(d, ell));
            assertTrue(relativeError(decoded, direct) <= TOLERANCE, "decoded vs summed gradient");
        } finally {
            grads.forEach(DeviceVector::close);
        }
    }

    // ---- agreement with the coding core (io.gcoding.coding) -----------------------------------------------------

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4})
    void encodeAgreesWithTheCodingCoreReference(int ell) {
        BlockLayout layout = new BlockLayout(7850, ell);
        double[][] grads = new double[6][];
        double[][] coeffs = new double[6][];
        List<DeviceVector> device = new ArrayList<>();
        try (DeviceVector out = backend.allocate(layout.blockLength())) {
            for (int i = 0; i < grads.length; i++) {
                grads[i] = TestData.vector(layout.dimension(), 1.0, 600 + i);
                coeffs[i] = TestData.vector(ell, 1.0, 700 + i);
                DeviceVector v = backend.allocate(grads[i].length);
                backend.copyIn(grads[i], v);
                device.add(v);
            }
            backend.encode(device, coeffs, out);
            double[] expected = GradientEncoder.encode(grads, coeffs, layout);
            assertTrue(relativeError(backend.copyOut(out), expected) <= TOLERANCE);
        } finally {
            device.forEach(DeviceVector::close);
        }
    }

    // ---- input validation and lifecycle -------------------------------------------------------------------------

    @Test
    void gradientRejectsInconsistentShapesWithTheFix() {
        ModelSpec model = ModelSpec.softmax(7, 4);
        try (DeviceChunk chunk = backend.upload(TestData.chunk(model, 10, 1));
                DeviceVector p = backend.allocate(model.parameterCount());
                DeviceVector shortVector = backend.allocate(3);
                DeviceVector g = backend.allocate(model.parameterCount())) {
            IllegalArgumentException length = assertThrows(IllegalArgumentException.class,
                    () -> backend.gradient(model, chunk, shortVector, null, g));
            assertTrue(length.getMessage().contains("d = 32"), length.getMessage());
            IllegalArgumentException cols = assertThrows(IllegalArgumentException.class,
                    () -> backend.gradient(ModelSpec.softmax(8, 4), chunk, p, null, g));
            assertTrue(cols.getMessage().contains("inputDim 8"), cols.getMessage());
            IllegalArgumentException rows = assertThrows(IllegalArgumentException.class,
                    () -> backend.gradient(model, chunk, p, new int[] {0, 10}, g));
            assertTrue(rows.getMessage().contains("rows[1] = 10"), rows.getMessage());
            assertThrows(IllegalArgumentException.class, () -> backend.gradient(model, chunk, p, new int[0], g));
            IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                    () -> backend.gradient(ModelSpec.softmax(7, 2), chunk, backend.allocate(16), null,
                            backend.allocate(16)));
            assertTrue(classes.getMessage().contains("raise classes"), classes.getMessage());
            IllegalArgumentException binary = assertThrows(IllegalArgumentException.class,
                    () -> backend.gradient(ModelSpec.logistic(7), chunk, backend.allocate(8), null,
                            backend.allocate(8)));
            assertTrue(binary.getMessage().contains("0 or 1"), binary.getMessage());
        }
    }

    @Test
    void uploadRejectsNonFiniteFeatures() {
        double[] features = new double[6];
        features[4] = Double.POSITIVE_INFINITY;
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> backend.upload(new HostChunk(2, 3, features, new double[2])));
        assertTrue(e.getMessage().contains("row 1, column 1"), e.getMessage());
    }

    @Test
    void vectorsAreZeroFilledAndRoundTrip() {
        try (DeviceVector v = backend.allocate(1000)) {
            assertArrayEquals(new double[1000], backend.copyOut(v), 0.0);
            double[] values = TestData.vector(1000, 1.0, 3);
            backend.copyIn(values, v);
            assertArrayEquals(values, backend.copyOut(v), 0.0);
            assertThrows(IllegalArgumentException.class, () -> backend.copyIn(new double[999], v));
        }
    }

    @Test
    void closingReleasesHandlesAndLaterUseFailsClearly() {
        ComputeBackend other = createBackend();
        DeviceVector v = other.allocate(5);
        DeviceChunk chunk = other.upload(TestData.chunk(ModelSpec.linear(3), 4, 1));
        DeviceVector closedEarly = other.allocate(5);
        closedEarly.close();
        closedEarly.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> other.copyOut(closedEarly));
        IllegalArgumentException foreign = assertThrows(IllegalArgumentException.class, () -> backend.copyOut(v));
        assertTrue(foreign.getMessage().contains("allocate it with this backend"), foreign.getMessage());
        other.close();
        other.close(); // idempotent
        assertThrows(IllegalStateException.class, () -> other.copyOut(v));
        assertThrows(IllegalStateException.class, () -> other.allocate(3));
        chunk.close(); // closing after the backend is harmless
        v.close();
    }
}
