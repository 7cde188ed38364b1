package io.gcoding.protocol;

/** A message that cannot be decoded: unknown protocol version, missing body, malformed vector bytes. */
public final class WireFormatException extends Exception {
    public WireFormatException(String reason) {
        super(reason);
    }
}
