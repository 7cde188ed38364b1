package io.gcoding.coordinator;

/**
 * A run ended for a stated reason that is not a configuration mistake: a round that could not finish within its
 * timeout, a model that diverged. The command prints the message on one line and exits with 1.
 */
public class RunFailedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public RunFailedException(String message) {
        super(message);
    }
}
