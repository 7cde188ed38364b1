package io.gcoding.coordinator;

import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.MessageValidator;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.Verdict;
import io.gcoding.protocol.VerdictReason;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.Context;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import java.net.SocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts worker streams and moves every inbound message onto the coordinator loop, where it is validated
 * ({@link MessageValidator}) and then, only if accepted, handed to the active {@link RoundDriver}. Each stream has
 * a small credit of in-flight messages, so a flood from one worker queues in its own transport buffers, not in
 * the loop's queue. A stream must say an accepted Hello within {@link #HELLO_SECONDS}, or it is cut off: an
 * unauthenticated peer cannot hold a stream (and the connection under it) open.
 */
final class MessageDispatcher implements ServerCalls.BidiStreamingMethod<WorkerMessage, EncodedFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);
    private static final int CREDIT = 16;
    /** Credit goes back in batches of this many handled messages (so 9 to 16 stay outstanding). */
    private static final int CREDIT_BATCH = 8;
    /** Seconds a new stream has to say an accepted Hello (workers say it at once). */
    static final double HELLO_SECONDS = 10;
    /** The remote address of the call being started, set by {@link Coordinator}'s interceptor. */
    static final Context.Key<SocketAddress> REMOTE = Context.key("gcoding-remote-address");

    /** The coordinator state the dispatcher reads and notifies; all on the loop. */
    interface Target {
        RoundDriver activeDriver();

        /** A Hello was accepted and the link joined the membership. */
        void onJoined(WorkerLink link);

        /** A joined link's stream ended. */
        void onLeft(WorkerLink link);

        /** An accepted error report of a worker. */
        void onWorkerError(int worker, Messages.WorkerError error);

        /** Worker j has loaded the current session's chunks. */
        void onReady(int worker);
    }

    private final EventLoop loop;
    private final MessageValidator validator;
    private final ClusterMembership members;
    private final CoordinatorMetrics metrics;
    private final Target target;
    private final PeerGate gate;

    MessageDispatcher(EventLoop loop, MessageValidator validator, ClusterMembership members,
            CoordinatorMetrics metrics, Target target, PeerGate gate) {
        this.gate = gate;
        this.loop = loop;
        this.validator = validator;
        this.members = members;
        this.metrics = metrics;
        this.target = target;
    }

    @Override
    public StreamObserver<WorkerMessage> invoke(StreamObserver<EncodedFrame> responseObserver) {
        ServerCallStreamObserver<EncodedFrame> out = (ServerCallStreamObserver<EncodedFrame>) responseObserver;
        out.disableAutoRequest();
        WorkerLink link = new WorkerLink(out, loop);
        SocketAddress remote = REMOTE.get();
        out.request(CREDIT);
        loop.execute(() -> loop.at(loop.now() + HELLO_SECONDS, () -> {
            if (!link.isBound() && !link.isClosed()) {
                metrics.rejected(VerdictReason.NO_HELLO_IN_TIME);
                LOG.warn("rejected a stream from {}: no Hello within {} s", remote, HELLO_SECONDS);
                link.fail(Status.DEADLINE_EXCEEDED.withDescription("no Hello within " + HELLO_SECONDS + " s"));
            }
        }));
        return new StreamObserver<>() {
            @Override
            public void onNext(WorkerMessage message) {
                double arrival = loop.now();
                loop.execute(() -> {
                    handle(link, remote, message, arrival);
                    link.consumed(CREDIT_BATCH);
                });
            }

            @Override
            public void onError(Throwable t) {
                loop.execute(() -> closed(link, t.toString()));
            }

            @Override
            public void onCompleted() {
                loop.execute(() -> {
                    link.complete();
                    closed(link, "stream completed");
                });
            }
        };
    }

    private void handle(WorkerLink link, SocketAddress remote, WorkerMessage message, double arrival) {
        if (link.isClosed()) {
            return;
        }
        if (!link.isBound()) {
            link.heard(arrival);
            Verdict<Messages.Hello> v = validator.checkHello(message, members.workers(), members::isConnected);
            if (v instanceof Verdict.Accept<Messages.Hello> a) {
                link.bind(a.message());
                members.join(link);
                if (remote != null) {
                    gate.authenticated(remote);
                }
                if (a.message().replacement()) {
                    LOG.info("worker {} rejoined (replacement process): {} on {}", a.message().workerId(),
                            a.message().backend(), a.message().device());
                } else {
                    LOG.debug("worker {} joined: {} on {}", a.message().workerId(), a.message().backend(),
                            a.message().device());
                }
                target.onJoined(link);
            } else {
                Verdict.Reject<Messages.Hello> r = (Verdict.Reject<Messages.Hello>) v;
                metrics.rejected(r.kind());
                LOG.warn("rejected a stream from {}: {}", remote, r.reason());
                link.fail(Status.PERMISSION_DENIED.withDescription(r.reason()));
            }
            return;
        }
        link.heard(arrival);
        if (message.getBodyCase() == WorkerMessage.BodyCase.HEARTBEAT) {
            return; // its only meaning is the time it arrived
        }
        RoundDriver driver = target.activeDriver();
        if (driver == null) {
            metrics.dropped(VerdictReason.NO_SESSION);
            LOG.debug("dropped {} from worker {}: no session is running", message.getBodyCase(), link.worker());
            return;
        }
        Verdict<Messages.FromWorker> v = validator.check(link.worker(), message, driver);
        if (v instanceof Verdict.Accept<Messages.FromWorker> a) {
            if (a.message() instanceof Messages.Progress p) {
                driver.onProgress(link.worker(), p, arrival);
            } else if (a.message() instanceof Messages.Upload u) {
                driver.onUpload(link.worker(), u, arrival);
            } else if (a.message() instanceof Messages.Ready) {
                target.onReady(link.worker());
            } else if (a.message() instanceof Messages.WorkerError e) {
                LOG.warn("worker {} reports an error ({}): {}", link.worker(), e.kind(), e.reason());
                target.onWorkerError(link.worker(), e);
            }
        } else if (v instanceof Verdict.Drop<Messages.FromWorker> d) {
            metrics.dropped(d.kind());
            LOG.debug("dropped: {}", d.reason());
        } else if (v instanceof Verdict.Reject<Messages.FromWorker> r) {
            metrics.rejected(r.kind());
            LOG.warn("rejected: {}", r.reason());
        }
    }

    private void closed(WorkerLink link, String why) {
        boolean wasLive = link.isBound() && members.leave(link);
        link.markClosed();
        if (wasLive) {
            LOG.warn("worker {} disconnected ({})", link.worker(), why);
            target.onLeft(link);
        }
    }
}
