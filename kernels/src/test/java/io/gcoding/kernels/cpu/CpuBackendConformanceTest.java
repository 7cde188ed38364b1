package io.gcoding.kernels.cpu;

import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendConformanceTest;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.ComputeBackend;

/** The conformance suite on OpenBLAS (always runs). */
class CpuBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected Availability availability() {
        return new CpuBackendProvider().availability();
    }

    @Override
    protected ComputeBackend createBackend() {
        return new CpuBackendProvider().create(BackendOptions.defaults().withBlasThreads(1));
    }
}
