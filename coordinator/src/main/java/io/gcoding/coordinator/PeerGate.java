package io.gcoding.coordinator;

import java.net.SocketAddress;

/**
 * What the transport learns from the protocol: the connection of a stream whose Hello was accepted is authenticated,
 * so it no longer counts against the limit on unauthenticated connections per address ({@link ConnectionGuard}).
 */
public interface PeerGate {
    /** Called on the coordinator loop. */
    void authenticated(SocketAddress remote);

    /** For transports without a connection limit (in-process tests). */
    PeerGate NONE = remote -> { };
}
