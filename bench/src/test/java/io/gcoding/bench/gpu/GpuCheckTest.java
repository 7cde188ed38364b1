package io.gcoding.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gcoding.bench.report.JmhResults;
import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.BackendProvider;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GpuCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode train(double finalLoss, double testLoss, double accuracy) throws IOException {
        return JSON.readTree("{\"protocols\":{\"partial\":{\"final_loss\":" + finalLoss + ",\"test_loss\":" + testLoss
                + ",\"test_accuracy\":" + accuracy + ",\"evaluations\":[{\"rounds\":5,\"test_loss\":" + testLoss
                + ",\"test_accuracy\":" + accuracy + "}]}}}");
    }

    @Test
    void compareAcceptsRoundingLevelDifferencesOnly() throws IOException {
        Map<String, Object> same = GpuCheck.compare(train(0.5, 0.6, 0.8), train(0.5 * (1 + 1e-12), 0.6, 0.8), 1e-9);
        assertEquals(true, same.get("pass"), same.toString());
        assertEquals(5, same.get("compared"));
        assertTrue((Double) same.get("max_relative_difference") > 0);
        assertTrue(same.get("note").toString().contains("no final parameters"));

        Map<String, Object> off = GpuCheck.compare(train(0.5, 0.6, 0.8), train(0.5, 0.6 * (1 + 1e-7), 0.8), 1e-9);
        assertEquals(false, off.get("pass"), off.toString());
        assertEquals(1e-7, (Double) off.get("max_relative_difference"), 1e-12);
    }

    @Test
    void compareFailsOnMissingOrNonNumericValues() throws IOException {
        Map<String, Object> missing = GpuCheck.compare(train(0.5, 0.6, 0.8), JSON.readTree("{\"protocols\":{}}"), 1);
        assertEquals(false, missing.get("pass"));
        assertTrue(missing.get("problems").toString().contains("protocol partial missing"), missing.toString());
        Map<String, Object> nan = GpuCheck.compare(train(0.5, 0.6, 0.8),
                JSON.readTree("{\"protocols\":{\"partial\":{\"final_loss\":\"NaN\",\"test_loss\":0.6,"
                        + "\"test_accuracy\":0.8,\"evaluations\":[]}}}"), 1);
        assertEquals(false, nan.get("pass"), nan.toString());
    }

    @Test
    void compareUsesFinalParametersWhenBothHaveThem() throws IOException {
        JsonNode a = JSON.readTree("{\"protocols\":{\"p\":{\"final_loss\":1,\"test_loss\":1,\"test_accuracy\":1,"
                + "\"final_parameters\":[1.0,2.0]}}}");
        JsonNode b = JSON.readTree("{\"protocols\":{\"p\":{\"final_loss\":1,\"test_loss\":1,\"test_accuracy\":1,"
                + "\"final_parameters\":[1.0,2.002]}}}");
        Map<String, Object> r = GpuCheck.compare(a, b, 1e-9);
        assertEquals(false, r.get("pass"));
        assertEquals("final parameters compared directly", r.get("note"));
    }

    private static String entry(String benchmark, String params, double score, String unit) {
        return "{\"benchmark\":\"io.gcoding.bench." + benchmark + "\",\"mode\":\"avgt\",\"params\":{" + params
                + "},\"primaryMetric\":{\"score\":" + score + ",\"scoreError\":0.01,\"scoreUnit\":\"" + unit + "\"}}";
    }

    @Test
    @SuppressWarnings("unchecked")
    void figuresUseTheRunsOwnGpuRoofline(@TempDir Path dir) throws IOException {
        // device copy: 2 * 8 * 2^25 bytes in 134.217728 us = 4000 GB/s; dgemm 4096: 2 * 4096^3 flops in 2.748779 ms
        // = 50,000 GFLOP/s; host->device 8 * 2^23 bytes in 3355.4432 us = 20 GB/s
        String json = "[" + String.join(",",
                entry("gpu.CudaRooflineBenchmark.deviceCopy", "\"device\":\"0\"", 134.217728, "us/op"),
                entry("gpu.CudaRooflineBenchmark.dgemm", "\"device\":\"0\"", 2748.779069, "us/op"),
                entry("gpu.CudaRooflineBenchmark.hostToDevice", "\"device\":\"0\"", 3355.4432, "us/op"),
                // linear 16384x4096: 512 MiB of X in 268.435456 us = 2000 GB/s = 50% of 4000
                entry("kernels.GradientBenchmark.gradient",
                        "\"model\":\"linear\",\"shape\":\"16384x4096\",\"backend\":\"cuda\",\"blasThreads\":\"1\"",
                        0.268435456, "ms/op"),
                entry("kernels.EncodeDecodeBenchmark.decode",
                        "\"model\":\"softmax\",\"ell\":\"1\",\"backend\":\"cuda\",\"blasThreads\":\"1\"", 100,
                        "us/op")) + "]";
        Map<String, Object> figures = GpuCheck.figures(JmhResults.read(Files.writeString(dir.resolve("r.json"),
                json)));
        Map<String, Map<String, Double>> roofline = (Map<String, Map<String, Double>>) figures.get("roofline");
        assertFalse(roofline.containsKey("cpu"));
        assertEquals(4000, roofline.get("cuda").get("bandwidth_gbps"), 1e-6);
        assertEquals(50_000, roofline.get("cuda").get("dgemm_gflops"), 1e-2);
        assertEquals(20, roofline.get("cuda").get("host_to_device_gbps"), 1e-9);
        Map<String, Object> linear = ((List<Map<String, Object>>) figures.get("gradients")).get(0);
        assertEquals(0.5, (Double) linear.get("fraction_of_bandwidth"), 1e-9);
        Map<String, Object> decode = ((List<Map<String, Object>>) figures.get("encode_decode")).get(0);
        assertEquals("host_to_device_gbps", decode.get("compared_with"));
        List<String> lines = GpuCheck.figureLines(figures);
        assertTrue(lines.get(0).startsWith("figures.roofline.cuda=bandwidth_gbps 4000"), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.contains("linear.16384x4096=268.4 us") && l.contains("50% of"
                + " bandwidth")), lines.toString());
    }

    private record Fake(String name, int priority, Availability availability) implements BackendProvider {
        @Override
        public ComputeBackend create(BackendOptions options) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    @SuppressWarnings("unchecked")
    void probeReportsEveryProviderAndBothSelections() {
        List<BackendProvider> providers = List.of(new Fake("cpu", 10, Availability.available("blas")),
                new Fake("cuda", 100, Availability.unavailable("no CUDA driver (libcuda.so.1 not found)")));
        Map<String, Object> forced = GpuCheck.probe(providers, new Settings(k -> null,
                k -> k.equals("GCODING_BACKEND") ? "cuda" : null));
        assertEquals("GCODING_BACKEND=cuda", forced.get("override"));
        Map<String, Object> selection = (Map<String, Object>) forced.get("selection");
        assertNull(selection.get("backend"));
        assertTrue(selection.get("error").toString().contains("unavailable: no CUDA driver"), selection.toString());
        assertEquals("cpu", ((Map<String, Object>) forced.get("automatic_selection")).get("backend"));
        List<String> lines = GpuCheck.probeLines(forced);
        assertTrue(lines.contains("probe.cuda.available=false"), lines.toString());
        assertTrue(lines.contains("probe.cuda.reason=no CUDA driver (libcuda.so.1 not found)"), lines.toString());
        assertTrue(lines.contains("probe.selected=cpu"), lines.toString());
    }
}
