package io.gcoding.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuCtxSynchronize;
import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;

/**
 * The custom kernels: loads every .cu resource (compiled by NVRTC through the {@link KernelCache}) into a module of
 * the current context and launches kernels by name with grid-stride sizing.
 */
final class CudaKernels implements AutoCloseable {

    /** The .cu files under {@code io/gcoding/kernels/cuda/} and the kernels each defines. */
    static final Map<String, List<String>> SOURCES = Map.of(
            "losses.cu", List.of("linear_residual", "logistic_residual", "softmax_minus_one_hot"),
            "activations.cu", List.of("add_bias_relu", "relu_backward"),
            "gather.cu", List.of("gather_rows"),
            "encode.cu", List.of("encode_combine"));

    private static final int THREADS = 256;
    /** Grid cap; the kernels loop (grid-stride) over whatever lies beyond. */
    private static final long MAX_BLOCKS = 65_535;

    private final List<CUmodule> modules = new ArrayList<>();
    private final Map<String, CUfunction> functions = new HashMap<>();
    private final boolean synchronous;

    /**
     * @param synchronous wait after each launch so a faulting kernel is reported at its own call rather than at the
     *                    next copy ({@code -Dgcoding.cuda.sync=true}, for debugging)
     */
    CudaKernels(int capability, KernelCache cache, boolean synchronous) {
        this.synchronous = synchronous;
        String target = NvrtcCompiler.target(capability);
        String version = NvrtcCompiler.version();
        try {
            for (Map.Entry<String, List<String>> file : SOURCES.entrySet()) {
                String source = source(file.getKey());
                byte[] image = cache.getOrCompile(KernelCache.key(source, target, version),
                        () -> NvrtcCompiler.compile(file.getKey(), source, target));
                CUmodule module = new CUmodule();
                cuModuleLoadData(module, image);
                modules.add(module);
                for (String kernel : file.getValue()) {
                    CUfunction function = new CUfunction();
                    cuModuleGetFunction(function, module, kernel);
                    functions.put(kernel, function);
                }
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** The text of a kernel source shipped in this jar. */
    static String source(String fileName) {
        String resource = "/io/gcoding/kernels/cuda/" + fileName;
        try (InputStream in = CudaKernels.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("kernel source " + resource + " missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read kernel source " + resource, e);
        }
    }

    /**
     * Launches {@code kernel} over {@code work} items. Arguments: {@link Integer}, {@link Long}, {@link Double} by
     * value, device pointers as {@link NativePointerObject}.
     */
    void launch(String kernel, long work, Object... args) {
        CUfunction function = functions.get(kernel);
        if (function == null) {
            throw new IllegalStateException("no kernel named " + kernel);
        }
        NativePointerObject[] params = new NativePointerObject[args.length];
        for (int i = 0; i < args.length; i++) {
            Object arg = args[i];
            if (arg instanceof Integer v) {
                params[i] = Pointer.to(new int[] {v});
            } else if (arg instanceof Long v) {
                params[i] = Pointer.to(new long[] {v});
            } else if (arg instanceof Double v) {
                params[i] = Pointer.to(new double[] {v});
            } else if (arg instanceof NativePointerObject p) {
                params[i] = Pointer.to(p);
            } else {
                throw new IllegalArgumentException("unsupported kernel argument " + arg);
            }
        }
        int blocks = (int) Math.max(1, Math.min(MAX_BLOCKS, (work + THREADS - 1) / THREADS));
        cuLaunchKernel(function, blocks, 1, 1, THREADS, 1, 1, 0, null, Pointer.to(params), null);
        if (synchronous) {
            cuCtxSynchronize();
        }
    }

    @Override
    public void close() {
        for (CUmodule module : modules) {
            try {
                cuModuleUnload(module);
            } catch (RuntimeException e) {
                // freeing is best effort; the context release frees the rest
            }
        }
        modules.clear();
        functions.clear();
    }
}
