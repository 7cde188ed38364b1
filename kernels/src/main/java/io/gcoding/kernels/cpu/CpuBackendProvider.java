package io.gcoding.kernels.cpu;

import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.BackendProvider;
import io.gcoding.kernels.BackendUnavailableException;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.Settings;
import io.gcoding.kernels.internal.OpsBackend;
import org.bytedeco.openblas.global.openblas_full;

/**
 * The CPU backend: OpenBLAS (org.bytedeco) on off-heap buffers. Available wherever its bundled natives load, i.e.
 * on every supported platform; the fallback when CUDA is not.
 */
public final class CpuBackendProvider implements BackendProvider {

    public static final String NAME = "cpu";
    public static final int PRIORITY = 10;

    private Availability availability;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public synchronized Availability availability() {
        if (availability == null) {
            availability = probe();
        }
        return availability;
    }

    private static Availability probe() {
        try {
            return Availability.available(openblasConfig());
        } catch (LinkageError | RuntimeException e) {
            return Availability.unavailable("OpenBLAS natives did not load (" + e + ")");
        }
    }

    /** Loads OpenBLAS (JavaCPP extracts it to its cache on first use) and returns its build string. */
    static String openblasConfig() {
        return openblas_full.openblas_get_config().getString().trim();
    }

    @Override
    public ComputeBackend create(BackendOptions options) {
        Availability probe = availability();
        if (!probe.available()) {
            throw new BackendUnavailableException("the cpu backend is unavailable: " + probe.reason());
        }
        BackendOptions opts = options == null ? BackendOptions.defaults() : options;
        int threads = BlasThreads.resolve(opts.blasThreads(), opts.workersOnMachine(), Settings.system(),
                Runtime.getRuntime().availableProcessors());
        OpenBlasOps ops = new OpenBlasOps(threads);
        return new OpsBackend(NAME, probe.reason() + ", " + threads + (threads == 1 ? " thread" : " threads"), ops);
    }
}
