package io.gcoding.bench.gpu;

import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.bench.kernels.RooflineBenchmark;
import io.gcoding.bench.report.JmhResults;
import io.gcoding.bench.report.KernelReport;
import io.gcoding.bench.report.KernelWork;
import io.gcoding.kernels.Availability;
import io.gcoding.kernels.BackendProvider;
import io.gcoding.kernels.BackendSelection;
import io.gcoding.kernels.BackendSelector;
import io.gcoding.kernels.Backends;
import io.gcoding.model.ModelSpec;
import io.gcoding.kernels.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The Java half of {@code bench/gpu-check.sh} (issue 14). Each subcommand writes a JSON file (embedded in the
 * check's {@code summary.json}) and prints {@code KEY=VALUE} lines on stdout that the script reads; nothing else
 * goes to stdout.
 *
 * <pre>
 *   probe OUT.json                       what backend selection sees on this machine
 *   figures JMH.json OUT.json            roofline and kernel figures of one JMH run (CPU and/or CUDA)
 *   train TRAIN.json OUT.json            the headline figures of one `gcoding train --json` result
 *   compare TOL CPU.json CUDA.json OUT   two `gcoding train --json` results: relative differences, pass if all &lt;= TOL
 *   validate FILE.json                   exit 0 if FILE is strict JSON
 * </pre>
 *
 * Exit status: 0 done (compare: within tolerance), 1 compare outside tolerance, 2 usage or unreadable input.
 */
public final class GpuCheck {

    private static final ObjectMapper JSON = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT)
            .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS).build();

    private GpuCheck() {
    }

    public static void main(String[] args) {
        int code;
        try {
            code = run(args);
        } catch (IOException | RuntimeException e) {
            System.err.println("gpu-check helper: " + e);
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] args) throws IOException {
        String command = args.length == 0 ? "" : args[0];
        switch (command) {
            case "probe" -> {
                need(args, 2);
                Map<String, Object> probe = probe(Backends.providers(), Settings.system());
                write(Path.of(args[1]), probe);
                printLines(probeLines(probe));
                return 0;
            }
            case "figures" -> {
                need(args, 3);
                Map<String, Object> figures = figures(JmhResults.read(Path.of(args[1])));
                write(Path.of(args[2]), figures);
                printLines(figureLines(figures));
                return 0;
            }
            case "train" -> {
                need(args, 3);
                Map<String, Object> train = train(JSON.readTree(Path.of(args[1]).toFile()));
                write(Path.of(args[2]), train);
                printLines(trainLines(train));
                return 0;
            }
            case "validate" -> {
                need(args, 2);
                new ObjectMapper().readTree(Path.of(args[1]).toFile());
                return 0;
            }
            case "compare" -> {
                need(args, 5);
                double tolerance = Double.parseDouble(args[1]);
                Map<String, Object> comparison = compare(JSON.readTree(Path.of(args[2]).toFile()),
                        JSON.readTree(Path.of(args[3]).toFile()), tolerance);
                write(Path.of(args[4]), comparison);
                printLines(List.of("compare.pass=" + comparison.get("pass"),
                        "compare.max_relative_difference=" + comparison.get("max_relative_difference"),
                        "compare.compared=" + comparison.get("compared"),
                        "compare.note=" + comparison.get("note")));
                return Boolean.TRUE.equals(comparison.get("pass")) ? 0 : 1;
            }
            default -> {
                System.err.println("usage: GpuCheck probe OUT.json | figures JMH.json OUT.json | train TRAIN.json"
                        + " OUT.json | compare TOL CPU.json CUDA.json OUT.json | validate FILE.json");
                return 2;
            }
        }
    }

    private static void need(String[] args, int count) {
        if (args.length != count) {
            throw new IllegalArgumentException(args[0] + " takes " + (count - 1) + " arguments, got "
                    + (args.length - 1));
        }
    }

    private static void write(Path file, Object value) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        JSON.writeValue(tmp.toFile(), value);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void printLines(List<String> lines) {
        for (String line : lines) {
            System.out.println(line.replace('\n', ' ').replace('\r', ' '));
        }
    }

    // ---------------------------------------------------------------- probe

    /**
     * Every provider's probe (never throws), the selection under the current settings (GCODING_BACKEND /
     * -Dgcoding.backend honoured) and the automatic selection (no override), without creating a backend.
     */
    static Map<String, Object> probe(List<BackendProvider> providers, Settings settings) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> runtime = new LinkedHashMap<>();
        runtime.put("java_version", System.getProperty("java.version"));
        runtime.put("java_vm", System.getProperty("java.vm.name"));
        runtime.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        runtime.put("processors", Runtime.getRuntime().availableProcessors());
        root.put("runtime", runtime);
        List<Map<String, Object>> list = new ArrayList<>();
        BackendSelector selector = new BackendSelector(providers, settings);
        for (BackendProvider provider : selector.ordered()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("name", provider.name());
            p.put("priority", provider.priority());
            Availability availability;
            try {
                availability = provider.availability();
            } catch (RuntimeException | LinkageError e) {
                availability = Availability.unavailable("probe threw " + e);
            }
            p.put("available", availability.available());
            p.put("reason", availability.reason());
            list.add(p);
        }
        root.put("providers", list);
        Settings.Value override = settings.get(BackendSelector.PROPERTY, BackendSelector.ENV);
        root.put("override", override == null ? null : override.toString());
        root.put("selection", selection(selector));
        root.put("automatic_selection", selection(new BackendSelector(providers, new Settings(k -> null, k -> null))));
        return root;
    }

    private static Map<String, Object> selection(BackendSelector selector) {
        Map<String, Object> s = new LinkedHashMap<>();
        try {
            BackendSelection chosen = selector.select();
            s.put("backend", chosen.provider().name());
            s.put("reason", chosen.reason());
            s.put("log_line", chosen.logLine());
        } catch (RuntimeException e) {
            s.put("backend", null);
            s.put("error", e.getMessage());
        }
        return s;
    }

    @SuppressWarnings("unchecked")
    static List<String> probeLines(Map<String, Object> probe) {
        List<String> lines = new ArrayList<>();
        for (Map<String, Object> p : (List<Map<String, Object>>) probe.get("providers")) {
            lines.add("probe." + p.get("name") + ".available=" + p.get("available"));
            lines.add("probe." + p.get("name") + ".reason=" + p.get("reason"));
        }
        Map<String, Object> auto = (Map<String, Object>) probe.get("automatic_selection");
        lines.add("probe.selected=" + auto.get("backend"));
        Map<String, Object> current = (Map<String, Object>) probe.get("selection");
        lines.add("probe.selection=" + (current.get("backend") != null ? current.get("log_line")
                : "error: " + current.get("error")));
        return lines;
    }

    // ---------------------------------------------------------------- figures

    /** Bytes and flops from {@link KernelWork}, as in {@link KernelReport}; the roofline is the run's own. */
    static Map<String, Object> figures(JmhResults results) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Map<String, Double>> roofline = new LinkedHashMap<>();
        Map<String, Double> cpu = new LinkedHashMap<>();
        double stream = KernelWork.streamBytes();
        double cpuGemm = KernelWork.dgemmFlops(RooflineBenchmark.GEMM_ORDER);
        seconds(results, "RooflineBenchmark.streamTriadArray").ifPresent(s -> cpu.put("triad_gbps", stream / s / 1e9));
        seconds(results, "RooflineBenchmark.daxpyOffHeap").ifPresent(s -> cpu.put("daxpy_gbps", stream / s / 1e9));
        seconds(results, "RooflineBenchmark.dgemmPeak").ifPresent(s -> cpu.put("dgemm_gflops", cpuGemm / s / 1e9));
        if (cpu.containsKey("triad_gbps") || cpu.containsKey("daxpy_gbps")) {
            cpu.put("bandwidth_gbps", Math.max(cpu.getOrDefault("triad_gbps", 0.0),
                    cpu.getOrDefault("daxpy_gbps", 0.0)));
        }
        Map<String, Double> cuda = new LinkedHashMap<>();
        double copy = 2.0 * Double.BYTES * CudaRooflineBenchmark.COPY_LENGTH;
        double hostCopy = (double) Double.BYTES * CudaRooflineBenchmark.HOST_LENGTH;
        double cudaGemm = KernelWork.dgemmFlops(CudaRooflineBenchmark.GEMM_ORDER);
        seconds(results, "CudaRooflineBenchmark.deviceCopy").ifPresent(s -> cuda.put("bandwidth_gbps", copy / s / 1e9));
        seconds(results, "CudaRooflineBenchmark.hostToDevice")
                .ifPresent(s -> cuda.put("host_to_device_gbps", hostCopy / s / 1e9));
        seconds(results, "CudaRooflineBenchmark.dgemm").ifPresent(s -> cuda.put("dgemm_gflops", cudaGemm / s / 1e9));
        if (!cpu.isEmpty()) {
            roofline.put("cpu", cpu);
        }
        if (!cuda.isEmpty()) {
            roofline.put("cuda", cuda);
        }
        root.put("roofline", roofline);

        List<Map<String, Object>> gradients = new ArrayList<>();
        for (JmhResults.Result r : results.all("GradientBenchmark.gradient")) {
            BenchModels.Shape shape = BenchModels.Shape.parse(r.param("shape"));
            ModelSpec model = shape.model(r.param("model"));
            KernelWork.Work work = KernelWork.gradient(model, shape);
            double bytes = work.bytes();
            double flops = work.flops();
            boolean glm = model.classes() == 1;
            Map<String, Double> roof = roofline.getOrDefault(r.param("backend"), Map.of());
            Map<String, Object> g = new LinkedHashMap<>();
            g.put("backend", r.param("backend"));
            g.put("model", r.param("model"));
            g.put("shape", r.param("shape"));
            g.put("seconds", r.seconds());
            g.put("error_seconds", r.error());
            g.put("gflops", flops / r.seconds() / 1e9);
            g.put("gbps_x_once", bytes / r.seconds() / 1e9);
            if (glm) {
                g.put("fraction_of_bandwidth", ratio(bytes / r.seconds() / 1e9, roof.get("bandwidth_gbps")));
            } else {
                g.put("fraction_of_peak_dgemm", ratio(flops / r.seconds() / 1e9, roof.get("dgemm_gflops")));
            }
            gradients.add(g);
        }
        root.put("gradients", gradients);

        List<Map<String, Object>> codec = new ArrayList<>();
        for (String op : new String[] {"encode", "decode"}) {
            for (JmhResults.Result r : results.all("EncodeDecodeBenchmark." + op)) {
                int d = BenchModels.model(r.param("model"), BenchModels.FASHION_FEATURES, BenchModels.FASHION_CLASSES)
                        .parameterCount();
                int ell = Integer.parseInt(r.param("ell"));
                double bytes = KernelWork.codecBytes(KernelWork.Codec.ofBenchmark(op), d, ell);
                Map<String, Double> roof = roofline.getOrDefault(r.param("backend"), Map.of());
                // the CUDA decode takes host arrays: bound by the host-to-device copy, not device memory
                String against = op.equals("decode") && r.param("backend").equals("cuda") ? "host_to_device_gbps"
                        : "bandwidth_gbps";
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("backend", r.param("backend"));
                e.put("op", op);
                e.put("model", r.param("model"));
                e.put("d", d);
                e.put("ell", ell);
                e.put("seconds", r.seconds());
                e.put("gbps", bytes / r.seconds() / 1e9);
                e.put("compared_with", against);
                e.put("fraction", ratio(bytes / r.seconds() / 1e9, roof.get(against)));
                codec.add(e);
            }
        }
        root.put("encode_decode", codec);
        return root;
    }

    private static Optional<Double> seconds(JmhResults results, String benchmark) {
        return results.find(benchmark).map(JmhResults.Result::seconds);
    }

    private static Double ratio(double value, Double of) {
        return of == null || of <= 0 ? null : value / of;
    }

    @SuppressWarnings("unchecked")
    static List<String> figureLines(Map<String, Object> figures) {
        List<String> lines = new ArrayList<>();
        Map<String, Map<String, Double>> roofline = (Map<String, Map<String, Double>>) figures.get("roofline");
        roofline.forEach((backend, values) -> {
            StringBuilder sb = new StringBuilder("figures.roofline." + backend + "=");
            values.forEach((k, v) -> sb.append(k).append(' ').append(fmt(v)).append("; "));
            lines.add(sb.substring(0, sb.length() - 2));
        });
        for (Map<String, Object> g : (List<Map<String, Object>>) figures.get("gradients")) {
            Object fraction = g.containsKey("fraction_of_bandwidth")
                    ? percent(g.get("fraction_of_bandwidth")) + " of bandwidth"
                    : percent(g.get("fraction_of_peak_dgemm")) + " of peak dgemm";
            lines.add(String.format(Locale.ROOT, "figures.gradient.%s.%s.%s=%s, %s GFLOP/s, %s GB/s (X once), %s",
                    g.get("backend"), g.get("model"), g.get("shape"), time((Double) g.get("seconds")),
                    fmt((Double) g.get("gflops")), fmt((Double) g.get("gbps_x_once")), fraction));
        }
        for (Map<String, Object> e : (List<Map<String, Object>>) figures.get("encode_decode")) {
            lines.add(String.format(Locale.ROOT, "figures.%s.%s.%s.ell%s=%s, %s GB/s, %s of %s", e.get("op"),
                    e.get("backend"), e.get("model"), e.get("ell"), time((Double) e.get("seconds")),
                    fmt((Double) e.get("gbps")), percent(e.get("fraction")), e.get("compared_with")));
        }
        return lines;
    }

    private static String fmt(Double v) {
        return v == null ? "n/a" : String.format(Locale.ROOT, v >= 100 ? "%.0f" : "%.2f", v);
    }

    private static String percent(Object fraction) {
        return fraction == null ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * (Double) fraction);
    }

    private static String time(Double seconds) {
        return KernelReport.time(seconds == null ? Double.NaN : seconds);
    }

    // ---------------------------------------------------------------- train

    /** Per protocol: rounds, mean round time, final training loss, test loss and accuracy. */
    static Map<String, Object> train(JsonNode result) {
        Map<String, Object> root = new LinkedHashMap<>();
        for (Iterator<String> it = result.path("protocols").fieldNames(); it.hasNext();) {
            String protocol = it.next();
            JsonNode p = result.path("protocols").get(protocol);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("rounds", p.path("rounds").size());
            m.put("mean_round_seconds", p.path("mean_round_seconds").asDouble(Double.NaN));
            m.put("total_seconds", p.path("total_seconds").asDouble(Double.NaN));
            for (String field : MODEL_FIELDS) {
                m.put(field, p.path(field).asDouble(Double.NaN));
            }
            root.put(protocol, m);
        }
        return root;
    }

    @SuppressWarnings("unchecked")
    static List<String> trainLines(Map<String, Object> train) {
        List<String> lines = new ArrayList<>();
        train.forEach((protocol, value) -> {
            Map<String, Object> m = (Map<String, Object>) value;
            lines.add(String.format(Locale.ROOT, "train.%s=%s rounds, mean round %.3f s, final loss %.6f, test loss"
                    + " %.6f, test accuracy %.4f", protocol, m.get("rounds"), m.get("mean_round_seconds"),
                    m.get("final_loss"), m.get("test_loss"), m.get("test_accuracy")));
        });
        return lines;
    }

    // ---------------------------------------------------------------- compare

    /** What {@code gcoding train --json} reports per protocol that depends on the final model only. */
    static final List<String> MODEL_FIELDS = List.of("final_loss", "test_loss", "test_accuracy");

    /**
     * Compares two training results protocol by protocol: {@code final_loss} (mean training loss of the final
     * model), {@code test_loss}, {@code test_accuracy}, every evaluation's test loss and accuracy, and
     * {@code final_parameters} where both carry it. Relative difference {@code |a - b| / max(|a|, |b|)} (0 when both
     * are 0).
     */
    static Map<String, Object> compare(JsonNode a, JsonNode b, double tolerance) {
        Map<String, Object> root = new LinkedHashMap<>();
        List<Map<String, Object>> rows = new ArrayList<>();
        double worst = 0;
        boolean parameters = false;
        JsonNode protocolsA = a.path("protocols");
        JsonNode protocolsB = b.path("protocols");
        List<String> problems = new ArrayList<>();
        for (Iterator<String> it = protocolsA.fieldNames(); it.hasNext();) {
            String protocol = it.next();
            JsonNode pa = protocolsA.get(protocol);
            JsonNode pb = protocolsB.path(protocol);
            if (pb.isMissingNode()) {
                problems.add("protocol " + protocol + " missing from the second result");
                continue;
            }
            for (String field : MODEL_FIELDS) {
                worst = Math.max(worst, row(rows, protocol, field, pa.path(field), pb.path(field), problems));
            }
            JsonNode ea = pa.path("evaluations");
            JsonNode eb = pb.path("evaluations");
            if (ea.size() != eb.size()) {
                problems.add(protocol + ": " + ea.size() + " vs " + eb.size() + " evaluations");
            }
            for (int i = 0; i < Math.min(ea.size(), eb.size()); i++) {
                String at = "evaluations[" + i + "] (round " + ea.get(i).path("rounds").asText() + ")";
                worst = Math.max(worst, row(rows, protocol, at + ".test_loss", ea.get(i).path("test_loss"),
                        eb.get(i).path("test_loss"), problems));
                worst = Math.max(worst, row(rows, protocol, at + ".test_accuracy", ea.get(i).path("test_accuracy"),
                        eb.get(i).path("test_accuracy"), problems));
            }
            JsonNode wa = pa.path("final_parameters");
            JsonNode wb = pb.path("final_parameters");
            if (wa.isArray() && wb.isArray()) {
                parameters = true;
                if (wa.size() != wb.size()) {
                    problems.add(protocol + ": final_parameters of lengths " + wa.size() + " and " + wb.size());
                } else {
                    double num = 0;
                    double den = 0;
                    for (int i = 0; i < wa.size(); i++) {
                        double d = wa.get(i).asDouble() - wb.get(i).asDouble();
                        num += d * d;
                        den += Math.max(wa.get(i).asDouble() * wa.get(i).asDouble(),
                                wb.get(i).asDouble() * wb.get(i).asDouble());
                    }
                    double rel = den == 0 ? 0 : Math.sqrt(num / den);
                    Map<String, Object> r = new LinkedHashMap<>();
                    r.put("protocol", protocol);
                    r.put("field", "final_parameters (relative norm)");
                    r.put("relative_difference", rel);
                    rows.add(r);
                    worst = Math.max(worst, rel);
                }
            }
        }
        if (rows.isEmpty()) {
            problems.add("nothing to compare (no protocols with final_loss/test_loss)");
        }
        root.put("tolerance", tolerance);
        root.put("compared", rows.size());
        root.put("max_relative_difference", worst);
        root.put("pass", problems.isEmpty() && worst <= tolerance);
        root.put("problems", problems);
        root.put("note", parameters ? "final parameters compared directly"
                : "the train JSON carries no final parameters: compared the final training loss, the test loss and"
                        + " accuracy of the final model, and every evaluation (all computed by the coordinator in"
                        + " plain Java from the model)");
        root.put("rows", rows);
        return root;
    }

    private static double row(List<Map<String, Object>> rows, String protocol, String field, JsonNode a, JsonNode b,
            List<String> problems) {
        if (!a.isNumber() || !b.isNumber()) {
            problems.add(protocol + "." + field + " is not a number in both results (" + a + ", " + b + ")");
            return 0;
        }
        double x = a.asDouble();
        double y = b.asDouble();
        double scale = Math.max(Math.abs(x), Math.abs(y));
        double rel = x == y ? 0 : scale == 0 || Double.isNaN(x - y) ? Double.POSITIVE_INFINITY : Math.abs(x - y) / scale;
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("protocol", protocol);
        r.put("field", field);
        r.put("first", x);
        r.put("second", y);
        r.put("relative_difference", rel);
        rows.add(r);
        return rel;
    }
}
