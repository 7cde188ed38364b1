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
        assertTrue(report.contains("| linear | 8000x784 | 6.27 ms ± 10.0 us | 4.00 | 8.00 | 80% of bandwidth (dgemv pair alone: "
                + "100%); 80% of its BLAS calls' speed | >= 70% of bandwidth | yes |"), report);
        assertTrue(report.contains("60% of dgemm at its shape") && report.contains("| **no** |"), report);
        assertTrue(report.contains("| 8000x784 | 10.00 ms | 60.00 ms | 200.00 ms | 6.0x | 20.0x | yes |"), report);
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
