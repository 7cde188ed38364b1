package io.gcoding.kernels.cuda;

import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendConformanceTest;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.ComputeBackend;

/** The conformance suite on CUDA; every test is skipped, with the probe's reason, where no usable device exists. */
class CudaBackendConformanceTest extends BackendConformanceTest {

    @Override
    protected Availability availability() {
        return new CudaBackendProvider().availability();
    }

    @Override
    protected ComputeBackend createBackend() {
        return new CudaBackendProvider().create(BackendOptions.defaults());
    }
}
