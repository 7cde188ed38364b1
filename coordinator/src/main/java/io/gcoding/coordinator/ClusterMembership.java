package io.gcoding.coordinator;

import io.gcoding.protocol.EncodedFrame;
import java.util.concurrent.CompletableFuture;

/**
 * Which worker ids have a live stream, and sending to them. A worker whose stream ends is gone until a process
 * says Hello again with its id (a restart or a replacement). Used only on the coordinator loop thread.
 */
final class ClusterMembership {
    private final WorkerLink[] links;
    private int connected;
    private CompletableFuture<Void> allConnected = new CompletableFuture<>();

    ClusterMembership(int workers) {
        this.links = new WorkerLink[workers];
    }

    int workers() {
        return links.length;
    }

    boolean isConnected(int worker) {
        return worker >= 0 && worker < links.length && links[worker] != null;
    }

    int connectedCount() {
        return connected;
    }

    void join(WorkerLink link) {
        links[link.worker()] = link;
        connected++;
        if (connected == links.length) {
            allConnected.complete(null);
        }
    }

    /** @return true when this link was the worker's live one (a stale duplicate closing changes nothing) */
    boolean leave(WorkerLink link) {
        int j = link.worker();
        if (j < 0 || links[j] != link) {
            return false;
        }
        links[j] = null;
        connected--;
        if (allConnected.isDone()) {
            allConnected = new CompletableFuture<>();
        }
        return true;
    }

    /** Completes when every worker id has a live stream. */
    CompletableFuture<Void> allConnected() {
        return allConnected;
    }

    /** The live link of worker j, or null. */
    WorkerLink link(int worker) {
        return links[worker];
    }

    void send(int worker, EncodedFrame frame) {
        WorkerLink link = links[worker];
        if (link != null) {
            link.send(frame);
        }
    }

    /** One frame, serialised once, to every connected worker. */
    void broadcast(EncodedFrame frame) {
        for (WorkerLink link : links) {
            if (link != null) {
                link.send(frame);
            }
        }
    }

    /** Sends the frame and ends every stream (shutdown). */
    void closeAll(EncodedFrame shutdown) {
        for (int j = 0; j < links.length; j++) {
            if (links[j] != null) {
                links[j].send(shutdown);
                links[j].complete();
                links[j] = null;
            }
        }
        connected = 0;
    }
}
