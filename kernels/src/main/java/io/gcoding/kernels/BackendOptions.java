package io.gcoding.kernels;

/**
 * How a backend should use the machine it runs on.
 *
 * @param blasThreads      threads for the CPU BLAS; 0 = decide from {@code -Dgcoding.blas.threads},
 *                         {@code GCODING_BLAS_THREADS}, then {@code workersOnMachine}
 * @param workersOnMachine how many worker processes share this machine; above 1 the CPU backend defaults to one BLAS
 *                         thread so the workers do not oversubscribe the cores
 * @param cudaDevice       ordinal of the CUDA device to use
 */
public record BackendOptions(int blasThreads, int workersOnMachine, int cudaDevice) {

    public BackendOptions {
        if (blasThreads < 0) {
            throw new IllegalArgumentException("blasThreads must be >= 0 (0 = automatic), got " + blasThreads);
        }
        if (workersOnMachine < 1) {
            throw new IllegalArgumentException("workersOnMachine must be >= 1, got " + workersOnMachine);
        }
        if (cudaDevice < 0) {
            throw new IllegalArgumentException("cudaDevice must be a device ordinal >= 0, got " + cudaDevice);
        }
    }

    /** Automatic thread count, one worker on the machine, CUDA device 0. */
    public static BackendOptions defaults() {
        return new BackendOptions(0, 1, 0);
    }

    /** Automatic settings for {@code workers} worker processes sharing this machine. */
    public static BackendOptions sharedBy(int workers) {
        return new BackendOptions(0, workers, 0);
    }

    public BackendOptions withBlasThreads(int threads) {
        return new BackendOptions(threads, workersOnMachine, cudaDevice);
    }

    public BackendOptions withCudaDevice(int ordinal) {
        return new BackendOptions(blasThreads, workersOnMachine, ordinal);
    }
}
