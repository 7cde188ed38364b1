package io.gcoding.bench.gpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Runs {@code bench/gpu-check.sh --quick} against the jars this build assembled in {@code target/gpu-check/}
 * (failsafe, after {@code package}) and checks its summary: on a machine without a GPU (CI, these VMs) every CUDA
 * step is skipped with a reason starting "no GPU" and every CPU step passes; on a machine with one, every step
 * passes. About 30-40 s on 2 cores.
 */
class GpuCheckDryRunIT {

    static final List<String> CPU_STEPS = List.of("environment", "probe", "conformance_cpu", "jmh_cpu", "train_cpu");
    static final List<String> CUDA_STEPS = List.of("conformance_cuda", "jmh_cuda", "train_cuda", "train_compare");

    @Test
    void quickRunReportsEveryStep() throws IOException, InterruptedException {
        Path script = Path.of(System.getProperty("gpucheck.script", "gpu-check.sh"));
        Path jars = Path.of(System.getProperty("gpucheck.jars", "target/gpu-check"));
        Path out = Path.of(System.getProperty("gpucheck.out", "target/gpu-check-it"));
        assertTrue(Files.isDirectory(jars.resolve("lib")), jars + "/lib missing: run the build through package");
        ProcessBuilder pb = new ProcessBuilder("bash", script.toString(), "--quick", "--jars", jars.toString(),
                out.toString()).redirectErrorStream(true).redirectOutput(out.resolveSibling("gpu-check-it.log")
                        .toFile());
        pb.environment().put("JAVA", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        pb.environment().remove("GCODING_BACKEND");
        Files.createDirectories(out);
        Process p = pb.start();
        if (!p.waitFor(300, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail("gpu-check.sh --quick did not finish in 300 s; see " + out.resolveSibling("gpu-check-it.log"));
        }
        String log = Files.readString(out.resolveSibling("gpu-check-it.log"));
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        Map<String, JsonNode> steps = new LinkedHashMap<>();
        summary.path("steps").forEach(s -> steps.put(s.path("name").asText(), s));
        assertEquals(CPU_STEPS.size() + CUDA_STEPS.size(), steps.size(), "steps " + steps.keySet() + "\n" + log);
        assertEquals("quick", summary.path("mode").asText());
        for (String name : CPU_STEPS) {
            assertEquals("pass", steps.get(name).path("status").asText(), name + ": " + steps.get(name) + "\n" + log);
        }
        boolean gpu = summary.path("gpu").path("present").asBoolean();
        for (String name : CUDA_STEPS) {
            JsonNode step = steps.get(name);
            if (gpu) {
                assertEquals("pass", step.path("status").asText(), name + ": " + step + "\n" + log);
            } else {
                assertEquals("skipped", step.path("status").asText(), name + ": " + step);
                assertTrue(step.path("reason").asText().startsWith("no GPU"), name + ": " + step);
            }
        }
        assertEquals("pass", summary.path("overall").asText(), log);
        assertEquals(0, p.exitValue(), log);
        JsonNode conformance = steps.get("conformance_cpu").path("figures");
        assertTrue(conformance.path("successful").asInt() > 0, conformance.toString());
        assertEquals(0, conformance.path("failed").asInt(), conformance.toString());
        JsonNode probe = steps.get("probe").path("figures");
        assertEquals(gpu ? "cuda" : "cpu", probe.path("automatic_selection").path("backend").asText(), probe.toString());
        assertEquals(4, steps.get("train_cpu").path("figures").path("workers_on_backend").asInt());
        String text = Files.readString(out.resolve("summary.txt"));
        assertTrue(text.contains("overall: PASS"), text);
    }
}
