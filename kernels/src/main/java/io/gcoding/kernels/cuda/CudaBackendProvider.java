package io.gcoding.kernels.cuda;

import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.BackendProvider;
import io.gcoding.kernels.BackendUnavailableException;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.Settings;
import io.gcoding.kernels.internal.OpsBackend;

/**
 * The CUDA backend: JCuda 12.6 (driver API, NVRTC) and JCublas 12.6. Preferred over the CPU when a device is usable.
 * There is no JCusolver for CUDA 12, so nothing here needs cuSOLVER: the tiny per-chunk solves run on the host.
 */
public final class CudaBackendProvider implements BackendProvider {

    public static final String NAME = "cuda";
    public static final int PRIORITY = 100;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return PRIORITY;
    }

    @Override
    public Availability availability() {
        return CudaProbe.availability();
    }

    @Override
    public ComputeBackend create(BackendOptions options) {
        Availability probe = availability();
        if (!probe.available()) {
            throw new BackendUnavailableException("the cuda backend is unavailable: " + probe.reason());
        }
        BackendOptions opts = options == null ? BackendOptions.defaults() : options;
        CudaOps ops = new CudaOps(opts.cudaDevice(), KernelCache.configured(Settings.system()));
        return new OpsBackend(NAME, ops.device().toString(), ops);
    }
}
