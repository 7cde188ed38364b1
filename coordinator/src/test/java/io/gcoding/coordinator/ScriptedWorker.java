package io.gcoding.coordinator;

import io.gcoding.protocol.Messages;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.inprocess.InProcessChannelBuilder;
import io.grpc.stub.StreamObserver;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** A test peer that sends exactly the messages a test scripts (honest or not) over the in-process transport. */
final class ScriptedWorker implements AutoCloseable {
    private final ManagedChannel channel;
    private final StreamObserver<WorkerMessage> out;
    final BlockingQueue<Messages.FromCoordinator> inbox = new LinkedBlockingQueue<>();
    final CompletableFuture<Status> closed = new CompletableFuture<>();

    ScriptedWorker(String serverName) {
        this(serverName, true);
    }

    /** @param autoReady answer every Config with Ready at once (false: the script sends Ready itself) */
    ScriptedWorker(String serverName, boolean autoReady) {
        channel = InProcessChannelBuilder.forName(serverName).build();
        out = TrainingGrpc.newStub(channel).session(new StreamObserver<>() {
            @Override
            public void onNext(CoordinatorMessage value) {
                try {
                    Messages.FromCoordinator m = WireCodec.decode(value);
                    inbox.add(m);
                    if (autoReady && m instanceof io.gcoding.protocol.SessionConfig c) {
                        // like a worker whose chunks load at once: the session's first round may start
                        send(new Messages.Ready(c.firstRound()));
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public void onError(Throwable t) {
                closed.complete(Status.fromThrowable(t));
            }

            @Override
            public void onCompleted() {
                closed.complete(Status.OK);
            }
        });
    }

    /** Synchronized: the automatic Ready goes out from the transport's thread. */
    synchronized ScriptedWorker send(Messages.FromWorker message) {
        out.onNext(WireCodec.encode(message));
        return this;
    }

    synchronized ScriptedWorker sendRaw(WorkerMessage message) {
        out.onNext(message);
        return this;
    }

    /** The next message of the given type, skipping nothing: anything else fails the test. */
    <T extends Messages.FromCoordinator> T expect(Class<T> type) throws InterruptedException {
        Messages.FromCoordinator m = inbox.poll(10, TimeUnit.SECONDS);
        if (!type.isInstance(m)) {
            throw new AssertionError("expected " + type.getSimpleName() + " but got " + m);
        }
        return type.cast(m);
    }

    @Override
    public void close() {
        channel.shutdownNow();
    }
}
