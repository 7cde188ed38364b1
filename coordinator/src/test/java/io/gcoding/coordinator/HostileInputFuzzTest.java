package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import com.google.protobuf.ByteString;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.Backends;
import io.gcoding.protocol.VerdictReason;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.WireProtocol;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.Heartbeat;
import io.gcoding.protocol.wire.Hello;
import io.gcoding.protocol.wire.Progress;
import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.Upload;
import io.gcoding.protocol.wire.WorkerError;
import io.gcoding.protocol.wire.WorkerMessage;
import io.gcoding.worker.WorkerChannels;
import io.gcoding.worker.WorkerClient;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientInterceptors;
import io.grpc.ForwardingClientCall;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.slf4j.LoggerFactory;

/**
 * Hostile input against a live coordinator (Netty on loopback) during an exact-mode run with real workers: rogue
 * clients open streams with a wrong token, unknown or duplicate ids, a message before Hello, random protobuf,
 * oversized messages, and connections that send garbage bytes; and every honest worker's stream carries, around
 * each of its real messages, mutated copies (replayed and stale rounds, future rounds, stale and never-issued state
 * versions, wrong lengths, NaN/Inf, impossible chunk counts, a wrong protocol version, empty bodies, a second Hello).
 * No task of the coordinator loop may throw (crash), every rogue stream and connection must be closed by the
 * coordinator within its deadline (hang), every case must be refused, counted per reason, and the final model must
 * equal a clean run's to 1e-9.
 */
class HostileInputFuzzTest {
    private static final String TOKEN = "fuzz-token";
    private static final String DATASET = "synthetic:rows=600,test=120,features=8,classes=3,task=softmax";
    private static final int WORKERS = 4;
    private static final int INJECTED_PER_MESSAGE = 24;
    private static final int ROGUE_STREAMS = 4_000;
    private static final int GARBAGE_CONNECTIONS = 100;
    private static final long SEED = 20261202L;

    /** A run's outcome. */
    private record Outcome(double[] finalModel, Map<VerdictReason, Double> refused, long crashes, Fuzzer fuzzer) {
    }

    @Test
    @Timeout(300)
    void tenThousandHostileMessagesChangeNothingAndAreAllRefused() throws Exception {
        Logger dispatcher = (Logger) LoggerFactory.getLogger(MessageDispatcher.class);
        Level before = dispatcher.getLevel();
        dispatcher.setLevel(Level.ERROR); // 10,000 refusals are 10,000 warnings: the counts are what is checked
        try {
            Outcome clean = run(false);
            Outcome fuzzed = run(true);
            Fuzzer f = fuzzed.fuzzer();
            double rel = ExactTrajectoryTest.relativeError(fuzzed.finalModel(), clean.finalModel());
            long refusedTotal = Math.round(fuzzed.refused().values().stream().mapToDouble(Double::doubleValue).sum());
            System.out.println(report(f, fuzzed, refusedTotal, rel));

            assertEquals(0, clean.crashes() + fuzzed.crashes(), "no task of the coordinator loop threw");
            assertTrue(rel <= 1e-9, "final model differs from the clean run's: relative error " + rel);
            assertTrue(f.duringRun.get() >= 10_000, "at least 10,000 cases while training ran: " + f.duringRun.get());
            assertEquals(0, f.hangs.get(), "every rogue stream and connection was closed by the coordinator");
            assertEquals(0, f.acceptedRogues.get(), "no rogue stream ended OK");
            // each injected message and each rogue stream that reached the validator is refused exactly once;
            // honest workers add only drops of their own (late progress)
            assertTrue(refusedTotal >= f.injected.get() + f.rogueValidated.get(), refusedTotal + " refusals for "
                    + f.injected.get() + " injected and " + f.rogueValidated.get() + " rogue streams");
            for (VerdictReason r : List.of(VerdictReason.BAD_TOKEN, VerdictReason.UNKNOWN_WORKER,
                    VerdictReason.DUPLICATE_WORKER, VerdictReason.NOT_HELLO, VerdictReason.PROTOCOL_VERSION,
                    VerdictReason.SECOND_HELLO, VerdictReason.EMPTY_BODY, VerdictReason.FUTURE_ROUND,
                    VerdictReason.BAD_CHUNK_COUNT, VerdictReason.UNISSUED_VERSION, VerdictReason.WRONG_LENGTH,
                    VerdictReason.NON_FINITE, VerdictReason.DUPLICATE_MESSAGE)) {
                assertTrue(fuzzed.refused().get(r) > 0, "no refusal counted as " + r.tag());
            }
            assertNotEquals(0, f.oversized.get());
        } finally {
            dispatcher.setLevel(before);
        }
    }

    private static String report(Fuzzer f, Outcome fuzzed, long refusedTotal, double rel) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "fuzz (seed %d): %d cases, %d while training ran; by kind:%n", SEED,
                f.total(), f.duringRun.get()));
        new TreeMap<>(f.byKind).forEach((k, v) -> b.append(String.format(Locale.ROOT, "  %-28s %6d%n", k, v.get())));
        b.append(String.format(Locale.ROOT, "coordinator refusals by reason (%d in all):%n", refusedTotal));
        fuzzed.refused().forEach((r, n) -> {
            if (n > 0) {
                b.append(String.format(Locale.ROOT, "  %-28s %6d%n", r.tag(), Math.round(n)));
            }
        });
        b.append(String.format(Locale.ROOT, "crashes %d, hangs %d; final model vs the clean run: relative error %.1e",
                fuzzed.crashes(), f.hangs.get(), rel));
        return b.toString();
    }

    private static Outcome run(boolean hostile) throws Exception {
        TrainingSpec spec = TrainingSpec.builder().workers(WORKERS).replication(2).ell(1)
                .protocols(List.of(ProtocolKind.PARTIAL)).dataset(DATASET).rounds(50)
                .optimizer("sgd:lr=0.5,momentum=0.9").stragglers("jitter=0.001").seed(5).evalEvery(0)
                .encodeTimeout(20).livenessTimeout(60).warmupRounds(0).build();
        TrainTest data = DatasetSpec.parse(DATASET).load(null, spec.seed());
        TrainingRun run = new TrainingRun(spec, data, 30);
        CoordinatorMetrics metrics = new CoordinatorMetrics(new SimpleMeterRegistry());
        Fuzzer fuzzer = new Fuzzer(new Random(SEED));
        List<WorkerClient> workers = new ArrayList<>();
        double[][] last = new double[1][];
        try (CoordinatorTransport transport = new CoordinatorTransport(new InetSocketAddress("127.0.0.1", 0), null,
                CoordinatorTransport.Limits.DEFAULT, metrics);
                CrashCountingLoop loop = new CrashCountingLoop(transport.loop());
                Coordinator coordinator = new Coordinator(WORKERS, TOKEN, run.modelSpec().parameterCount(),
                        transport.serverBuilder(), loop, metrics, transport.gate()).start()) {
            for (int j = 0; j < WORKERS; j++) {
                WorkerChannels.Connection connection = WorkerChannels.connect("127.0.0.1", coordinator.port(), null,
                        64 << 20);
                ManagedChannel channel = connection.channel();
                ManagedChannel used = hostile ? new InjectingChannel(channel, fuzzer.injector(j)) : channel;
                WorkerClient w = WorkerClient.builder(j, TOKEN, used,
                        () -> Backends.select(BackendOptions.sharedBy(WORKERS))).control(connection.control())
                        .onInjectedFailure(reason -> { }).build();
                workers.add(w);
                w.start();
            }
            assertTrue(coordinator.awaitWorkers(60, TimeUnit.SECONDS).isEmpty(), "the honest workers join first");
            Thread rogues = null;
            AtomicBoolean training = new AtomicBoolean(true);
            if (hostile) {
                fuzzer.training = training;
                rogues = new Thread(() -> fuzzer.rogues(coordinator.port(), run.modelSpec().parameterCount()),
                        "rogue-clients");
                rogues.start();
            }
            run.run(coordinator, new TrainingRun.Listener() {
                @Override
                public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
                    last[0] = parameters.clone();
                }
            });
            training.set(false);
            if (rogues != null) {
                rogues.join(TimeUnit.SECONDS.toMillis(120));
                assertTrue(!rogues.isAlive(), "the rogue clients finished");
                // injected messages still queued on the honest streams are handled before the counts are read
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (refusedSum(metrics) < fuzzer.injected.get() + fuzzer.rogueValidated.get()
                        && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            assertEquals(List.of(), coordinator.missingWorkers(), "the coordinator still answers; nobody was cut off");
            Map<VerdictReason, Double> refused = new EnumMap<>(VerdictReason.class);
            for (VerdictReason r : VerdictReason.values()) {
                refused.put(r, metrics.refusedCount(r));
            }
            return new Outcome(last[0], refused, loop.crashes.get(), fuzzer);
        } finally {
            workers.forEach(WorkerClient::close);
        }
    }

    private static double refusedSum(CoordinatorMetrics m) {
        double s = 0;
        for (VerdictReason r : VerdictReason.values()) {
            s += m.refusedCount(r);
        }
        return s;
    }

    /** Makes the cases and counts them. Injection runs on each worker's control thread; rogues on their own. */
    private static final class Fuzzer {
        final Map<String, AtomicLong> byKind = new ConcurrentHashMap<>();
        final AtomicLong injected = new AtomicLong();
        final AtomicLong rogueValidated = new AtomicLong();
        final AtomicLong oversized = new AtomicLong();
        final AtomicLong duringRun = new AtomicLong();
        final AtomicLong hangs = new AtomicLong();
        final AtomicLong acceptedRogues = new AtomicLong();
        private final long seed;
        volatile AtomicBoolean training = new AtomicBoolean(false);

        Fuzzer(Random random) {
            this.seed = random.nextLong();
        }

        long total() {
            return byKind.values().stream().mapToLong(AtomicLong::get).sum();
        }

        private void count(String kind) {
            byKind.computeIfAbsent(kind, k -> new AtomicLong()).incrementAndGet();
            if (training.get()) {
                duringRun.incrementAndGet();
            }
        }

        ClientInterceptor injector(int worker) {
            Random random = new Random(seed + worker);
            return new ClientInterceptor() {
                @Override
                public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
                        Channel next) {
                    return new ForwardingClientCall.SimpleForwardingClientCall<>(next.newCall(method, options)) {
                        @Override
                        public void sendMessage(Q message) {
                            WorkerMessage m = (WorkerMessage) message;
                            List<WorkerMessage> after = new ArrayList<>();
                            for (int i = 0; i < INJECTED_PER_MESSAGE; i++) {
                                WorkerMessage bad = mutate(worker, m, random, after);
                                if (bad != null) {
                                    send(bad);
                                }
                            }
                            super.sendMessage(message);
                            after.forEach(this::send);
                        }

                        @SuppressWarnings("unchecked")
                        private void send(WorkerMessage bad) {
                            injected.incrementAndGet();
                            super.sendMessage((Q) bad);
                        }
                    };
                }
            };
        }

        /**
         * A mutation of an honest message that the coordinator must refuse whatever the timing: sent before the
         * honest one when it can only be refused then (an upload that is malformed), after it when it is a replay.
         *
         * @return the message to send before the honest one, or null (it was added to {@code after})
         */
        private WorkerMessage mutate(int worker, WorkerMessage m, Random random, List<WorkerMessage> after) {
            WorkerMessage.Builder b = m.toBuilder();
            switch (m.getBodyCase()) {
                case PROGRESS -> {
                    Progress p = m.getProgress();
                    switch (random.nextInt(8)) {
                        case 0 -> {
                            count("replayed progress");
                            after.add(m);
                        }
                        case 1 -> {
                            count("stale-round progress");
                            after.add(b.setProgress(p.toBuilder().setRound(Math.max(0, p.getRound() - 1 - random
                                    .nextInt(3)))).build());
                        }
                        case 2 -> {
                            count("future-round progress");
                            after.add(b.setProgress(p.toBuilder().setRound(p.getRound() + 1000 + random.nextInt(1 << 20)))
                                    .build());
                        }
                        case 3 -> {
                            count("impossible chunk count");
                            after.add(b.setProgress(p.toBuilder().setChunksDone(random.nextBoolean() ? -1
                                    : 1_000 + random.nextInt(1 << 20))).build());
                        }
                        case 4 -> {
                            count("wrong protocol version");
                            after.add(b.setProtocolVersion(WireProtocol.VERSION + 1 + random.nextInt(100)).build());
                        }
                        case 5 -> {
                            count("empty body");
                            after.add(WorkerMessage.newBuilder().setProtocolVersion(WireProtocol.VERSION).build());
                        }
                        case 6 -> {
                            count("second Hello");
                            after.add(WorkerMessage.newBuilder().setProtocolVersion(WireProtocol.VERSION)
                                    .setHello(Hello.newBuilder().setWorkerId(worker).setAuthToken(TOKEN)).build());
                        }
                        default -> {
                            count("future-round error report");
                            after.add(WorkerMessage.newBuilder().setProtocolVersion(WireProtocol.VERSION)
                                    .setError(WorkerError.newBuilder().setKind(WorkerError.Kind.ROUND)
                                            .setRound(p.getRound() + 1000).setReason("forged\u0000\n")).build());
                        }
                    }
                    return null;
                }
                case UPLOAD -> {
                    Upload u = m.getUpload();
                    switch (random.nextInt(6)) {
                        case 0 -> {
                            count("NaN/Inf upload");
                            double[] v = doubles(u.getVector());
                            double[] bad = {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
                            v[random.nextInt(v.length)] = bad[random.nextInt(3)];
                            return b.setUpload(u.toBuilder().setVector(WireCodec.toBytes(v))).build();
                        }
                        case 1 -> {
                            count("wrong-length upload");
                            int bytes = u.getVector().size();
                            int length = random.nextBoolean() ? bytes + 1 + random.nextInt(24)
                                    : random.nextInt(bytes);
                            byte[] junk = new byte[length];
                            random.nextBytes(junk);
                            return b.setUpload(u.toBuilder().setVector(ByteString.copyFrom(junk))).build();
                        }
                        case 2 -> {
                            count("never-issued version upload");
                            return b.setUpload(u.toBuilder().setStateVersion(u.getStateVersion() + 1000
                                    + random.nextInt(1000))).build();
                        }
                        case 3 -> {
                            count("replayed upload");
                            after.add(m);
                            return null;
                        }
                        case 4 -> {
                            count("future-round upload");
                            after.add(b.setUpload(u.toBuilder().setRound(u.getRound() + 1000)).build());
                            return null;
                        }
                        default -> {
                            count("stale-round upload");
                            if (u.getRound() == 0) {
                                after.add(m); // a replay: no earlier round yet
                            } else {
                                after.add(b.setUpload(u.toBuilder().setRound(u.getRound() - 1)).build());
                            }
                            return null;
                        }
                    }
                }
                default -> {
                    return null; // Hello, heartbeats, errors: passed through untouched
                }
            }
        }

        private static double[] doubles(ByteString bytes) {
            ByteBuffer buf = bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            double[] v = new double[bytes.size() / 8];
            for (int i = 0; i < v.length; i++) {
                v[i] = buf.getDouble();
            }
            return v;
        }

        /** Rogue streams (one message each, at most 64 in flight) and garbage connections, from their own thread. */
        void rogues(int port, int parameterCount) {
            Random random = new Random(seed ^ 0x5EED);
            WorkerChannels.Connection connection = WorkerChannels.connect("127.0.0.1", port, null, 1 << 20);
            ManagedChannel channel = connection.channel();
            Semaphore inFlight = new Semaphore(64);
            CountDownLatch done = new CountDownLatch(ROGUE_STREAMS);
            int oversizedBytes = WireProtocol.coordinatorInboundLimit(parameterCount) + 1024;
            try {
                for (int i = 0; i < ROGUE_STREAMS; i++) {
                    if (i % (ROGUE_STREAMS / GARBAGE_CONNECTIONS) == 0) {
                        garbage(port, random);
                    }
                    WorkerMessage m = rogueMessage(random, oversizedBytes);
                    inFlight.acquire();
                    StreamObserver<WorkerMessage> out = TrainingGrpc.newStub(channel).session(new StreamObserver<>() {
                        @Override
                        public void onNext(CoordinatorMessage value) {
                            acceptedRogues.incrementAndGet(); // a rogue must never be sent anything
                        }

                        @Override
                        public void onError(Throwable t) {
                            inFlight.release();
                            done.countDown();
                        }

                        @Override
                        public void onCompleted() {
                            acceptedRogues.incrementAndGet();
                            inFlight.release();
                            done.countDown();
                        }
                    });
                    out.onNext(m);
                }
                if (!done.await(60, TimeUnit.SECONDS)) {
                    hangs.addAndGet(done.getCount());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                channel.shutdownNow();
                connection.control().shutdown();
            }
        }

        private WorkerMessage rogueMessage(Random random, int oversizedBytes) {
            WorkerMessage.Builder b = WorkerMessage.newBuilder().setProtocolVersion(WireProtocol.VERSION);
            Hello.Builder hello = Hello.newBuilder().setBackend("rogue").setDevice("rogue");
            switch (random.nextInt(7)) {
                case 0 -> {
                    count("rogue: wrong token");
                    byte[] t = new byte[1 + random.nextInt(40)];
                    random.nextBytes(t);
                    b.setHello(hello.setWorkerId(random.nextInt(WORKERS)).setAuthToken(new String(t,
                            java.nio.charset.StandardCharsets.ISO_8859_1)));
                }
                case 1 -> {
                    count("rogue: unknown id");
                    b.setHello(hello.setWorkerId(WORKERS + random.nextInt(Integer.MAX_VALUE - WORKERS))
                            .setAuthToken(TOKEN));
                }
                case 2 -> {
                    count("rogue: duplicate id");
                    b.setHello(hello.setWorkerId(random.nextInt(WORKERS)).setAuthToken(TOKEN));
                }
                case 3 -> {
                    count("rogue: message before Hello");
                    switch (random.nextInt(3)) {
                        case 0 -> b.setProgress(Progress.newBuilder().setRound(random.nextInt(40)).setChunksDone(1));
                        case 1 -> b.setUpload(Upload.newBuilder().setRound(random.nextInt(40))
                                .setVector(ByteString.copyFrom(new byte[8 * 27])));
                        default -> b.setHeartbeat(Heartbeat.getDefaultInstance());
                    }
                }
                case 4 -> {
                    count("rogue: random protobuf");
                    byte[] junk = new byte[random.nextInt(200)];
                    random.nextBytes(junk);
                    try {
                        return WorkerMessage.parseFrom(junk);
                    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                        return WorkerMessage.newBuilder().setProtocolVersion(random.nextInt()).build();
                    }
                }
                case 5 -> {
                    count("rogue: Hello, wrong version");
                    b.setProtocolVersion(WireProtocol.VERSION + 1 + random.nextInt(1000))
                            .setHello(hello.setWorkerId(0).setAuthToken(TOKEN));
                }
                default -> {
                    count("rogue: oversized message");
                    oversized.incrementAndGet();
                    return b.setHello(hello.setWorkerId(0).setAuthToken(TOKEN).setDevice("x".repeat(oversizedBytes)))
                            .build();
                }
            }
            rogueValidated.incrementAndGet();
            return b.build();
        }

        /** A raw connection that sends random bytes: the coordinator must close it. */
        private void garbage(int port, Random random) {
            count("garbage bytes on the port");
            byte[] junk = new byte[1 + random.nextInt(4096)];
            random.nextBytes(junk);
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                s.setSoTimeout(15_000);
                OutputStream out = s.getOutputStream();
                out.write(junk);
                out.flush();
                s.shutdownOutput();
                InputStream in = s.getInputStream();
                while (in.read() >= 0) {
                    // the server's preface or GOAWAY, until it closes the connection
                }
            } catch (java.net.SocketTimeoutException e) {
                hangs.incrementAndGet();
            } catch (java.io.IOException e) {
                // reset by the coordinator: closed, which is the point
            }
        }
    }

    /** The coordinator loop, counting tasks that throw (a crash of the state machine). */
    private static final class CrashCountingLoop implements EventLoop {
        final AtomicLong crashes = new AtomicLong();
        private final EventLoop loop;

        CrashCountingLoop(EventLoop loop) {
            this.loop = loop;
        }

        private Runnable guarded(Runnable task) {
            return () -> {
                try {
                    task.run();
                } catch (RuntimeException | Error e) {
                    crashes.incrementAndGet();
                    e.printStackTrace();
                    throw e;
                }
            };
        }

        @Override
        public void execute(Runnable command) {
            loop.execute(guarded(command));
        }

        @Override
        public double now() {
            return loop.now();
        }

        @Override
        public Cancellable at(double time, Runnable task) {
            return loop.at(time, guarded(task));
        }

        @Override
        public void close() {
            loop.close();
        }
    }

    /** A worker's channel with an interceptor on its calls (WorkerClient takes a ManagedChannel). */
    private static final class InjectingChannel extends ManagedChannel {
        private final ManagedChannel channel;
        private final Channel intercepted;

        InjectingChannel(ManagedChannel channel, ClientInterceptor interceptor) {
            this.channel = channel;
            this.intercepted = ClientInterceptors.intercept(channel, interceptor);
        }

        @Override
        public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
            return intercepted.newCall(method, options);
        }

        @Override
        public String authority() {
            return channel.authority();
        }

        @Override
        public ManagedChannel shutdown() {
            return channel.shutdown();
        }

        @Override
        public boolean isShutdown() {
            return channel.isShutdown();
        }

        @Override
        public boolean isTerminated() {
            return channel.isTerminated();
        }

        @Override
        public ManagedChannel shutdownNow() {
            return channel.shutdownNow();
        }

        @Override
        public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return channel.awaitTermination(timeout, unit);
        }
    }
}
