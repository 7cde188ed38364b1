package io.gcoding.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Syntax- and type-checks every .cu resource with {@code nvcc --ptx -arch=compute_75} where nvcc is installed, and
 * checks that each file defines exactly the kernels {@link CudaKernels} looks up. The build never needs nvcc (the
 * backend compiles with NVRTC at run time); this only catches kernel errors on machines without a GPU.
 */
class CudaSourcesCompileTest {

    private static Path nvcc() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(dir.isEmpty() ? "." : dir, "nvcc");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    static Stream<String> sources() {
        return CudaKernels.SOURCES.keySet().stream().sorted();
    }

    @ParameterizedTest
    @MethodSource("sources")
    void compilesWithNvccAndDefinesTheExpectedKernels(String file, @TempDir Path dir) throws Exception {
        Path nvcc = nvcc();
        assumeTrue(nvcc != null, "nvcc is not on PATH: .cu files are only checked where the CUDA toolkit exists");
        Path source = Files.writeString(dir.resolve(file), CudaKernels.source(file));
        Path ptx = dir.resolve(file + ".ptx");
        Process process = new ProcessBuilder(nvcc.toString(), "--ptx", "-arch=compute_75", source.toString(), "-o",
                ptx.toString()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "nvcc timed out");
        assertEquals(0, process.exitValue(), "nvcc failed on " + file + ":\n" + output);
        assertTrue(output.isBlank(), "nvcc warned on " + file + ":\n" + output);
        List<String> entries = Files.readAllLines(ptx).stream().filter(l -> l.startsWith(".visible .entry "))
                .map(l -> l.substring(".visible .entry ".length(), l.indexOf('('))).sorted().toList();
        assertEquals(CudaKernels.SOURCES.get(file).stream().sorted().toList(), entries);
    }

    @Test
    void everyKernelSourceIsListed() throws Exception {
        // Surefire runs in the module directory; the class path would also see test-classes/io/gcoding/kernels/cuda.
        Path dir = Path.of("src/main/resources/io/gcoding/kernels/cuda");
        try (Stream<Path> files = Files.list(dir)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".cu")).sorted()
                    .toList();
            assertEquals(sources().toList(), onDisk);
        }
    }
}
