package io.gcoding.kernels;

/** No usable compute backend, or the requested one cannot run here; the message says why and what to change. */
public class BackendUnavailableException extends RuntimeException {

    public BackendUnavailableException(String message) {
        super(message);
    }

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
