package io.gcoding.bench.report;

import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.bench.kernels.EncodeDecodeBenchmark;
import io.gcoding.bench.kernels.MinNormSolveBenchmark;
import io.gcoding.bench.kernels.RooflineBenchmark;
import io.gcoding.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

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

    /**
     * Measured roofline: the two stream kernels (bytes/s; the better one is the bandwidth the targets use), the
     * read-only stream (ddot; NaN in runs that predate it) and the large-dgemm rate (flop/s).
     */
    record Roofline(double arrayBandwidth, double offHeapBandwidth, double readOnlyBandwidth, double peakFlops) {
        double bandwidth() {
            return Math.max(arrayBandwidth, offHeapBandwidth);
        }
    }

    Roofline roofline() {
        double streamBytes = KernelWork.streamBytes();
        double readOnly = results.find("RooflineBenchmark.ddotOffHeap")
                .map(r -> KernelWork.readOnlyBytes() / r.seconds()).orElse(Double.NaN);
        return new Roofline(streamBytes / seconds("RooflineBenchmark.streamTriadArray"),
                streamBytes / seconds("RooflineBenchmark.daxpyOffHeap"), readOnly,
                KernelWork.dgemmFlops(RooflineBenchmark.GEMM_ORDER) / seconds("RooflineBenchmark.dgemmPeak"));
    }

    private double seconds(String benchmark, String... params) {
        return results.find(benchmark, params).map(JmhResults.Result::seconds)
                .orElseThrow(() -> new IllegalStateException("the run has no " + benchmark + " "
                        + String.join(" ", params) + "; run every io.gcoding.bench.kernels benchmark in one run"));
    }

    /** Like {@link #seconds} but NaN when a reduced run left the benchmark out. */
    private double secondsOrNaN(String benchmark, String... params) {
        return results.find(benchmark, params).map(JmhResults.Result::seconds).orElse(Double.NaN);
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
        line("| read-only stream: ddot, OpenBLAS off-heap (16 B/element) | %s (%s of the roofline) |",
                gbps(roof.readOnlyBandwidth()), percent(roof.readOnlyBandwidth() / roof.bandwidth()));
        line("| dgemm %d^3, OpenBLAS off-heap | %.2f GFLOP/s |", RooflineBenchmark.GEMM_ORDER, roof.peakFlops() / 1e9);
        line("");
        memoryBoundGradients(roof);
        gemmBoundGradients(roof);
        baselines();
        encodeDecode(roof);
        solves();
        return out.toString();
    }

    private String backends() {
        return results.all("GradientBenchmark.gradient").stream().map(r -> r.param("backend")).distinct().sorted()
                .reduce((a, b) -> a + ", " + b).orElse("none");
    }

    private void memoryBoundGradients(Roofline roof) {
        line("### Memory-bound chunk gradients: LINEAR, LOGISTIC (backend %s)", backends());
        line("");
        line("Bytes: X once (the compulsory traffic). \"BLAS calls alone\": the kernel's own BLAS calls and nothing "
                + "else (a ddot and a daxpy per row up to 2,048 features, else the dgemv pair per row block); \"one "
                + "dgemv\": a single dgemv over the whole X, one streaming pass with the least work on it.");
        line("");
        line("| model | chunk | time (± 99.9%% CI) | GB/s (X once) | of bandwidth (target >= 70%%) | met "
                + "| of read-only stream | BLAS calls alone | one dgemv |");
        line("|---|---|---|---|---|---|---|---|---|");
        for (JmhResults.Result r : results.all("GradientBenchmark.gradient")) {
            BenchModels.Shape shape = BenchModels.Shape.parse(r.param("shape"));
            ModelSpec model = shape.model(r.param("model"));
            if (model.classes() != 1) {
                continue;
            }
            double bytes = KernelWork.gradient(model, shape).bytes();
            double rate = bytes / r.seconds();
            // LOGISTIC makes exactly the BLAS calls of LINEAR
            double blas = bytes / secondsOrNaN("BlasOnlyBenchmark.blasOnly", "model", "linear", "shape",
                    r.param("shape"));
            double once = bytes / secondsOrNaN("GemvCeilingBenchmark.dgemvOnce", "shape", r.param("shape"));
            line("| %s | %s | %s ± %s | %.2f | %s | %s | %s | %s | %s |", r.param("model"), r.param("shape"),
                    time(r.seconds()), time(r.error()), rate / 1e9, percent(rate / roof.bandwidth()),
                    yesNo(rate / roof.bandwidth() >= BANDWIDTH_TARGET), percent(rate / roof.readOnlyBandwidth()),
                    ofBandwidth(blas, roof), ofBandwidth(once, roof));
        }
        line("");
    }

    private void gemmBoundGradients(Roofline roof) {
        line("### GEMM-bound chunk gradients: SOFTMAX, MLP (backend %s)", backends());
        line("");
        line("| model | chunk | time (± 99.9%% CI) | GFLOP/s | GB/s (X once) | vs roofline | target | met |");
        line("|---|---|---|---|---|---|---|---|");
        for (JmhResults.Result r : results.all("GradientBenchmark.gradient")) {
            BenchModels.Shape shape = BenchModels.Shape.parse(r.param("shape"));
            ModelSpec model = shape.model(r.param("model"));
            if (model.classes() == 1) {
                continue;
            }
            KernelWork.Work work = KernelWork.gradient(model, shape);
            double bytes = work.bytes();
            double flops = work.flops();
            double fraction = secondsOrNaN("BlasOnlyBenchmark.blasOnly", "model", r.param("model"), "shape",
                    r.param("shape")) / r.seconds();
            String versus = percent(fraction) + " of dgemm at its shape; " + percent(flops / r.seconds()
                    / roof.peakFlops()) + " of peak dgemm";
            line("| %s | %s | %s ± %s | %.2f | %.2f | %s | %s | %s |", r.param("model"), r.param("shape"),
                    time(r.seconds()), time(r.error()), flops / r.seconds() / 1e9, bytes / r.seconds() / 1e9, versus,
                    ">= 70% of dgemm at shape", yesNo(fraction >= GEMM_TARGET));
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
        line("Bytes: encode reads the %d gradients and writes the upload; decode reads the %d uploads and writes ghat. "
                + "\"Before\": the unblocked kernel (CodecBaselineBenchmark) in the same run.",
                EncodeDecodeBenchmark.CHUNKS, KernelWork.decodedUploads());
        line("");
        line("| op | model (d) | ell | time | GB/s | of bandwidth (target >= 70%%) | met | of read-only stream "
                + "| before: time, of bandwidth | speed-up | encode / gradient, 2000 rows | 8000 rows | < 5%% met |");
        line("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (String op : new String[] {"encode", "decode"}) {
            String baseline = op.equals("encode") ? "CodecBaselineBenchmark.encodeDaxpyTiles"
                    : "CodecBaselineBenchmark.decodeWorkerByWorker";
            for (JmhResults.Result r : results.all("EncodeDecodeBenchmark." + op)) {
                ModelSpec model = BenchModels.model(r.param("model"), BenchModels.FASHION_FEATURES,
                        BenchModels.FASHION_CLASSES);
                int d = model.parameterCount();
                int ell = Integer.parseInt(r.param("ell"));
                double bytes = KernelWork.codecBytes(KernelWork.Codec.ofBenchmark(op), d, ell);
                double rate = bytes / r.seconds();
                // the baseline is CPU code: compare it with the CPU rows only
                double before = r.param("backend").equals("cpu")
                        ? secondsOrNaN(baseline, "model", r.param("model"), "ell", r.param("ell")) : Double.NaN;
                String small = "";
                String big = "";
                String fractionMet = "";
                if (op.equals("encode")) {
                    double g2 = secondsOrNaN("GradientBenchmark.gradient", "model", r.param("model"), "shape",
                            "2000x784", "backend", r.param("backend"));
                    double g8 = secondsOrNaN("GradientBenchmark.gradient", "model", r.param("model"), "shape",
                            "8000x784", "backend", r.param("backend"));
                    small = percent(r.seconds() / g2);
                    big = percent(r.seconds() / g8);
                    fractionMet = Double.isNaN(g2) ? "n/a" : yesNo(r.seconds() / g2 < ENCODE_FRACTION_TARGET);
                }
                line("| %s | %s (%d) | %d | %s | %.2f | %s | %s | %s | %s, %s | %s | %s | %s | %s |", op,
                        r.param("model"), d, ell, time(r.seconds()), rate / 1e9, percent(rate / roof.bandwidth()),
                        yesNo(rate / roof.bandwidth() >= BANDWIDTH_TARGET), percent(rate / roof.readOnlyBandwidth()),
                        time(before), percent(bytes / before / roof.bandwidth()), speedup(before / r.seconds()),
                        small, big, fractionMet);
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

    private static String gbps(double bytesPerSecond) {
        return Double.isNaN(bytesPerSecond) ? "n/a" : String.format(Locale.ROOT, "%.2f GB/s", bytesPerSecond / 1e9);
    }

    private static String ofBandwidth(double bytesPerSecond, Roofline roof) {
        return Double.isNaN(bytesPerSecond) ? "n/a" : String.format(Locale.ROOT, "%.2f GB/s = %s", bytesPerSecond / 1e9,
                percent(bytesPerSecond / roof.bandwidth()));
    }

    private static String speedup(double ratio) {
        return Double.isNaN(ratio) ? "n/a" : String.format(Locale.ROOT, "%.2fx", ratio);
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
