package io.gcoding.kernels;

/**
 * Service-provider interface of a compute backend, found with {@link java.util.ServiceLoader} through
 * {@code META-INF/services/io.gcoding.kernels.BackendProvider}.
 *
 * <p>Providers must be cheap to construct: no native library is loaded and no device is touched until
 * {@link #availability()} or {@link #create} is called (probe lazily).
 */
public interface BackendProvider {

    /** Short stable name used by the override ({@code GCODING_BACKEND=cpu|cuda}), e.g. {@code cpu}. */
    String name();

    /** Higher wins when several backends are available; ties are broken by name. */
    int priority();

    /**
     * Probes whether this backend can run here. NEVER throws: every failure (missing native library, no driver,
     * no device) becomes an unavailable answer with a reason. Implementations cache the answer.
     */
    Availability availability();

    /** Shorthand for {@code availability().available()}; never throws. */
    default boolean isAvailable() {
        return availability().available();
    }

    /**
     * Creates a backend instance. Call only when {@link #isAvailable()}; otherwise it throws
     * {@link BackendUnavailableException} with the probe's reason.
     */
    ComputeBackend create(BackendOptions options);
}
