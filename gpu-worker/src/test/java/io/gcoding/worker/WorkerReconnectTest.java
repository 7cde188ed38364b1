package io.gcoding.worker;

import static io.gcoding.worker.WorkerFixture.TOKEN;
import static io.gcoding.worker.WorkerFixture.WORKER;
import static io.gcoding.worker.WorkerFixture.assertMatches;
import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static io.gcoding.worker.WorkerFixture.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import io.gcoding.protocol.TrainingService;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A worker whose stream fails reconnects with backoff and serves the coordinator that answers next (a resumed one
 * may repeat round numbers); one that finds no coordinator for its reconnect timeout gives up with one clear
 * error. Backoff delays are milliseconds here and the give-up is decided on a fake clock: nothing sleeps.
 */
class WorkerReconnectTest {
    private static final long T = ScriptedCoordinator.TIMEOUT_SECONDS;

    /** One worker stream as the server side sees it. */
    record Stream(StreamObserver<EncodedFrame> responses, BlockingQueue<Messages.FromWorker> inbox) {
        /** The next message of this type; heartbeats and Ready (sent at their own times) are skipped. */
        <M extends Messages.FromWorker> M expect(Class<M> type) throws InterruptedException {
            Messages.FromWorker m = inbox.poll(T, TimeUnit.SECONDS);
            while ((m instanceof Messages.Heartbeat || m instanceof Messages.Ready) && !type.isInstance(m)) {
                m = inbox.poll(T, TimeUnit.SECONDS);
            }
            if (!type.isInstance(m)) {
                throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
            }
            return type.cast(m);
        }

        void send(Messages.FromCoordinator m) {
            responses.onNext(EncodedFrame.of(m));
        }
    }

    /** A coordinator side that accepts any number of streams, or fails each at once with {@code refusal}. */
    private static final class Peer implements AutoCloseable {
        final String name;
        final BlockingQueue<Stream> streams = new LinkedBlockingQueue<>();
        final Semaphore attempts = new Semaphore(0);
        final Server server;

        Peer(boolean refuse) throws Exception {
            this(refuse ? Status.UNAVAILABLE.withDescription("coordinator restarting") : null);
        }

        Peer(Status refusal) throws Exception {
            this(refusal, InProcessServerBuilder.generateName());
        }

        Peer(boolean refuse, String name) throws Exception {
            this(refuse ? Status.UNAVAILABLE.withDescription("coordinator restarting") : null, name);
        }

        Peer(Status refusal, String name) throws Exception {
            this.name = name;
            server = InProcessServerBuilder.forName(name).directExecutor().addService(TrainingService.bind(responses -> {
                attempts.release();
                BlockingQueue<Messages.FromWorker> inbox = new LinkedBlockingQueue<>();
                if (refusal != null) {
                    responses.onError(refusal.asRuntimeException());
                } else {
                    streams.add(new Stream(responses, inbox));
                }
                return new StreamObserver<WorkerMessage>() {
                    @Override
                    public void onNext(WorkerMessage value) {
                        try {
                            inbox.add(WireCodec.decode(value));
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                    }

                    @Override
                    public void onError(Throwable t) {
                    }

                    @Override
                    public void onCompleted() {
                    }
                };
            })).build().start();
        }

        ManagedChannel channel() {
            return InProcessChannelBuilder.forName(name).build();
        }

        Stream next() throws InterruptedException {
            Stream s = streams.poll(T, TimeUnit.SECONDS);
            assertTrue(s != null, "the worker opened no stream");
            return s;
        }

        @Override
        public void close() {
            server.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void reconnectsAfterTheStreamFailsAndServesTheNextCoordinator() throws Exception {
        GatedBackend backend = GatedBackend.open();
        try (Peer peer = new Peer(false); LogCapture logs = new LogCapture()) {
            WorkerClient client = WorkerClient.builder(WORKER, TOKEN, peer.channel(), () -> backend)
                    .onInjectedFailure(reason -> { }).reconnect(new ReconnectPolicy(30, 0.01, 0.05)).build();
            try {
                CompletableFuture<String> finished = client.start();
                Stream first = peer.next();
                assertEquals(WORKER, first.expect(Messages.Hello.class).workerId());
                SessionConfig config = config(1, 0);
                first.send(config);
                first.send(new Messages.RoundStart(0, params(1)));
                assertEquals(0, first.expect(Messages.Progress.class).round());

                // the coordinator goes away in the middle of round 0
                first.responses().onError(Status.UNAVAILABLE.withDescription("killed").asRuntimeException());
                Stream second = peer.next();
                Messages.Hello again = second.expect(Messages.Hello.class);
                assertEquals(WORKER, again.workerId());
                assertEquals(TOKEN, again.authToken());
                String line = logs.await("connection to the coordinator at");
                assertTrue(line.contains("UNAVAILABLE: killed") && line.contains("attempt 2"), line);
                assertFalse(finished.isDone(), "still serving");

                // the resumed coordinator starts over at round 0 with other parameters: the worker computes afresh
                second.send(config);
                double[] w = params(2);
                second.send(new Messages.RoundStart(0, w));
                int done = 0;
                while (done < WorkerFixture.DELTA) {
                    Messages.Progress p = second.expect(Messages.Progress.class);
                    assertEquals(0, p.round());
                    done = p.chunksDone();
                }
                int[] state = {0, WorkerFixture.DELTA, 0, 0};
                second.send(new Messages.Encode(0, 0, state));
                assertMatches(reference(config, w, state), second.expect(Messages.Upload.class));

                // Shutdown ends the worker; nothing is retried after it
                second.send(new Messages.Shutdown("training finished"));
                assertEquals("training finished", finished.get(T, TimeUnit.SECONDS));
                second.responses().onCompleted();
                assertNull(peer.streams.poll(200, TimeUnit.MILLISECONDS), "no reconnect after Shutdown");
                assertTrue(logs.errors().isEmpty(), logs.errors().toString());
            } finally {
                client.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void waitsForACoordinatorThatIsNotListeningYet() throws Exception {
        // how workers started together with their coordinator (one srun step, one Indexed Job) meet it
        String name = InProcessServerBuilder.generateName();
        try (LogCapture logs = new LogCapture()) {
            WorkerClient client = WorkerClient.builder(WORKER, TOKEN, InProcessChannelBuilder.forName(name).build(),
                    GatedBackend::open).onInjectedFailure(reason -> { }).reconnect(new ReconnectPolicy(30, 0.01, 0.05))
                    .build();
            try {
                CompletableFuture<String> finished = client.start();
                String line = logs.await("attempt 3");
                assertTrue(line.contains("connection to the coordinator at") && line.contains("UNAVAILABLE"), line);
                assertFalse(finished.isDone(), "still waiting");
                try (Peer peer = new Peer(false, name)) {
                    Stream stream = peer.next();
                    assertEquals(WORKER, stream.expect(Messages.Hello.class).workerId());
                    stream.send(new Messages.Shutdown("training finished"));
                    assertEquals("training finished", finished.get(T, TimeUnit.SECONDS));
                }
            } finally {
                client.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void givesUpAfterTheReconnectTimeoutWithOneClearError() throws Exception {
        FakeWorkerClock clock = new FakeWorkerClock();
        try (Peer peer = new Peer(true); LogCapture logs = new LogCapture()) {
            WorkerClient client = WorkerClient.builder(WORKER, TOKEN, peer.channel(), GatedBackend::open)
                    .onInjectedFailure(reason -> { }).clock(clock).reconnect(new ReconnectPolicy(10, 0.01, 0.02)).build();
            try {
                CompletableFuture<String> finished = client.start();
                assertTrue(peer.attempts.tryAcquire(3, T, TimeUnit.SECONDS), "the worker keeps trying");
                assertFalse(finished.isDone(), "no time has passed on the worker's clock");
                clock.advanceTo(10.5);
                ExecutionException e = assertThrows(ExecutionException.class, () -> finished.get(T, TimeUnit.SECONDS));
                String message = e.getCause().getMessage();
                assertTrue(message.startsWith("gave up: no connection to the coordinator at "), message);
                assertTrue(message.contains("for 10.5 s") && message.contains("reconnect timeout 10 s")
                        && message.contains("UNAVAILABLE: coordinator restarting"), message);
                assertTrue(logs.warnings().stream().filter(l -> l.contains("attempt ")).count() >= 2,
                        "a line per attempt: " + logs.warnings());
            } finally {
                client.close();
            }
        }
    }

    @Test
    @Timeout(60)
    void anAuthenticationFailureIsFinalNotRetriedLikeALostConnection() throws Exception {
        try (Peer peer = new Peer(Status.PERMISSION_DENIED.withDescription("bad auth token from a peer claiming to be"
                + " worker 1")); LogCapture logs = new LogCapture()) {
            WorkerClient client = WorkerClient.builder(WORKER, TOKEN, peer.channel(), GatedBackend::open)
                    .onInjectedFailure(reason -> { }).clock(new FakeWorkerClock())
                    .reconnect(new ReconnectPolicy(30, 0.01, 0.02)).build();
            try {
                ExecutionException e = assertThrows(ExecutionException.class,
                        () -> client.start().get(T, TimeUnit.SECONDS));
                String message = e.getCause().getMessage();
                assertTrue(message.contains("is refused: bad auth token"), message);
                assertFalse(peer.attempts.tryAcquire(2, 300, TimeUnit.MILLISECONDS), "one attempt, no retry");
                assertTrue(logs.warnings().stream().noneMatch(l -> l.contains("attempt ")), logs.warnings().toString());
            } finally {
                client.close();
            }
        }
    }

    @Test
    void tlsFailuresAndRefusalsAreFinalButLostConnectionsAreNot() {
        assertTrue(WorkerClient.refusal(Status.UNAVAILABLE, new RuntimeException(
                new javax.net.ssl.SSLHandshakeException("PKIX path building failed"))).contains("TLS failure"));
        assertTrue(WorkerClient.refusal(Status.UNAUTHENTICATED, null) != null);
        assertTrue(WorkerClient.refusal(Status.UNAVAILABLE.withDescription("Abrupt GOAWAY closed unsent stream. HTTP/2"
                + " error code: INADEQUATE_SECURITY (...), debug data: this coordinator requires TLS\nstream id: 3"), null)
                .equals("this coordinator requires TLS"));
        assertNull(WorkerClient.refusal(Status.UNAVAILABLE.withDescription("io exception"),
                new java.io.IOException("Connection reset")));
    }
}
