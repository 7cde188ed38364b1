package io.gcoding.kernels;

import java.util.Objects;

/**
 * The answer of a {@link BackendProvider} probe: whether the backend can run here and, in words, why or why not
 * (e.g. {@code "no CUDA driver (libcuda.so.1 not found)"} or {@code "NVIDIA H100 (sm_90), driver 12.4"}).
 *
 * @param available whether {@link BackendProvider#create} is expected to succeed
 * @param reason    one line for logs and error messages; never null or blank
 */
public record Availability(boolean available, String reason) {

    public Availability {
        Objects.requireNonNull(reason, "reason");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("an availability needs a reason a person can act on");
        }
    }

    public static Availability available(String description) {
        return new Availability(true, description);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
