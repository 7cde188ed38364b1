package io.gcoding.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuDeviceGetCount;
import static jcuda.driver.JCudaDriver.cuDriverGetVersion;
import static jcuda.driver.JCudaDriver.cuInit;

import io.gcoding.kernels.Availability;
import jcuda.CudaException;
import jcuda.driver.JCudaDriver;
import jcuda.jcublas.JCublas2;
import jcuda.nvrtc.JNvrtc;

/**
 * Finds out, once per JVM, whether the CUDA backend can run: the JCuda natives load (they need the driver's
 * {@code libcuda.so.1}, and CUDA 12's {@code libnvrtc.so.12} and {@code libcublas.so.12}), the driver initialises and
 * a device of compute capability >= 6.0 (double-precision atomics, what NVRTC 12 supports) is visible.
 *
 * <p>The answer is cached JVM-wide because a failed native load cannot be retried: JCuda's classes stay broken
 * ({@code NoClassDefFoundError}) after the first {@code UnsatisfiedLinkError}. Nothing happens until the first call.
 */
final class CudaProbe {

    /** Lowest compute capability (major) the kernels are written for. */
    static final int MIN_MAJOR = 6;

    private static Availability cached;

    private CudaProbe() {
    }

    static synchronized Availability availability() {
        if (cached == null) {
            cached = run();
        }
        return cached;
    }

    private static Availability run() {
        try {
            JCudaDriver.setExceptionsEnabled(true);
            cuInit(0);
            int[] count = {0};
            cuDeviceGetCount(count);
            if (count[0] < 1) {
                return Availability.unavailable("no CUDA device visible (cuDeviceGetCount = 0; check "
                        + "CUDA_VISIBLE_DEVICES)");
            }
            CudaDeviceInfo device = CudaDeviceInfo.query(0);
            if (device.major() < MIN_MAJOR) {
                return Availability.unavailable("CUDA device 0 (" + device + ") has compute capability below "
                        + MIN_MAJOR + ".0");
            }
            int[] driver = {0};
            cuDriverGetVersion(driver);
            int[] nvrtcMajor = {0};
            int[] nvrtcMinor = {0};
            JNvrtc.setExceptionsEnabled(true);
            JNvrtc.nvrtcVersion(nvrtcMajor, nvrtcMinor);
            JCublas2.setExceptionsEnabled(true); // loads JCublas2 and with it libcublas.so.12
            return Availability.available(count[0] + " CUDA device(s), device 0: " + device + ", driver "
                    + driver[0] / 1000 + "." + driver[0] % 1000 / 10 + ", NVRTC " + nvrtcMajor[0] + "."
                    + nvrtcMinor[0]);
        } catch (LinkageError | CudaException e) {
            return Availability.unavailable(describe(e));
        } catch (RuntimeException e) {
            return Availability.unavailable("CUDA probe failed: " + firstLine(String.valueOf(e)));
        }
    }

    /**
     * Turns what JCuda throws into a reason a person can act on. JCuda's {@code UnsatisfiedLinkError} text nests the
     * real cause (which shared library the loader could not open) inside a long stack trace dump.
     */
    static String describe(Throwable error) {
        String text = String.valueOf(error.getMessage());
        if (text.contains("libcuda.so")) {
            return "no CUDA driver (libcuda.so.1 not found)";
        }
        if (text.contains("libnvrtc.so")) {
            return "no CUDA 12 NVRTC (libnvrtc.so.12 not found; install the CUDA 12 runtime libraries)";
        }
        if (text.contains("libcublas")) {
            return "no CUDA 12 cuBLAS (libcublas.so.12 not found; install the CUDA 12 runtime libraries)";
        }
        if (error instanceof NoClassDefFoundError) {
            return "JCuda natives failed to load earlier in this JVM (" + firstLine(text) + ")";
        }
        if (error instanceof UnsatisfiedLinkError) {
            return "JCuda natives did not load (" + firstLine(text) + ")";
        }
        if (text.contains("CUDA_ERROR_NO_DEVICE")) {
            return "no CUDA device (the driver reports CUDA_ERROR_NO_DEVICE)";
        }
        if (text.contains("INSUFFICIENT_DRIVER") || text.contains("InsufficientDriver")) {
            return "CUDA driver too old for JCuda 12.6 (" + firstLine(text) + "; install a CUDA 12 driver)";
        }
        return "CUDA error while probing: " + firstLine(text);
    }

    private static String firstLine(String text) {
        int newline = text.indexOf('\n');
        return (newline < 0 ? text : text.substring(0, newline)).trim();
    }
}
