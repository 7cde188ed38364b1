package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import java.util.concurrent.ExecutionException;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientEncoder;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import io.gcoding.protocol.VerdictReason;
import io.gcoding.protocol.WireCodec;
import io.grpc.Status;
import io.grpc.inprocess.InProcessServerBuilder;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The coordinator against scripted peers (PROTOCOL.md §6): malformed, unauthorised, stale and duplicate messages are
 * rejected or dropped with a logged reason, and the decoded gradient is still exactly the sum of the honest chunk
 * gradients, so the model cannot be corrupted.
 */
class CoordinatorValidationTest {
    private static final String TOKEN = "t0ken";
    // linear model on 2 features: d = 3
    private static final ModelSpec MODEL = ModelSpec.linear(2);
    private final String name = InProcessServerBuilder.generateName();
    private final ListAppender<ILoggingEvent> logs = new ListAppender<>();
    private final List<ScriptedWorker> peers = new ArrayList<>();
    private final ManualLoop loop = new ManualLoop();
    private Coordinator coordinator;

    @BeforeEach
    void captureLogs() {
        logs.start();
        ((Logger) LoggerFactory.getLogger(MessageDispatcher.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(MessageDispatcher.class)).detachAppender(logs);
        peers.forEach(ScriptedWorker::close);
        if (coordinator != null) {
            coordinator.close();
        }
    }

    private Coordinator start(int workers) throws Exception {
        coordinator = new Coordinator(workers, TOKEN, 3, InProcessServerBuilder.forName(name), loop,
                new CoordinatorMetrics(new SimpleMeterRegistry())).start();
        return coordinator;
    }

    private ScriptedWorker peer() {
        ScriptedWorker w = new ScriptedWorker(name);
        peers.add(w);
        return w;
    }

    private ScriptedWorker join(int id) throws Exception {
        ScriptedWorker w = peer().send(new Messages.Hello(id, "script", "test", TOKEN, false));
        return w;
    }

    private boolean logged(String part) {
        return logs.list.stream().anyMatch(e -> e.getFormattedMessage().contains(part));
    }

    /** Collects decoded gradients; runs the given number of rounds from zero parameters. */
    private static final class Capture implements SessionHandler {
        final List<double[]> gradients = new ArrayList<>();
        final List<RoundRecord> records = new ArrayList<>();
        final int rounds;

        Capture(int rounds) {
            this.rounds = rounds;
        }

        @Override
        public double[] initialParameters() {
            return new double[3];
        }

        @Override
        public double[] onRound(long round, double[] gradient, RoundRecord record) {
            gradients.add(gradient);
            records.add(record);
            return gradients.size() < rounds ? new double[3] : null;
        }
    }

    @Test
    void badMessagesAreRejectedWithAReasonAndNeverReachTheDecode() throws Exception {
        start(2);
        ScriptedWorker intruder = peer().send(new Messages.Hello(0, "x", "x", "wrong", false));
        assertEquals(Status.Code.PERMISSION_DENIED, intruder.closed.get(10, TimeUnit.SECONDS).getCode());
        ScriptedWorker stranger = peer().send(new Messages.Hello(5, "x", "x", TOKEN, false));
        assertEquals(Status.Code.PERMISSION_DENIED, stranger.closed.get(10, TimeUnit.SECONDS).getCode());
        ScriptedWorker w0 = join(0);
        ScriptedWorker w1 = join(1);
        coordinator.awaitWorkers(10, TimeUnit.SECONDS);

        SessionConfig config = SessionConfig.builder().coding(2, 2, 1, "chebyshev", new int[][] {{0}, {1}}).model(MODEL)
                .data("none", 1, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("sgd").stragglers("")
                .firstRound(0).build();
        Capture capture = new Capture(2);
        CompletableFuture<Void> done = coordinator.run(new SessionPlan(config, RoundRule.of(ProtocolKind.PARTIAL,
                config.ordering(), 1, TriggerPolicy.exact(), 0), new RoundEngine.Timeouts(30, 600)), capture);
        for (ScriptedWorker w : List.of(w0, w1)) {
            w.expect(SessionConfig.class);
            w.expect(Messages.RoundStart.class);
        }
        w0.send(new Messages.Progress(0, 1));
        w1.send(new Messages.Progress(7, 1)).send(new Messages.Progress(0, 5)).send(new Messages.Progress(0, 1));
        w0.expect(Messages.Encode.class);
        w1.expect(Messages.Encode.class);
        w0.send(new Messages.Upload(0, 0, new double[] {1, 2}))
                .send(new Messages.Upload(0, 0, new double[] {1, Double.NaN, 3}))
                .send(new Messages.Upload(0, 3, new double[] {1, 2, 3}))
                .send(new Messages.Upload(0, 0, new double[] {1, 2, 3}))
                .send(new Messages.Upload(0, 0, new double[] {9, 9, 9}));
        w1.send(new Messages.Upload(0, 0, new double[] {10, 20, 30}));
        // round 1: a replay of round 0 is dropped
        w0.expect(Messages.RoundStart.class);
        w1.expect(Messages.RoundStart.class);
        w0.send(new Messages.Upload(0, 0, new double[] {5, 5, 5})).send(new Messages.Progress(1, 1));
        w1.send(new Messages.Progress(1, 1));
        w0.expect(Messages.Encode.class);
        w1.expect(Messages.Encode.class);
        w0.send(new Messages.Upload(1, 0, new double[] {1, 1, 1}));
        w1.send(new Messages.Upload(1, 0, new double[] {2, 2, 2}));
        done.get(10, TimeUnit.SECONDS);

        // Theta = chebyshev with ell = 1 is all ones: ghat = t_0 + t_1, untouched by the bad messages
        assertArrayEquals(new double[] {11, 22, 33}, capture.gradients.get(0));
        assertArrayEquals(new double[] {3, 3, 3}, capture.gradients.get(1));
        assertTrue(logged("bad auth token"));
        assertTrue(logged("unknown worker 5"));
        assertTrue(logged("round 7 which has not started"));
        assertTrue(logged("reports 5 chunks done but holds 1"));
        assertTrue(logged("expected 3 doubles"));
        assertTrue(logged("non-finite value (NaN)"));
        assertTrue(logged("state version 3 which was never issued"));
        assertEquals(7, coordinator.metrics().rejectedCount(), 0.0);
        assertEquals(2, coordinator.metrics().droppedCount(), 0.0); // the duplicate and the replayed round
        assertTrue(logs.list.stream().noneMatch(e -> e.getFormattedMessage().contains(TOKEN)),
                "the token never appears in the log");
        // counted per reason too
        CoordinatorMetrics m = coordinator.metrics();
        for (VerdictReason r : List.of(VerdictReason.BAD_TOKEN, VerdictReason.UNKNOWN_WORKER,
                VerdictReason.FUTURE_ROUND, VerdictReason.BAD_CHUNK_COUNT, VerdictReason.WRONG_LENGTH,
                VerdictReason.NON_FINITE, VerdictReason.UNISSUED_VERSION)) {
            assertEquals(1, m.refusedCount(r), 0.0, r.tag());
        }
        assertEquals(2, m.refusedCount(VerdictReason.DUPLICATE_MESSAGE) + m.refusedCount(VerdictReason.STALE_ROUND),
                0.0);
    }

    @Test
    void aStreamThatSaysNoHelloIsCutOffAtTheDeadlineAndOneThatDidIsNot() throws Exception {
        start(2);
        ScriptedWorker honest = join(0);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (coordinator.connectedCount() < 1) { // real time: the fake clock must not run ahead of the Hello
            assertTrue(System.nanoTime() < deadline, "worker 0 never joined");
            Thread.sleep(5);
        }
        ScriptedWorker idle = peer(); // opens its stream and says nothing
        // the deadline is armed when the stream reaches the coordinator: advance the fake clock until it fires
        for (int i = 0; i < 40 && !idle.closed.isDone(); i++) {
            loop.advance(1);
        }
        assertTrue(loop.now() >= MessageDispatcher.HELLO_SECONDS, "not before the deadline: " + loop.now());
        Status status = idle.closed.get(10, TimeUnit.SECONDS);
        assertEquals(Status.Code.DEADLINE_EXCEEDED, status.getCode(), status.toString());
        assertTrue(logged("no Hello within"));
        assertEquals(1, coordinator.metrics().refusedCount(VerdictReason.NO_HELLO_IN_TIME), 0.0);
        assertEquals(1, coordinator.connectedCount(), "the worker that said Hello keeps its stream");
        assertTrue(!honest.closed.isDone(), "the worker that said Hello is not cut off");
    }

    @Test
    void encodeTimeoutGivesResumeThenANewVersionAndDropsTheLateUpload() throws Exception {
        start(3);
        // cyclic(3, 2) in natural order: worker j processes j then j+1
        int[][] orders = {{0, 1}, {1, 2}, {2, 0}};
        SessionConfig config = SessionConfig.builder().coding(3, 3, 1, "gaussian:3", orders).model(MODEL)
                .data("none", 1, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("sgd").stragglers("")
                .firstRound(0).build();
        ScriptedWorker[] w = {join(0), join(1), join(2)};
        coordinator.awaitWorkers(10, TimeUnit.SECONDS);
        Capture capture = new Capture(1);
        CompletableFuture<Void> done = coordinator.run(new SessionPlan(config, RoundRule.of(ProtocolKind.PARTIAL,
                config.ordering(), 1, TriggerPolicy.exact(), 0), new RoundEngine.Timeouts(0.3, 600)), capture);
        for (ScriptedWorker p : w) {
            p.expect(SessionConfig.class);
            p.expect(Messages.RoundStart.class);
        }
        double[][] g = {{1, 2, 3}, {-4, 5, 0.5}, {7, -1, 2}}; // chunk gradients
        MinNormEncoder encoder = new MinNormEncoder(DecodingMatrix.fromSpec("gaussian:3", 1, 3), config.ordering());
        w[0].send(new Messages.Progress(0, 2));
        w[1].send(new Messages.Progress(0, 2));
        Messages.Encode first = w[0].expect(Messages.Encode.class);
        assertArrayEquals(new int[] {2, 2, 0}, first.state());
        w[0].send(new Messages.Upload(0, 0, encode(encoder, 0, first.state(), g, orders)));
        // worker 1 never uploads: after 0.3 s (on the fake clock) it is dead for the round; chunk 2 was only its,
        // so RESUME
        loop.advance(0.29);
        assertTrue(w[0].inbox.isEmpty(), "nothing before the encode timeout");
        loop.advance(0.02);
        Messages.Resume resume = w[0].expect(Messages.Resume.class);
        assertEquals(1, resume.version());
        w[2].expect(Messages.Encode.class);
        w[2].expect(Messages.Resume.class);
        w[2].send(new Messages.Progress(0, 1));
        Messages.Encode second = w[0].expect(Messages.Encode.class);
        assertEquals(1, second.version(), "the ENCODE after a RESUME carries the RESUME's version");
        assertArrayEquals(new int[] {2, 0, 1}, second.state());
        double[] late = encode(encoder, 1, first.state(), g, orders);
        w[1].send(new Messages.Upload(0, 0, late)); // too late: a stale version
        w[0].send(new Messages.Upload(0, 1, encode(encoder, 0, second.state(), g, orders)));
        w[2].send(new Messages.Upload(0, 1, encode(encoder, 2, second.state(), g, orders)));
        done.get(10, TimeUnit.SECONDS);

        double[] expected = {1 - 4 + 7, 2 + 5 - 1, 3 + 0.5 + 2};
        double[] got = capture.gradients.get(0);
        for (int x = 0; x < 3; x++) {
            assertEquals(expected[x], got[x], 1e-12);
        }
        assertTrue(logged("stale upload from worker 1: state version 0, current 1"));
        RoundRecord r = capture.records.get(0);
        assertEquals(2, r.versions(), "state versions 0 and 1");
        assertEquals(1, r.resumes());
        assertEquals(0, r.reEncodes());
        assertArrayEquals(new int[] {1}, r.deadWorkers());
    }

    @Test
    void theFirstRoundWaitsForEveryWorkerToLoadItsChunksOrForTheReadyTimeout() throws Exception {
        ScriptedWorker[] w = sessionWithReadyTimeout(j -> false);
        w[0].send(new Messages.Ready(0));
        w[1].send(new Messages.Ready(7)); // another session's: does not count
        loop.advance(19);
        assertTrue(w[0].inbox.isEmpty(), "no round while workers 1 and 2 load");
        w[1].send(new Messages.Ready(0));
        loop.advance(0.5);
        assertTrue(w[0].inbox.isEmpty(), "worker 2 still loads");
        w[2].send(new Messages.Ready(0));
        for (ScriptedWorker p : w) {
            assertEquals(0, p.expect(Messages.RoundStart.class).round());
        }
    }

    @Test
    void atTheReadyTimeoutTheFirstRoundStartsWithoutTheWorkersStillLoading() throws Exception {
        ScriptedWorker[] w = sessionWithReadyTimeout(j -> j != 2);
        loop.advance(19.9);
        assertTrue(w[0].inbox.isEmpty(), "worker 2 (which never says Ready) is waited for until the deadline");
        loop.advance(0.2);
        for (ScriptedWorker p : w) {
            assertEquals(0, p.expect(Messages.RoundStart.class).round());
        }
    }

    /**
     * Three scripted workers join and a one-round partial session starts with a 20 s ready timeout; each worker
     * has received its Config. {@code autoReady} says which answer it with Ready at once.
     */
    private ScriptedWorker[] sessionWithReadyTimeout(java.util.function.IntPredicate autoReady) throws Exception {
        start(3);
        SessionConfig config = cyclic3();
        ScriptedWorker[] w = new ScriptedWorker[3];
        for (int j = 0; j < 3; j++) {
            w[j] = new ScriptedWorker(name, autoReady.test(j));
            peers.add(w[j]);
            w[j].send(new Messages.Hello(j, "script", "test", TOKEN, false));
        }
        coordinator.awaitWorkers(10, TimeUnit.SECONDS);
        RoundRule rule = RoundRule.of(ProtocolKind.PARTIAL, config.ordering(), 1, TriggerPolicy.exact(), 0);
        coordinator.run(new SessionPlan(config, rule, new RoundEngine.Timeouts(30, 600), 1000, 20), new Capture(1));
        for (ScriptedWorker p : w) {
            p.expect(SessionConfig.class);
        }
        return w;
    }

    private SessionConfig cyclic3() {
        return SessionConfig.builder().coding(3, 3, 1, "chebyshev", new int[][] {{0, 1}, {1, 2}, {2, 0}}).model(MODEL)
                .data("none", 1, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("sgd").firstRound(0).build();
    }

    private CompletableFuture<Void> runPartial(SessionConfig config, double liveness, Capture capture) {
        return coordinator.run(new SessionPlan(config, RoundRule.of(ProtocolKind.PARTIAL, config.ordering(), 1,
                TriggerPolicy.exact(), 0), new RoundEngine.Timeouts(30, 600), liveness, SessionPlan.DEFAULT_READY_SECONDS), capture);
    }

    @Test
    void aConfigurationErrorOfAWorkerEndsTheSessionWithItsReason() throws Exception {
        start(3);
        ScriptedWorker[] w = {join(0), join(1), join(2)};
        coordinator.awaitWorkers(10, TimeUnit.SECONDS);
        CompletableFuture<Void> done = runPartial(cyclic3(), 60, new Capture(1));
        w[1].expect(SessionConfig.class);
        w[1].send(new Messages.WorkerError(Messages.WorkerError.Kind.CONFIGURATION, 0,
                "cannot prepare the session's chunks: 2 rows for 3 chunks"));
        ExecutionException e = assertThrows(ExecutionException.class, () -> done.get(10, TimeUnit.SECONDS));
        WorkerConfigurationException cause = assertInstanceOf(WorkerConfigurationException.class, e.getCause());
        assertTrue(cause.getMessage().contains("worker 1: cannot prepare the session's chunks: 2 rows"),
                cause.getMessage());
    }

    @Test
    void aWorkerThatFailsARoundIsDeadForItAndASilentOneAfterTheLivenessDeadline() throws Exception {
        start(3);
        ScriptedWorker[] w = {join(0), join(1), join(2)};
        coordinator.awaitWorkers(10, TimeUnit.SECONDS);
        Capture capture = new Capture(1);
        CompletableFuture<Void> done = runPartial(cyclic3(), 1.0, capture);
        for (ScriptedWorker p : w) {
            p.expect(SessionConfig.class);
            p.expect(Messages.RoundStart.class);
        }
        // chunks 0 (w0), 1 (w1), 2 (w2): covered only once all three reports are in, whatever their order
        w[0].send(new Messages.Progress(0, 1));
        w[1].send(new Messages.Progress(0, 1));
        w[2].send(new Messages.Progress(0, 1));
        Messages.Encode first = w[0].expect(Messages.Encode.class);
        assertArrayEquals(new int[] {1, 1, 1}, first.state());
        // worker 2 reports that its compute failed: dead for the round; chunk 2 is then uncovered
        w[2].send(new Messages.WorkerError(Messages.WorkerError.Kind.ROUND, 0, "round 0 failed: out of memory"));
        Messages.Resume resume = w[0].expect(Messages.Resume.class);
        assertEquals(1, resume.version());
        // worker 1 covers chunk 2 as well; then worker 0 uploads and goes silent
        w[1].send(new Messages.Progress(0, 2));
        Messages.Encode second = w[0].expect(Messages.Encode.class);
        assertArrayEquals(new int[] {1, 2, 0}, second.state());
        w[0].send(new Messages.Upload(0, 1, new double[] {1, 2, 3}));
        // nobody sends anything for 1.25 s of the fake clock: past the liveness deadline of 1 s, worker 1 (which owes
        // an upload) is dead and coverage is lost again
        loop.advance(1.3);
        Messages.Resume again = w[0].expect(Messages.Resume.class);
        assertEquals(2, again.version());
        assertTrue(logged("reports an error (ROUND): round 0 failed: out of memory"));
        assertEquals(false, done.isDone());
    }

    private static double[] encode(MinNormEncoder encoder, int worker, int[] state, double[][] g, int[][] orders) {
        MinNormEncoder.WorkerCoefficients c = encoder.coefficients(worker, new StateVector(state));
        double[][] grads = new double[c.chunks().length][];
        for (int p = 0; p < grads.length; p++) {
            grads[p] = g[orders[worker][p]];
        }
        return GradientEncoder.encode(grads, c.rows(), new BlockLayout(3, 1));
    }
}
