package io.gcoding.worker;

import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientEncoder;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.StateVector;
import io.gcoding.data.Chunking;
import io.gcoding.data.Dataset;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.HostChunk;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ReferenceGradient;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One real {@link WorkerClient} (worker {@value #WORKER}, CPU backend behind a {@link GatedBackend}) connected to a
 * {@link ScriptedCoordinator}, plus the plain-Java reference for what it must upload.
 *
 * <p>The session: m = 4 workers, N = 4 chunks, each worker holds 3 chunks (cyclic, replication 3); worker 1
 * processes its chunks in the order 3, 1, 2 (not sorted, so the order matters). A softmax model on synthetic data
 * with 4 features and 3 classes: d = 15, odd, so ell = 2 pads the last block.
 */
final class WorkerFixture implements AutoCloseable {
    static final int WORKER = 1;
    static final int WORKERS = 4;
    static final int CHUNKS = 4;
    static final int[][] ORDERS = {{0, 1, 2}, {3, 1, 2}, {2, 3, 0}, {3, 0, 1}};
    static final int DELTA = ORDERS[WORKER].length;
    static final String TOKEN = "worker-test-token";
    static final String DATASET = "synthetic:rows=120,test=10,features=4,classes=3,task=softmax";
    static final long DATA_SEED = 7;
    static final ModelSpec SHAPE = ModelSpec.softmax(4, 3);
    static final ModelSpec MODEL = ModelSpec.softmax(4, 3);
    static final int D = MODEL.parameterCount();
    static final String THETA = "gaussian:11";

    final ScriptedCoordinator coordinator;
    final GatedBackend backend;
    final LogCapture logs = new LogCapture();
    final List<String> crashes = new CopyOnWriteArrayList<>();
    final WorkerClient client;
    final CompletableFuture<String> finished;

    /** Starts the worker and checks its Hello. */
    WorkerFixture(GatedBackend backend) throws Exception {
        this(backend, WorkerClock.SYSTEM);
    }

    /** The same, on the given clock. */
    WorkerFixture(GatedBackend backend, WorkerClock clock) throws Exception {
        this.backend = backend;
        this.coordinator = new ScriptedCoordinator();
        this.client = WorkerClient.builder(WORKER, TOKEN, coordinator.channel(), () -> backend)
                .onInjectedFailure(crashes::add).clock(clock).build();
        this.finished = client.start();
        Messages.Hello hello = coordinator.expect(Messages.Hello.class);
        assertEquals(WORKER, hello.workerId());
        assertEquals(TOKEN, hello.authToken());
        assertEquals("cpu", hello.backend());
        assertFalse(hello.replacement());
    }

    static SessionConfig config(int ell, long firstRound) {
        return config(ell, firstRound, "");
    }

    static SessionConfig config(int ell, long firstRound, String stragglers) {
        SessionConfig c = SessionConfig.builder().coding(WORKERS, CHUNKS, ell, THETA, ORDERS).model(SHAPE)
                .data(DATASET, DATA_SEED, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("sgd").stragglers(stragglers)
                .firstRound(firstRound).build();
        assertEquals(D, SHAPE.parameterCount(), "the wire's model shape and the kernels' layout agree");
        return c;
    }

    /** A seeded, non-trivial parameter vector. */
    static double[] params(long seed) {
        Random r = new Random(seed);
        double[] w = new double[D];
        for (int i = 0; i < D; i++) {
            w[i] = 0.5 * r.nextGaussian();
        }
        return w;
    }

    /**
     * What worker {@value #WORKER} must upload for ENCODE(state) at {@code params} (PROTOCOL.md §2.5-2.6): the
     * per-chunk gradients of exactly its first s_j chunks, rebuilt here from (dataset, seed, N), combined with its
     * min-norm coefficients.
     */
    static double[] reference(SessionConfig config, double[] params, int[] state) throws Exception {
        Dataset train = DatasetSpec.parse(config.dataset()).load(null, config.dataSeed()).train();
        MinNormEncoder encoder = new MinNormEncoder(DecodingMatrix.fromSpec(config.thetaSpec(), config.ell(),
                config.workers()), config.ordering());
        MinNormEncoder.WorkerCoefficients coefficients = encoder.coefficients(WORKER, new StateVector(state));
        int s = state[WORKER];
        int[] order = config.orders()[WORKER];
        assertArrayEquals(Arrays.copyOf(order, s), coefficients.chunks(), "the first s_j chunks of the order");
        double[][] gradients = new double[s][];
        for (int p = 0; p < s; p++) {
            HostChunk chunk = Chunking.chunk(train, config.chunks(), config.dataSeed(), order[p]);
            gradients[p] = ReferenceGradient.of(MODEL, params, chunk.features(), chunk.labels()).gradient();
        }
        return GradientEncoder.encode(gradients, coefficients.rows(), new BlockLayout(D, config.ell()));
    }

    static double relativeError(double[] expected, double[] actual) {
        assertEquals(expected.length, actual.length, "vector length");
        double diff = 0;
        double norm = 0;
        for (int i = 0; i < expected.length; i++) {
            diff += (actual[i] - expected[i]) * (actual[i] - expected[i]);
            norm += expected[i] * expected[i];
        }
        return Math.sqrt(diff / norm);
    }

    static void assertMatches(double[] expected, Messages.Upload upload) {
        double error = relativeError(expected, upload.vector());
        assertTrue(error <= 1e-12, "upload differs from the reference: relative error " + error);
    }

    /**
     * Reads progress reports of {@code round} until the count reaches delta_j. Every report must carry the round,
     * counts are cumulative (never decreasing) and never above delta_j; anything else arriving fails the test.
     */
    List<Messages.Progress> progressUntilDone(long round) throws InterruptedException {
        List<Messages.Progress> seen = new ArrayList<>();
        int last = 0;
        while (last < DELTA) {
            Messages.Progress p = coordinator.expect(Messages.Progress.class);
            assertEquals(round, p.round(), "progress carries the round being computed: " + p);
            assertTrue(p.chunksDone() >= last, "progress is cumulative: " + p + " after " + last);
            assertTrue(p.chunksDone() >= 1 && p.chunksDone() <= DELTA, "progress within 1..delta_j: " + p);
            last = p.chunksDone();
            seen.add(p);
        }
        return seen;
    }

    /** Closes the worker (WorkerClient.close is idempotent). */
    void closeClient() {
        client.close();
    }

    @Override
    public void close() {
        backend.openFully(); // a compute thread waiting at the gate must be able to finish
        closeClient();
        coordinator.close();
        logs.close();
    }
}
