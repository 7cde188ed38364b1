package io.gcoding.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGet;
import static jcuda.driver.JCudaDriver.cuDeviceGetAttribute;
import static jcuda.driver.JCudaDriver.cuDeviceGetName;
import static jcuda.driver.JCudaDriver.cuDeviceTotalMem;

import java.nio.charset.StandardCharsets;
import jcuda.driver.CUdevice;
import jcuda.driver.CUdevice_attribute;

/**
 * A CUDA device as the driver describes it.
 *
 * @param ordinal  device index
 * @param name     marketing name, e.g. {@code NVIDIA H100 80GB HBM3}
 * @param major    compute capability major
 * @param minor    compute capability minor
 * @param memory   total device memory in bytes
 */
record CudaDeviceInfo(int ordinal, String name, int major, int minor, long memory) {

    /** Needs an initialised driver ({@code cuInit}) and exceptions enabled. */
    static CudaDeviceInfo query(int ordinal) {
        CUdevice device = new CUdevice();
        cuDeviceGet(device, ordinal);
        byte[] name = new byte[256];
        cuDeviceGetName(name, name.length, device);
        int length = 0;
        while (length < name.length && name[length] != 0) {
            length++;
        }
        int[] major = {0};
        int[] minor = {0};
        cuDeviceGetAttribute(major, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR, device);
        cuDeviceGetAttribute(minor, CUdevice_attribute.CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR, device);
        long[] memory = {0};
        cuDeviceTotalMem(memory, device);
        return new CudaDeviceInfo(ordinal, new String(name, 0, length, StandardCharsets.US_ASCII), major[0], minor[0],
                memory[0]);
    }

    /** Compute capability as one number, e.g. 90 for sm_90. */
    int capability() {
        return major * 10 + minor;
    }

    @Override
    public String toString() {
        return name + " (sm_" + capability() + ", " + memory / (1L << 20) + " MiB)";
    }
}
