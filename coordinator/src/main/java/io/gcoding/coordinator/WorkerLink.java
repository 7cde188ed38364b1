package io.gcoding.coordinator;

import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.Messages.Hello;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * The coordinator's end of one worker stream. Outbound frames go out only while the transport says the stream is
 * ready, so a worker that stops reading cannot make the coordinator buffer model copies without bound; the rest
 * wait in a small queue that the transport's on-ready signal drains. Used only on the coordinator loop thread.
 */
final class WorkerLink {
    /** A worker this far behind on its stream is not reading: it is cut off rather than buffered for. */
    private static final int MAX_PENDING = 64;

    private final ServerCallStreamObserver<EncodedFrame> out;
    private final ArrayDeque<EncodedFrame> pending = new ArrayDeque<>();
    private int worker = -1;
    private boolean closed;
    private double lastHeard;
    /** Inbound messages handled since credit was last granted back. */
    private int owed;

    WorkerLink(ServerCallStreamObserver<EncodedFrame> out, Executor loop) {
        this.out = out;
        out.setOnReadyHandler(() -> loop.execute(this::drain));
        out.setOnCancelHandler(() -> { });
    }

    /** Binds the stream to a worker id after an accepted Hello. */
    void bind(Hello accepted) {
        this.worker = accepted.workerId();
    }

    int worker() {
        return worker;
    }

    /** A message (any) arrived at this time: the worker is alive. */
    void heard(double time) {
        lastHeard = Math.max(lastHeard, time);
    }

    /** When the last message of this stream arrived (the Hello at least). */
    double lastHeard() {
        return lastHeard;
    }

    boolean isBound() {
        return worker >= 0;
    }

    boolean isClosed() {
        return closed;
    }

    void send(EncodedFrame frame) {
        if (closed) {
            return;
        }
        if (pending.isEmpty() && out.isReady()) {
            out.onNext(frame);
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            fail(Status.RESOURCE_EXHAUSTED.withDescription("worker does not read its stream"));
            return;
        }
        pending.add(frame);
    }

    /** Lets the transport deliver one more inbound message (bounded per-stream credit). */
    void request(int messages) {
        if (!closed) {
            out.request(messages);
        }
    }

    /**
     * One inbound message was handled: its credit is granted back in batches of {@code batch}, so the transport's
     * request path (which may deliver queued messages at once) runs once per batch instead of once per message.
     * The stream keeps at least {@code initial - batch + 1} messages of credit outstanding.
     */
    void consumed(int batch) {
        if (++owed >= batch) {
            int messages = owed;
            owed = 0;
            request(messages);
        }
    }

    private void drain() {
        while (!closed && !pending.isEmpty() && out.isReady()) {
            out.onNext(pending.poll());
        }
    }

    /** Ends the stream normally (after a Shutdown frame). */
    void complete() {
        if (!closed) {
            drain();
            closed = true;
            out.onCompleted();
        }
    }

    /** Ends the stream with an error status (a rejected Hello, a peer that does not read). */
    void fail(Status status) {
        if (!closed) {
            closed = true;
            pending.clear();
            out.onError(status.asRuntimeException());
        }
    }

    /** The transport reports the stream gone. */
    void markClosed() {
        closed = true;
        pending.clear();
    }
}
