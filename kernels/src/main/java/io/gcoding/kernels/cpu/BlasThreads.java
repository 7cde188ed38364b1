package io.gcoding.kernels.cpu;

import io.gcoding.kernels.Settings;

/**
 * How many threads OpenBLAS may use. In order: an explicit count in the options; {@code -Dgcoding.blas.threads};
 * {@code GCODING_BLAS_THREADS}; one thread when several workers share the machine (each worker process already
 * keeps a core busy, so more threads only oversubscribe); otherwise every core.
 */
public final class BlasThreads {

    public static final String PROPERTY = "gcoding.blas.threads";
    public static final String ENV = "GCODING_BLAS_THREADS";

    private BlasThreads() {
    }

    public static int resolve(int explicit, int workersOnMachine, Settings settings, int cores) {
        if (explicit > 0) {
            return explicit;
        }
        Settings.Value configured = settings.get(PROPERTY, ENV);
        if (configured != null) {
            int threads;
            try {
                threads = Integer.parseInt(configured.value());
            } catch (NumberFormatException e) {
                threads = 0;
            }
            if (threads < 1) {
                throw new IllegalArgumentException(configured + " is not a positive thread count; set it to e.g. 1 or "
                        + cores + ", or unset it");
            }
            return threads;
        }
        return workersOnMachine > 1 ? 1 : Math.max(1, cores);
    }
}
