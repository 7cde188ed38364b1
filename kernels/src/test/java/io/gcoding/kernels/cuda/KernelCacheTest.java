package io.gcoding.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.gcoding.kernels.Settings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelCacheTest {

    @Test
    void compilesOnceThenServesFromDisk(@TempDir Path dir) {
        AtomicInteger compilations = new AtomicInteger();
        byte[] image = {1, 2, 3};
        String key = KernelCache.key("__global__ void k() {}", "sm_90", "12.6");
        byte[] first = new KernelCache(dir).getOrCompile(key, () -> {
            compilations.incrementAndGet();
            return image;
        });
        byte[] second = new KernelCache(dir).getOrCompile(key, () -> {
            compilations.incrementAndGet();
            return new byte[] {9};
        });
        assertArrayEquals(image, first);
        assertArrayEquals(image, second);
        assertEquals(1, compilations.get());
    }

    @Test
    void keyDependsOnSourceTargetAndCompiler() {
        String base = KernelCache.key("src", "sm_90", "12.6");
        assertNotEquals(base, KernelCache.key("src2", "sm_90", "12.6"));
        assertNotEquals(base, KernelCache.key("src", "sm_80", "12.6"));
        assertNotEquals(base, KernelCache.key("src", "sm_90", "12.4"));
        assertEquals(base, KernelCache.key("src", "sm_90", "12.6"));
    }

    @Test
    void anUnwritableCacheStillCompiles(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        byte[] image = new KernelCache(file).getOrCompile("k", () -> new byte[] {7});
        assertArrayEquals(new byte[] {7}, image);
    }

    @Test
    void directoryComesFromPropertyOrEnvironment() {
        Settings env = new Settings(k -> null, Map.of("GCODING_CUDA_CACHE", "/tmp/kc")::get);
        assertEquals(Path.of("/tmp/kc"), KernelCache.configured(env).directory());
    }
}
