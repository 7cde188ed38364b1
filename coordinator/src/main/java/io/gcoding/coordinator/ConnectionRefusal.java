package io.gcoding.coordinator;

import java.util.Locale;

/** Why the coordinator closed a TCP connection before gRPC saw it (counted per reason in the metrics). */
public enum ConnectionRefusal {
    /** Too many connections from one address have not yet said an accepted Hello. */
    UNAUTHENTICATED_LIMIT,
    /** A plaintext client on a TLS port. */
    PLAINTEXT_ON_TLS,
    /** A TLS client on a plaintext port. */
    TLS_ON_PLAINTEXT;

    public String tag() {
        return name().toLowerCase(Locale.ROOT);
    }
}
