package io.gcoding.bench.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of one JMH run, read from its JSON output ({@code -rf json}). */
public final class JmhResults {

    /**
     * One benchmark at one parameter combination.
     *
     * @param benchmark {@code SimpleClassName.method}
     * @param params    JMH parameters
     * @param seconds   average time per operation, in seconds
     * @param error     the 99.9% confidence half-width, in seconds (NaN when JMH gave none)
     */
    public record Result(String benchmark, Map<String, String> params, double seconds, double error) {
        public String param(String name) {
            String value = params.get(name);
            if (value == null) {
                throw new IllegalArgumentException(benchmark + " has no parameter " + name);
            }
            return value;
        }
    }

    private final List<Result> results;

    public JmhResults(List<Result> results) {
        this.results = List.copyOf(results);
    }

    public static JmhResults read(Path json) throws IOException {
        JsonNode root = new ObjectMapper().readTree(json.toFile());
        if (root == null || !root.isArray()) {
            throw new IOException(json + " is not a JMH JSON result (expected an array; run JMH with -rf json)");
        }
        List<Result> results = new ArrayList<>();
        for (JsonNode node : root) {
            if (!"avgt".equals(node.path("mode").asText())) {
                throw new IOException(node.path("benchmark").asText() + " ran in mode " + node.path("mode").asText()
                        + "; the report needs average time (avgt)");
            }
            String fullName = node.path("benchmark").asText();
            String[] parts = fullName.split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new LinkedHashMap<>();
            node.path("params").properties().forEach(e -> params.put(e.getKey(), e.getValue().asText()));
            JsonNode metric = node.path("primaryMetric");
            double scale = secondsPer(metric.path("scoreUnit").asText());
            double error = metric.path("scoreError").asDouble(Double.NaN);
            results.add(new Result(name, params, metric.path("score").asDouble() * scale, error * scale));
        }
        return new JmhResults(results);
    }

    static double secondsPer(String unit) {
        return switch (unit) {
            case "s/op" -> 1.0;
            case "ms/op" -> 1e-3;
            case "us/op" -> 1e-6;
            case "ns/op" -> 1e-9;
            default -> throw new IllegalArgumentException("unsupported JMH unit " + unit + "; use avgt with a time unit");
        };
    }

    public List<Result> all(String benchmark) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark)).toList();
    }

    /** The result of {@code benchmark} whose parameters include all of {@code params} (name, value, ...). */
    public Optional<Result> find(String benchmark, String... params) {
        return results.stream().filter(r -> r.benchmark().equals(benchmark)).filter(r -> {
            for (int i = 0; i + 1 < params.length; i += 2) {
                if (!params[i + 1].equals(r.params().get(params[i]))) {
                    return false;
                }
            }
            return true;
        }).findFirst();
    }
}
