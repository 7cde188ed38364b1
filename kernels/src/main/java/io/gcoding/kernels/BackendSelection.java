package io.gcoding.kernels;

import java.util.Objects;

/**
 * The outcome of backend selection: the provider to use and the one-line reason it was chosen.
 *
 * @param provider the chosen provider (available)
 * @param reason   why it was chosen, e.g. {@code "highest priority available; cuda unavailable: no CUDA driver ..."}
 */
public record BackendSelection(BackendProvider provider, String reason) {

    public BackendSelection {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(reason, "reason");
    }

    /** The line that selection logs: which backend and why. */
    public String logLine() {
        return "compute backend: " + provider.name() + " (" + provider.availability().reason() + "); " + reason;
    }
}
