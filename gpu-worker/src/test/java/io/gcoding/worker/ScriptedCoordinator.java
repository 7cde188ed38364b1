package io.gcoding.worker;

import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.TrainingService;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.Server;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.io.IOException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A test peer on the coordinator's side of {@code Training/Session}, over the in-process transport: it accepts one
 * worker stream, records what the worker sends, and sends exactly the messages a test scripts (honest or not),
 * pre-encoded as the real coordinator sends them ({@link TrainingService}). The mirror image of the coordinator
 * module's {@code ScriptedWorker}.
 */
final class ScriptedCoordinator implements AutoCloseable {
    static final long TIMEOUT_SECONDS = 10;

    private final String name = InProcessServerBuilder.generateName();
    private final Server server;
    private final CompletableFuture<StreamObserver<EncodedFrame>> stream = new CompletableFuture<>();
    /** Every decoded worker message, in arrival order. */
    final BlockingQueue<Messages.FromWorker> inbox = new LinkedBlockingQueue<>();
    /** Heartbeats received (not in the inbox, so that scripts see only the protocol's messages). */
    final java.util.concurrent.atomic.AtomicInteger heartbeats = new java.util.concurrent.atomic.AtomicInteger();
    /** Ready messages received (not in the inbox either). */
    final BlockingQueue<Messages.Ready> readies = new LinkedBlockingQueue<>();
    /** Completes when the worker's side of the stream ends: OK when it half-closes, else the error or CANCELLED. */
    final CompletableFuture<Status> streamEnded = new CompletableFuture<>();

    ScriptedCoordinator() throws IOException {
        server = InProcessServerBuilder.forName(name).directExecutor().addService(TrainingService.bind(responses -> {
            if (!stream.complete(responses)) {
                responses.onError(Status.ALREADY_EXISTS.withDescription("one worker per scripted coordinator")
                        .asRuntimeException());
            }
            ((ServerCallStreamObserver<EncodedFrame>) responses).setOnCancelHandler(
                    () -> streamEnded.complete(Status.CANCELLED));
            return new StreamObserver<WorkerMessage>() {
                @Override
                public void onNext(WorkerMessage value) {
                    try {
                        Messages.FromWorker m = WireCodec.decode(value);
                        if (m instanceof Messages.Heartbeat) {
                            heartbeats.incrementAndGet(); // every second, at any point of a script: kept apart
                            return;
                        }
                        if (m instanceof Messages.Ready r) {
                            readies.add(r); // once per Config, whenever the chunks are built: kept apart too
                            return;
                        }
                        inbox.add(m);
                    } catch (Exception e) {
                        throw new IllegalStateException("the worker sent an undecodable message: " + value, e);
                    }
                }

                @Override
                public void onError(Throwable t) {
                    streamEnded.complete(Status.fromThrowable(t));
                }

                @Override
                public void onCompleted() {
                    streamEnded.complete(Status.OK);
                }
            };
        })).build().start();
    }

    /** A fresh channel to this coordinator, for the worker under test. */
    io.grpc.ManagedChannel channel() {
        return InProcessChannelBuilder.forName(name).build();
    }

    ScriptedCoordinator send(Messages.FromCoordinator message) throws Exception {
        return sendFrame(EncodedFrame.of(message));
    }

    /** Sends a wire message as given, e.g. one that no honest coordinator would build. */
    ScriptedCoordinator sendRaw(CoordinatorMessage message) throws Exception {
        return sendFrame(EncodedFrame.ofBytes(message.toByteArray(), "raw"));
    }

    private ScriptedCoordinator sendFrame(EncodedFrame frame) throws Exception {
        stream.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).onNext(frame);
        return this;
    }

    /** Ends the stream from the coordinator's side, as the real one does after Shutdown. */
    void completeStream() throws Exception {
        stream.get(TIMEOUT_SECONDS, TimeUnit.SECONDS).onCompleted();
    }

    /** The next worker message, which must be of the given type. */
    <T extends Messages.FromWorker> T expect(Class<T> type) throws InterruptedException {
        Messages.FromWorker m = inbox.poll(TIMEOUT_SECONDS, TimeUnit.SECONDS);
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
        }
        return type.cast(m);
    }

    /** The next worker message, or null when none comes within {@code millis}. */
    Messages.FromWorker poll(long millis) throws InterruptedException {
        return inbox.poll(millis, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
