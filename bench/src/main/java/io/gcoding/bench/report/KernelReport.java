package io.gcoding.bench.report;

import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.bench.kernels.EncodeDecodeBenchmark;
import io.gcoding.bench.kernels.GemmPlan;
import io.gcoding.bench.kernels.MinNormSolveBenchmark;
import io.gcoding.bench.kernels.RooflineBenchmark;
import io.gcoding.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the JSON of one kernel-benchmark run into the derived figures of docs/KERNELS.md: this machine's roofline
 * (bandwidth, peak dgemm rate), each kernel's GB/s or GFLOP/s against it, the speed-up over EJML and plain loops,
 * and the encode time as a fraction of a chunk's gradient time, each with the target and whether it is met.
 *
 * <p>Usage: {@code java -cp target/benchmarks.jar io.gcoding.bench.report.KernelReport result.json [out.md]}
 */
public final class KernelReport {

    /** The targets. */
    static final double BANDWIDTH_TARGET = 0.70;
    static final double GEMM_TARGET = 0.70;
    static final double EJML_SPEEDUP_TARGET = 5.0;
    static final double ENCODE_FRACTION_TARGET = 0.05;

    private final JmhResults results;
    private final StringBuilder out = new StringBuilder();

    KernelReport(JmhResults results) {
        this.results = results;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: KernelReport <jmh-result.json> [report.md]");
            System.exit(2);
        }
        String report = new KernelReport(JmhResults.read(Path.of(args[0]))).render();
        if (args.length == 2) {
            Files.writeString(Path.of(args[1]), report);
        }
        System.out.print(report);
    }

    /** Measured roofline: best bandwidth of the two stream kernels (bytes/s) and the large-dgemm rate (flop/s). */
    record Roofline(double arrayBandwidth, double offHeapBandwidth, double peakFlops) {
        double bandwidth() {
            return Math.max(arrayBandwidth, offHeapBandwidth);
        }
    }

    Roofline roofline() {
        double streamBytes = 24.0 * RooflineBenchmark.STREAM_LENGTH;
        double n = RooflineBenchmark.GEMM_ORDER;
        return new Roofline(streamBytes / seconds("RooflineBenchmark.streamTriadArray"),
                streamBytes / seconds("RooflineBenchmark.daxpyOffHeap"),
                2 * n * n * n / seconds("RooflineBenchmark.dgemmPeak"));
    }

    private double seconds(String benchmark, String... params) {
        return results.find(benchmark, params).map(JmhResults.Result::seconds)
                .orElseThrow(() -> new IllegalStateException("the run has no " + benchmark + " "
                        + String.join(" ", params) + "; run every io.gcoding.bench.kernels benchmark in one run"));
    }

    String render() {
        Roofline roof = roofline();
        line("### Measured roofline (same JMH run)");
        line("");
        line("| quantity | value |");
        line("|---|---|");
        line("| STREAM triad, Java arrays (24 B/element) | %.2f GB/s |", roof.arrayBandwidth() / 1e9);
        line("| daxpy, OpenBLAS off-heap (24 B/element) | %.2f GB/s |", roof.offHeapBandwidth() / 1e9);
        line("| bandwidth used as the roofline (the better of the two) | %.2f GB/s |", roof.bandwidth() / 1e9);
        line("| dgemm %d^3, OpenBLAS off-heap | %.2f GFLOP/s |", RooflineBenchmark.GEMM_ORDER, roof.peakFlops() / 1e9);
        line("");
        gradients(roof);
        baselines();
        encodeDecode(roof);
        solves();
        return out.toString();
    }

    private void gradients(Roofline roof) {
        line("### Chunk gradients (backend %s)", results.all("GradientBenchmark.gradient").stream()
                .map(r -> r.param("backend")).distinct().sorted().reduce((a, b) -> a + ", " + b).orElse("none"));
        line("");
        line("| model | chunk | time (± 99.9%% CI) | GFLOP/s | GB/s (X once) | vs roofline | target | met |");
        line("|---|---|---|---|---|---|---|---|");
        for (JmhResults.Result r : results.all("GradientBenchmark.gradient")) {
            BenchModels.Shape shape = BenchModels.Shape.parse(r.param("shape"));
            ModelSpec model = shape.model(r.param("model"));
            // Compulsory traffic: X once. Row blocking reads each block of X from cache in the backward pass.
            double bytes = (double) shape.rows() * shape.features() * Double.BYTES;
            boolean glm = model.classes() == 1;
            double flops = glm ? 4.0 * shape.rows() * shape.features() : GemmPlan.flops(model, shape.rows());
            String versus;
            String target;
            String met;
            // LOGISTIC makes exactly the BLAS calls of LINEAR
            String blasModel = glm ? "linear" : r.param("model");
            Optional<JmhResults.Result> blas = results.find("BlasOnlyBenchmark.blasOnly", "model", blasModel, "shape",
                    r.param("shape"));
            double ofBlas = blas.map(g -> g.seconds() / r.seconds()).orElse(Double.NaN);
            if (glm) {
                double fraction = bytes / r.seconds() / roof.bandwidth();
                versus = percent(fraction) + " of bandwidth (dgemv pair alone: "
                        + percent(blas.map(g -> bytes / g.seconds() / roof.bandwidth()).orElse(Double.NaN))
                        + "); " + percent(ofBlas) + " of its BLAS calls' speed";
                target = ">= 70% of bandwidth";
                met = yesNo(fraction >= BANDWIDTH_TARGET);
            } else {
                double fraction = ofBlas;
                versus = percent(fraction) + " of dgemm at its shape; " + percent(flops / r.seconds()
                        / roof.peakFlops()) + " of peak dgemm";
                target = ">= 70% of dgemm at shape";
                met = yesNo(fraction >= GEMM_TARGET);
            }
            line("| %s | %s | %s ± %s | %.2f | %.2f | %s | %s | %s |", r.param("model"), r.param("shape"),
                    time(r.seconds()), time(r.error()), flops / r.seconds() / 1e9, bytes / r.seconds() / 1e9, versus,
                    target, met);
        }
        line("");
    }

    private void baselines() {
        line("### SOFTMAX gradient: OpenBLAS backend vs EJML vs plain Java loops (1 thread each)");
        line("");
        line("| chunk | OpenBLAS | EJML | plain loops | speed-up vs EJML (target >= 5x) | vs loops | met |");
        line("|---|---|---|---|---|---|---|");
        for (JmhResults.Result ejml : results.all("SoftmaxBaselineBenchmark.ejml")) {
            String shape = ejml.param("shape");
            double blas = seconds("GradientBenchmark.gradient", "model", "softmax", "shape", shape, "backend", "cpu");
            double loops = seconds("SoftmaxBaselineBenchmark.plainLoops", "shape", shape);
            line("| %s | %s | %s | %s | %.1fx | %.1fx | %s |", shape, time(blas), time(ejml.seconds()), time(loops),
                    ejml.seconds() / blas, loops / blas, yesNo(ejml.seconds() / blas >= EJML_SPEEDUP_TARGET));
        }
        line("");
    }

    private void encodeDecode(Roofline roof) {
        line("### Encode and decode (%d chunks per worker at encode, %d workers at decode, 2 of them missing)",
                EncodeDecodeBenchmark.CHUNKS, EncodeDecodeBenchmark.WORKERS);
        line("");
        line("| op | model (d) | ell | time | GB/s | vs bandwidth (target >= 70%%) | met | encode / gradient, "
                + "2000 rows | encode / gradient, 8000 rows | < 5%% met |");
        line("|---|---|---|---|---|---|---|---|---|---|");
        for (String op : new String[] {"encode", "decode"}) {
            for (JmhResults.Result r : results.all("EncodeDecodeBenchmark." + op)) {
                ModelSpec model = BenchModels.model(r.param("model"), BenchModels.FASHION_FEATURES,
                        BenchModels.FASHION_CLASSES);
                int d = model.parameterCount();
                int ell = Integer.parseInt(r.param("ell"));
                long blockLength = (d + ell - 1) / ell;
                int present = EncodeDecodeBenchmark.WORKERS - EncodeDecodeBenchmark.WORKERS / 10;
                double bytes = op.equals("encode")
                        ? (double) (EncodeDecodeBenchmark.CHUNKS * (long) d + blockLength) * Double.BYTES
                        : (double) (present * blockLength + d) * Double.BYTES;
                double fraction = bytes / r.seconds() / roof.bandwidth();
                String small = "";
                String big = "";
                String fractionMet = "";
                if (op.equals("encode")) {
                    double g2 = seconds("GradientBenchmark.gradient", "model", r.param("model"), "shape", "2000x784",
                            "backend", r.param("backend"));
                    double g8 = seconds("GradientBenchmark.gradient", "model", r.param("model"), "shape", "8000x784",
                            "backend", r.param("backend"));
                    small = percent(r.seconds() / g2);
                    big = percent(r.seconds() / g8);
                    fractionMet = yesNo(r.seconds() / g2 < ENCODE_FRACTION_TARGET);
                }
                line("| %s | %s (%d) | %d | %s | %.2f | %s | %s | %s | %s | %s |", op, r.param("model"), d, ell,
                        time(r.seconds()), bytes / r.seconds() / 1e9, percent(fraction),
                        yesNo(fraction >= BANDWIDTH_TARGET), small, big, fractionMet);
            }
        }
        line("");
    }

    private void solves() {
        line("### Min-norm solves (%,d matrices ell x r per call, coding core's MinNormSolver, host EJML SVD)",
                MinNormSolveBenchmark.BATCH);
        line("");
        line("| ell | r | time per batch | per solve |");
        line("|---|---|---|---|");
        for (JmhResults.Result r : results.all("MinNormSolveBenchmark.solveBatch")) {
            line("| %s | %s | %s | %.2f us |", r.param("ell"), r.param("r"), time(r.seconds()),
                    r.seconds() / MinNormSolveBenchmark.BATCH * 1e6);
        }
        line("");
    }

    /** A duration in s, ms or us; "n/a" for NaN. */
    public static String time(double seconds) {
        if (Double.isNaN(seconds)) {
            return "n/a";
        }
        if (seconds >= 1) {
            return String.format(Locale.ROOT, "%.2f s", seconds);
        }
        if (seconds >= 1e-3) {
            return String.format(Locale.ROOT, "%.2f ms", seconds * 1e3);
        }
        return String.format(Locale.ROOT, "%.1f us", seconds * 1e6);
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.0f%%", 100 * fraction);
    }

    private static String yesNo(boolean met) {
        return met ? "yes" : "**no**";
    }

    private void line(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
