package io.gcoding.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.BackendUnavailableException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import jcuda.CudaException;
import org.junit.jupiter.api.Test;

class CudaProbeTest {

    /** Whether the dynamic loader could find the driver library in the usual places. */
    private static boolean driverLibraryPresent() {
        String ldPath = System.getenv().getOrDefault("LD_LIBRARY_PATH", "");
        return Stream.concat(Stream.of(ldPath.split(":")), Stream.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64",
                        "/usr/lib", "/lib/x86_64-linux-gnu", "/usr/local/nvidia/lib64", "/usr/lib/wsl/lib"))
                .filter(dir -> !dir.isBlank())
                .anyMatch(dir -> Files.exists(Path.of(dir, "libcuda.so.1")));
    }

    @Test
    void probingNeverThrowsAndIsCached() {
        CudaBackendProvider provider = new CudaBackendProvider();
        Availability first = provider.availability();
        assertSame(first, new CudaBackendProvider().availability(), "one probe per JVM");
        assertFalse(first.reason().isBlank());
    }

    @Test
    void withoutADriverTheBackendIsUnavailableWithTheReason() {
        assumeFalse(driverLibraryPresent(), "libcuda.so.1 is installed here");
        CudaBackendProvider provider = new CudaBackendProvider();
        assertFalse(provider.isAvailable());
        assertEquals("no CUDA driver (libcuda.so.1 not found)", provider.availability().reason());
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> provider.create(BackendOptions.defaults()));
        assertTrue(e.getMessage().contains("libcuda.so.1"), e.getMessage());
    }

    @Test
    void linkErrorsBecomeActionableReasons() {
        assertEquals("no CUDA driver (libcuda.so.1 not found)", CudaProbe.describe(new UnsatisfiedLinkError(
                "Error while loading native library \"JCudaDriver-12.6.0-linux-x86_64\"\n...\n"
                        + "/tmp/libJCudaDriver-12.6.0-linux-x86_64.so: libcuda.so.1: cannot open shared object file")));
        assertTrue(CudaProbe.describe(new UnsatisfiedLinkError("libnvrtc.so.12: cannot open shared object file"))
                .startsWith("no CUDA 12 NVRTC"));
        assertTrue(CudaProbe.describe(new UnsatisfiedLinkError("libcublas.so.12: cannot open shared object file"))
                .startsWith("no CUDA 12 cuBLAS"));
        assertTrue(CudaProbe.describe(new NoClassDefFoundError("Could not initialize class jcuda.driver.JCudaDriver"))
                .startsWith("JCuda natives failed to load earlier"));
        assertTrue(CudaProbe.describe(new CudaException("CUDA_ERROR_NO_DEVICE")).startsWith("no CUDA device"));
        assertTrue(CudaProbe.describe(new CudaException("cudaErrorInsufficientDriver"))
                .startsWith("CUDA driver too old"));
    }
}
