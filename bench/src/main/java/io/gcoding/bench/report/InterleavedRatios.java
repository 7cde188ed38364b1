package io.gcoding.bench.report;

import static org.bytedeco.openblas.global.openblas_full.CblasNoTrans;
import static org.bytedeco.openblas.global.openblas_full.CblasRowMajor;
import static org.bytedeco.openblas.global.openblas_full.cblas_ddot;
import static org.bytedeco.openblas.global.openblas_full.cblas_dgemv;

import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.bench.kernels.RooflineBenchmark;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.LongSupplier;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Memory-bound kernels against the read-only roofline, interleaved: every round times the roofline (OpenBLAS ddot
 * of two 64 MiB off-heap arrays, as in {@link RooflineBenchmark}) and then each kernel, on this thread's CPU time,
 * and a kernel's figure is the median over rounds of its bandwidth divided by the roofline of the SAME round. On a
 * machine that other processes load unevenly, JMH times the roofline and a kernel minutes apart, so its ratios
 * drift with the load; here both are measured seconds apart and descheduled time is not counted.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.gcoding.bench.report.InterleavedRatios [rounds] [shape...]}
 * (defaults: 7 rounds, 2000x784 and 8000x784). Kernels: the backend's LINEAR and LOGISTIC chunk gradients and one
 * OpenBLAS dgemv over the whole X, bytes X once ({@link KernelWork#gradient}); one BLAS thread. The shape
 * {@code decode} times the PS decode instead ({@link #decodeVariants}), {@code encode} the worker's encode
 * ({@link #encodeVariants}).
 */
public final class InterleavedRatios {

    /** CPU time a variant is repeated for per round. */
    static final long BUDGET_NANOS = 300_000_000L;

    /** A kernel to time: the bytes one call must move and the call itself. */
    record Variant(String name, double bytes, Runnable call) {
    }

    /** Median over the measured rounds: seconds per call, bytes per second, and the ratio to the same round's roofline. */
    record Figure(String name, double seconds, double bytesPerSecond, double ofRoofline) {
    }

    private InterleavedRatios() {
    }

    /**
     * Runs {@code rounds + 1} rounds (the first warms up and is discarded); in each, every variant is called until
     * {@code budget} of {@code clock} has passed. The first variant is the roofline; the result lists it too.
     */
    static List<Figure> measure(List<Variant> variants, int rounds, long budget, LongSupplier clock) {
        if (variants.isEmpty() || rounds < 1) {
            throw new IllegalArgumentException("need a roofline variant and at least one round");
        }
        double[][] seconds = new double[variants.size()][rounds];
        for (int round = -1; round < rounds; round++) {
            for (int v = 0; v < variants.size(); v++) {
                Runnable call = variants.get(v).call();
                long start = clock.getAsLong();
                long calls = 0;
                long elapsed;
                do {
                    call.run();
                    calls++;
                    elapsed = clock.getAsLong() - start;
                } while (elapsed < budget);
                if (round >= 0) {
                    seconds[v][round] = elapsed / 1e9 / calls;
                }
            }
        }
        double rooflineBytes = variants.get(0).bytes();
        List<Figure> figures = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            double[] ratios = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                ratios[round] = (variants.get(v).bytes() / seconds[v][round])
                        / (rooflineBytes / seconds[0][round]);
            }
            double median = median(seconds[v]);
            figures.add(new Figure(variants.get(v).name(), median, variants.get(v).bytes() / median, median(ratios)));
        }
        return figures;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static String render(List<Figure> figures) {
        StringBuilder out = new StringBuilder("| kernel | time (median) | GB/s | of the same round's roofline |\n"
                + "|---|---|---|---|\n");
        for (Figure f : figures) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %.2f | %.0f%% |%n", f.name(),
                    KernelReport.time(f.seconds()), f.bytesPerSecond() / 1e9, 100 * f.ofRoofline()));
        }
        return out.toString();
    }

    /**
     * The roofline and the PS decode of {@link io.gcoding.bench.kernels.EncodeDecodeBenchmark} (the coding core's
     * {@code GradientDecoder}, 20 workers, 2 missing, Gaussian Theta) for softmax and mlp2, ell = 1 and 4; bytes: the
     * uploads read and ghat written ({@link KernelWork#codecBytes}).
     */
    static List<Variant> decodeVariants(DoublePointer a, DoublePointer b, int length, double[] sink) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("roofline: ddot 2 x 64 MiB", KernelWork.readOnlyBytes(),
                () -> sink[0] += cblas_ddot(length, a, 1, b, 1)));
        for (String name : new String[] {"softmax", "mlp2"}) {
            int d = BenchModels.model(name, BenchModels.FASHION_FEATURES, BenchModels.FASHION_CLASSES)
                    .parameterCount();
            for (int ell : new int[] {1, 4}) {
                io.gcoding.coding.BlockLayout layout = new io.gcoding.coding.BlockLayout(d, ell);
                io.gcoding.coding.DecodingMatrix theta = io.gcoding.coding.DecodingMatrix.gaussian(ell,
                        io.gcoding.bench.kernels.EncodeDecodeBenchmark.WORKERS, 300);
                double[][] uploads = new double[io.gcoding.bench.kernels.EncodeDecodeBenchmark.WORKERS][];
                for (int j = 0; j < uploads.length; j++) {
                    uploads[j] = j % 10 == 3 ? null : BenchModels.gaussian(layout.blockLength(), 1.0, 400 + j);
                }
                variants.add(new Variant("decode " + name + " (d = " + d + ") ell = " + ell,
                        KernelWork.codecBytes(KernelWork.Codec.DECODE, d, ell),
                        () -> sink[0] += io.gcoding.coding.GradientDecoder.decode(theta, uploads, layout)[1]));
            }
        }
        return variants;
    }

    /**
     * The roofline and the worker's encode of {@link io.gcoding.bench.kernels.EncodeDecodeBenchmark} (10 chunk
     * gradients into one upload, Gaussian coefficients) for softmax and mlp2, ell = 1 and 4, two ways: the backend's
     * kernel (what a GPU worker's compute thread runs) and the coding core's {@code GradientEncoder} on host copies
     * (what a CPU worker's control thread runs on ENCODE); bytes: the gradients read and the upload written
     * ({@link KernelWork#codecBytes}).
     */
    static List<Variant> encodeVariants(ComputeBackend backend, DoublePointer a, DoublePointer b, int length,
            double[] sink) {
        List<Variant> variants = new ArrayList<>();
        variants.add(new Variant("roofline: ddot 2 x 64 MiB", KernelWork.readOnlyBytes(),
                () -> sink[0] += cblas_ddot(length, a, 1, b, 1)));
        int chunks = io.gcoding.bench.kernels.EncodeDecodeBenchmark.CHUNKS;
        for (String name : new String[] {"softmax", "mlp2"}) {
            int d = BenchModels.model(name, BenchModels.FASHION_FEATURES, BenchModels.FASHION_CLASSES)
                    .parameterCount();
            for (int ell : new int[] {1, 4}) {
                io.gcoding.coding.BlockLayout layout = new io.gcoding.coding.BlockLayout(d, ell);
                double[][] host = new double[chunks][];
                double[][] coeffs = new double[chunks][];
                List<DeviceVector> grads = new ArrayList<>();
                for (int i = 0; i < chunks; i++) {
                    host[i] = BenchModels.gaussian(d, 1.0, 100 + i);
                    coeffs[i] = BenchModels.gaussian(ell, 1.0, 200 + i);
                    DeviceVector g = backend.allocate(d);
                    backend.copyIn(host[i], g);
                    grads.add(g);
                }
                DeviceVector out = backend.allocate(layout.blockLength());
                double bytes = KernelWork.codecBytes(KernelWork.Codec.ENCODE, d, ell);
                String what = name + " (d = " + d + ") ell = " + ell;
                variants.add(new Variant("encode, backend kernel, " + what, bytes,
                        () -> backend.encode(grads, coeffs, out)));
                variants.add(new Variant("encode, GradientEncoder (CPU worker's control thread), " + what, bytes,
                        () -> sink[0] += io.gcoding.coding.GradientEncoder.encode(host, coeffs, layout)[1]));
            }
        }
        return variants;
    }

    public static void main(String[] args) throws Exception {
        int rounds;
        try {
            rounds = args.length > 0 ? Integer.parseInt(args[0]) : 7;
        } catch (NumberFormatException e) {
            rounds = 0;
        }
        if (rounds < 1) {
            System.err.println("usage: InterleavedRatios [rounds >= 1] [ROWSxFEATURES ...]");
            System.exit(2);
        }
        List<String> shapes = args.length > 1 ? List.of(args).subList(1, args.length) : List.of("2000x784", "8000x784");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        LongSupplier cpu = threads::getCurrentThreadCpuTime;
        int length = RooflineBenchmark.STREAM_LENGTH;
        try (DoublePointer a = new DoublePointer(BenchModels.gaussian(length, 1.0, 1));
                DoublePointer b = new DoublePointer(BenchModels.gaussian(length, 1.0, 2));
                ComputeBackend backend = BenchModels.backend("cpu", 1)) {
            double[] sink = new double[1];
            for (String text : shapes) {
                if (text.equals("encode")) {
                    System.out.print(render(measure(encodeVariants(backend, a, b, length, sink), rounds, BUDGET_NANOS,
                            cpu)));
                    continue;
                }
                if (text.equals("decode")) {
                    System.out.print(render(measure(decodeVariants(a, b, length, sink), rounds, BUDGET_NANOS, cpu)));
                    continue;
                }
                BenchModels.Shape shape = BenchModels.Shape.parse(text);
                List<Variant> variants = new ArrayList<>();
                variants.add(new Variant("roofline: ddot 2 x 64 MiB", KernelWork.readOnlyBytes(),
                        () -> sink[0] += cblas_ddot(length, a, 1, b, 1)));
                List<AutoCloseable> resources = new ArrayList<>();
                for (String name : new String[] {"linear", "logistic"}) {
                    ModelSpec model = shape.model(name);
                    DeviceChunk chunk = backend.upload(BenchModels.chunk(model, shape.rows(), 11));
                    DeviceVector params = backend.allocate(model.parameterCount());
                    DeviceVector grad = backend.allocate(model.parameterCount());
                    backend.copyIn(BenchModels.gaussian(model.parameterCount(), 0.05, 12), params);
                    resources.addAll(List.of(chunk, params, grad));
                    variants.add(new Variant(name + " gradient " + text, KernelWork.gradient(model, shape).bytes(),
                            () -> sink[0] += backend.gradient(model, chunk, params, null, grad)));
                }
                DoublePointer x = new DoublePointer(BenchModels.gaussian(
                        Math.multiplyExact(shape.rows(), shape.features()), 1.0, 1));
                DoublePointer w = new DoublePointer(BenchModels.gaussian(shape.features(), 0.05, 2));
                DoublePointer z = new DoublePointer((long) shape.rows());
                variants.add(new Variant("one dgemv over X " + text,
                        KernelWork.gradient(shape.model("linear"), shape).bytes(),
                        () -> cblas_dgemv(CblasRowMajor, CblasNoTrans, shape.rows(), shape.features(), 1.0, x,
                                shape.features(), w, 1, 0.0, z, 1)));
                System.out.print(render(measure(variants, rounds, BUDGET_NANOS, cpu)));
                x.close();
                w.close();
                z.close();
                for (AutoCloseable r : resources) {
                    r.close();
                }
            }
            System.out.println("(" + rounds + " rounds after one warm-up round, thread CPU time)");
        }
    }
}
