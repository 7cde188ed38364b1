package io.gcoding.kernels.cuda;

import static jcuda.nvrtc.JNvrtc.nvrtcCompileProgram;
import static jcuda.nvrtc.JNvrtc.nvrtcCreateProgram;
import static jcuda.nvrtc.JNvrtc.nvrtcDestroyProgram;
import static jcuda.nvrtc.JNvrtc.nvrtcGetCUBIN;
import static jcuda.nvrtc.JNvrtc.nvrtcGetCUBINSize;
import static jcuda.nvrtc.JNvrtc.nvrtcGetNumSupportedArchs;
import static jcuda.nvrtc.JNvrtc.nvrtcGetPTX;
import static jcuda.nvrtc.JNvrtc.nvrtcGetProgramLog;
import static jcuda.nvrtc.JNvrtc.nvrtcGetSupportedArchs;
import static jcuda.nvrtc.JNvrtc.nvrtcVersion;

import java.nio.charset.StandardCharsets;
import jcuda.CudaException;
import jcuda.nvrtc.JNvrtc;
import jcuda.nvrtc.nvrtcProgram;

/**
 * Compiles the .cu resources at run time with NVRTC, so the build never needs nvcc and the code always matches the
 * driver: nvcc 13 emits PTX ISA 9.0, which CUDA 12 drivers reject, whereas NVRTC 12 on the GPU node emits what its
 * own driver accepts.
 *
 * <p>When NVRTC knows the device's architecture it produces a CUBIN for exactly {@code sm_XY} (no JIT at load).
 * For a device newer than this NVRTC it produces PTX for the newest architecture it knows, which the driver
 * JIT-compiles forward.
 */
final class NvrtcCompiler {

    private NvrtcCompiler() {
    }

    /** The {@code --gpu-architecture} value for a device of compute capability {@code capability} (e.g. 90). */
    static String target(int capability) {
        JNvrtc.setExceptionsEnabled(true);
        int[] count = {0};
        nvrtcGetNumSupportedArchs(count);
        int[] archs = new int[count[0]];
        nvrtcGetSupportedArchs(archs);
        int best = -1;
        for (int arch : archs) {
            if (arch == capability) {
                return "sm_" + capability;
            }
            if (arch < capability) {
                best = Math.max(best, arch);
            }
        }
        if (best < 0) {
            throw new IllegalStateException("NVRTC supports none of the architectures up to sm_" + capability);
        }
        return "compute_" + best;
    }

    static String version() {
        int[] major = {0};
        int[] minor = {0};
        nvrtcVersion(major, minor);
        return major[0] + "." + minor[0];
    }

    /** A CUBIN for {@code sm_XY} targets, a NUL-terminated PTX string for {@code compute_XY} targets. */
    static byte[] compile(String fileName, String source, String target) {
        nvrtcProgram program = new nvrtcProgram();
        nvrtcCreateProgram(program, source, fileName, 0, null, null);
        try {
            try {
                nvrtcCompileProgram(program, 1, new String[] {"--gpu-architecture=" + target});
            } catch (CudaException e) {
                String[] log = {""};
                nvrtcGetProgramLog(program, log);
                throw new IllegalStateException("NVRTC could not compile " + fileName + " for " + target + ":\n"
                        + log[0], e);
            }
            if (target.startsWith("sm_")) {
                long[] size = {0};
                nvrtcGetCUBINSize(program, size);
                byte[] cubin = new byte[Math.toIntExact(size[0])];
                nvrtcGetCUBIN(program, cubin);
                return cubin;
            }
            String[] ptx = {null};
            nvrtcGetPTX(program, ptx);
            return (ptx[0] + '\0').getBytes(StandardCharsets.US_ASCII);
        } finally {
            nvrtcDestroyProgram(program);
        }
    }
}
