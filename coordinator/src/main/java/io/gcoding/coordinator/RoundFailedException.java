package io.gcoding.coordinator;

/** A round could not finish within its timeout; the message names whom it waited for. */
public final class RoundFailedException extends RunFailedException {
    private static final long serialVersionUID = 1L;

    public RoundFailedException(String message) {
        super(message);
    }
}
