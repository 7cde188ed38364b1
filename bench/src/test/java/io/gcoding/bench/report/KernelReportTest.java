package io.gcoding.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KernelReportTest {

    private static final String CODEC_CPU = "\"model\":\"%s\",\"ell\":\"%d\",\"backend\":\"cpu\",\"blasThreads\":\"1\"";

    private static String entry(String benchmark, String params, double score, String unit) {
        return "{\"benchmark\":\"io.gcoding.bench.kernels." + benchmark + "\",\"mode\":\"avgt\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":0.01,\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    void derivesRatiosAgainstTheMeasuredRoofline(@TempDir Path dir) throws IOException {
        // triad: 24 * 2^23 bytes in 20.1326592 ms = 10 GB/s; dgemm: 2 * 1536^3 flops in 0.1 s = 72.48 GFLOP/s
        String json = "[" + String.join(",",
                entry("RooflineBenchmark.streamTriadArray", "\"blasThreads\":\"1\"", 20.1326592, "ms/op"),
                entry("RooflineBenchmark.daxpyOffHeap", "\"blasThreads\":\"1\"", 40.2653184, "ms/op"),
                entry("RooflineBenchmark.dgemmPeak", "\"blasThreads\":\"1\"", 100.0, "ms/op"),
                // ddot: 16 * 2^23 bytes in 16.777216 ms = 8 GB/s
                entry("RooflineBenchmark.ddotOffHeap", "\"blasThreads\":\"1\"", 16.777216, "ms/op"),
                entry("GemvCeilingBenchmark.dgemvOnce", "\"shape\":\"8000x784\"", 2.5088, "ms/op"),
                // encode softmax, ell 1: (10 + 1) * 7850 doubles = 690,800 bytes in 69.08 us = 10 GB/s
                entry("EncodeDecodeBenchmark.encode",
                        CODEC_CPU.formatted("softmax", 1), 69.08, "us/op"),
                entry("CodecBaselineBenchmark.encodeDaxpyTiles",
                        "\"model\":\"softmax\",\"ell\":\"1\",\"blasThreads\":\"1\"", 138.16, "us/op"),
                // decode mlp2, ell 4: (18 * 58,787 + 235,146) doubles = 10,346,496 bytes in 1034.6496 us = 10 GB/s
                entry("EncodeDecodeBenchmark.decode",
                        CODEC_CPU.formatted("mlp2", 4), 1034.6496, "us/op"),
                // linear 8000x784: X = 50.176 MB; in 6.272 ms that is 8 GB/s = 80% of 10 GB/s
                entry("GradientBenchmark.gradient",
                        "\"model\":\"linear\",\"shape\":\"8000x784\",\"backend\":\"cpu\",\"blasThreads\":\"1\"",
                        6.272, "ms/op"),
                entry("GradientBenchmark.gradient",
                        "\"model\":\"softmax\",\"shape\":\"8000x784\",\"backend\":\"cpu\",\"blasThreads\":\"1\"",
                        10.0, "ms/op"),
                entry("BlasOnlyBenchmark.blasOnly", "\"model\":\"softmax\",\"shape\":\"8000x784\"", 6.0, "ms/op"),
                entry("BlasOnlyBenchmark.blasOnly", "\"model\":\"linear\",\"shape\":\"8000x784\"", 5.0176, "ms/op"),
                entry("SoftmaxBaselineBenchmark.ejml", "\"shape\":\"8000x784\"", 60.0, "ms/op"),
                entry("SoftmaxBaselineBenchmark.plainLoops", "\"shape\":\"8000x784\"", 200.0, "ms/op")) + "]";
        Path file = Files.writeString(dir.resolve("result.json"), json);
        String report = new KernelReport(JmhResults.read(file)).render();
        assertTrue(report.contains("| STREAM triad, Java arrays (24 B/element) | 10.00 GB/s |"), report);
        assertTrue(report.contains("| bandwidth used as the roofline (the better of the two) | 10.00 GB/s |"), report);
        assertTrue(report.contains("| dgemm 1536^3, OpenBLAS off-heap | 72.48 GFLOP/s |"), report);
        assertTrue(report.contains("| read-only stream: ddot, OpenBLAS off-heap (16 B/element) | 8.00 GB/s (80% of the "
                + "roofline) |"), report);
        // 50.176 MB in 6.272 ms = 8 GB/s; its dgemv pair alone 10 GB/s, one dgemv 20 GB/s
        assertTrue(report.contains("| linear | 8000x784 | 6.27 ms ± 10.0 us | 8.00 | 80% | yes | 100% "
                + "| 10.00 GB/s = 100% | 20.00 GB/s = 200% |"), report);
        assertTrue(report.contains("| encode | softmax (7850) | 1 | 69.1 us | 10.00 | 100% | yes | 125% "
                + "| 138.2 us, 50% | 2.00x | n/a | 1% | n/a |"), report);
        assertTrue(report.contains("| decode | mlp2 (235146) | 4 | 1.03 ms | 10.00 | 100% | yes | 125% "
                + "| n/a, n/a | n/a |  |  |  |"), report);
        assertTrue(report.contains("60% of dgemm at its shape") && report.contains("| **no** |"), report);
        assertTrue(report.contains("| 8000x784 | 10.00 ms | 60.00 ms | 200.00 ms | 6.0x | 20.0x | yes |"), report);
    }

    @Test
    void aReducedRunSaysNotAvailableForWhatItLeftOut(@TempDir Path dir) throws IOException {
        // no ddot, no BLAS-only or dgemv ceiling, no baseline, no gradients to relate the encode to
        String json = "[" + String.join(",",
                entry("RooflineBenchmark.streamTriadArray", "\"blasThreads\":\"1\"", 20.1326592, "ms/op"),
                entry("RooflineBenchmark.daxpyOffHeap", "\"blasThreads\":\"1\"", 20.1326592, "ms/op"),
                entry("RooflineBenchmark.dgemmPeak", "\"blasThreads\":\"1\"", 100.0, "ms/op"),
                entry("GradientBenchmark.gradient",
                        "\"model\":\"logistic\",\"shape\":\"8000x784\",\"backend\":\"cpu\",\"blasThreads\":\"1\"",
                        6.272, "ms/op"),
                entry("EncodeDecodeBenchmark.encode", CODEC_CPU.formatted("softmax", 1), 69.08, "us/op")) + "]";
        Path file = Files.writeString(dir.resolve("reduced.json"), json);
        String report = new KernelReport(JmhResults.read(file)).render();
        assertTrue(report.contains("| read-only stream: ddot, OpenBLAS off-heap (16 B/element) | n/a (n/a of the "
                + "roofline) |"), report);
        assertTrue(report.contains("| logistic | 8000x784 | 6.27 ms ± 10.0 us | 8.00 | 80% | yes | n/a | n/a | n/a |"),
                report);
        assertTrue(report.contains("| encode | softmax (7850) | 1 | 69.1 us | 10.00 | 100% | yes | n/a | n/a, n/a "
                + "| n/a | n/a | n/a | n/a |"), report);
    }

    @Test
    void aRunWithoutTheRooflineIsAClearError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("r.json"), "[]");
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new KernelReport(JmhResults.read(file)).render());
        assertTrue(e.getMessage().contains("RooflineBenchmark.streamTriadArray"), e.getMessage());
    }

    @Test
    void unitsConvertToSeconds() {
        assertEquals(1e-6, JmhResults.secondsPer("us/op"));
        assertThrows(IllegalArgumentException.class, () -> JmhResults.secondsPer("ops/s"));
    }
}
