package io.gcoding.protocol;

/** Constants of the wire protocol shared by both sides. */
public final class WireProtocol {
    /** The only protocol version this build speaks; see training.proto. */
    public static final int VERSION = 1;

    /** Fixed room for envelopes, small fields and protobuf framing around the vectors. */
    private static final int OVERHEAD_BYTES = 64 * 1024;

    private WireProtocol() {
    }

    /**
     * The coordinator's max inbound message size: the largest legal worker message is an Upload of ceil(d/ell)
     * doubles, so anything bigger is rejected by the transport before it is buffered.
     */
    public static int coordinatorInboundLimit(int uploadLength) {
        return Math.toIntExact(8L * uploadLength + OVERHEAD_BYTES);
    }

    /**
     * A worker's max inbound message size: a RoundStart of d doubles with the round's orders (adaptive ordering:
     * {@code orderEntries} chunk indices, at most 5 bytes each as varints, plus per-order framing), or a Config with
     * the same orders, whichever is larger.
     */
    public static int workerInboundLimit(int parameterCount, long orderEntries, int workers) {
        long orders = 6L * orderEntries + 8L * workers;
        return Math.toIntExact(8L * parameterCount + orders + OVERHEAD_BYTES);
    }
}
