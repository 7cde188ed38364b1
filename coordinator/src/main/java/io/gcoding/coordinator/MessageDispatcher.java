package io.gcoding.coordinator;

import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.MessageValidator;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.Verdict;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accepts worker streams and moves every inbound message onto the coordinator loop, where it is validated
 * ({@link MessageValidator}) and then, only if accepted, handed to the active {@link RoundDriver}. Each stream has
 * a small credit of in-flight messages, so a flood from one worker queues in its own transport buffers, not in
 * the loop's queue.
 */
final class MessageDispatcher implements ServerCalls.BidiStreamingMethod<WorkerMessage, EncodedFrame> {
    private static final Logger LOG = LoggerFactory.getLogger(MessageDispatcher.class);
    private static final int CREDIT = 16;

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

    MessageDispatcher(EventLoop loop, MessageValidator validator, ClusterMembership members,
            CoordinatorMetrics metrics, Target target) {
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
        out.request(CREDIT);
        return new StreamObserver<>() {
            @Override
            public void onNext(WorkerMessage message) {
                double arrival = loop.now();
                loop.execute(() -> {
                    handle(link, message, arrival);
                    link.request(1);
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

    private void handle(WorkerLink link, WorkerMessage message, double arrival) {
        if (link.isClosed()) {
            return;
        }
        if (!link.isBound()) {
            link.heard(arrival);
            Verdict<Messages.Hello> v = validator.checkHello(message, members.workers(), members::isConnected);
            if (v instanceof Verdict.Accept<Messages.Hello> a) {
                link.bind(a.message());
                members.join(link);
                if (a.message().replacement()) {
                    LOG.info("worker {} rejoined (replacement process): {} on {}", a.message().workerId(),
                            a.message().backend(), a.message().device());
                } else {
                    LOG.debug("worker {} joined: {} on {}", a.message().workerId(), a.message().backend(),
                            a.message().device());
                }
                target.onJoined(link);
            } else {
                String reason = reason(v);
                metrics.rejected();
                LOG.warn("rejected a stream: {}", reason);
                link.fail(Status.PERMISSION_DENIED.withDescription(reason));
            }
            return;
        }
        link.heard(arrival);
        if (message.getBodyCase() == WorkerMessage.BodyCase.HEARTBEAT) {
            return; // its only meaning is the time it arrived
        }
        RoundDriver driver = target.activeDriver();
        if (driver == null) {
            metrics.dropped();
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
            metrics.dropped();
            LOG.debug("dropped: {}", d.reason());
        } else {
            metrics.rejected();
            LOG.warn("rejected: {}", reason(v));
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

    private static String reason(Verdict<?> v) {
        if (v instanceof Verdict.Reject<?> r) {
            return r.reason();
        }
        if (v instanceof Verdict.Drop<?> d) {
            return d.reason();
        }
        return "accepted";
    }
}
