package io.gcoding.bench.training;

import io.gcoding.bench.kernels.BenchModels;
import io.gcoding.data.Chunking;
import io.gcoding.data.FashionMnist;
import io.gcoding.data.HostChunk;
import io.gcoding.data.TrainTest;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
import io.gcoding.training.Evaluation;
import io.gcoding.training.ModelEvaluator;
import io.gcoding.training.ModelInit;
import io.gcoding.training.Optimizer;
import io.gcoding.training.Optimizers;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The figures quoted in docs/DATA.md: load time, evaluator time, and the accuracy that full-batch and mini-batch
 * Adam reach on Fashion-MNIST, with every gradient computed by the CPU backend (the production gradient). Not a
 * benchmark harness; run by hand:
 * <pre>
 *   mvn -B -pl bench -am package -DskipTests
 *   java -cp bench/target/benchmarks.jar io.gcoding.bench.training.MeasureFigures [what] [steps] [lr...]
 * </pre>
 * what: {@code timing} (load, evaluator, one full gradient), {@code softmax} (full-batch Adam, one run per lr),
 * {@code mlp} (mini-batch rounds as the runtime does them: N chunks x batch rows per round; {@code softmax} as the
 * last argument trains a softmax that way instead).
 */
public final class MeasureFigures {
    private MeasureFigures() {
    }

    public static void main(String[] args) throws Exception {
        String what = args.length > 0 ? args[0] : "timing";
        Path dir = Path.of(System.getProperty("data.dir", FashionMnist.DEFAULT_DIR.toString()));
        long t0 = System.nanoTime();
        TrainTest data = FashionMnist.load(dir);
        double loadSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "load Fashion-MNIST: %.2f s (%s; %s)%n", loadSeconds, data.train(), data.test());
        try (ComputeBackend backend = BenchModels.backend("cpu", 0)) {
            switch (what) {
                case "timing" -> timing(backend, data);
                case "softmax" -> softmax(backend, data, args);
                case "mlp" -> mlp(backend, data, args);
                default -> throw new IllegalArgumentException("what: timing, softmax or mlp");
            }
        }
    }

    /** Uploads chunks once and sums their gradients (optionally over per-chunk mini-batches) through the backend. */
    private static final class Gradients implements AutoCloseable {
        private final ComputeBackend backend;
        private final ModelSpec model;
        private final DeviceChunk[] chunks;
        private final int[] rows;
        private final DeviceVector params;
        private final DeviceVector gradient;

        Gradients(ComputeBackend backend, ModelSpec model, HostChunk[] host) {
            this.backend = backend;
            this.model = model;
            this.chunks = new DeviceChunk[host.length];
            this.rows = new int[host.length];
            for (int c = 0; c < host.length; c++) {
                chunks[c] = backend.upload(host[c]);
                rows[c] = host[c].rows();
            }
            this.params = backend.allocate(model.parameterCount());
            this.gradient = backend.allocate(model.parameterCount());
        }

        /** sum_i g_i at {@code p}; {@code batch == 0} uses whole chunks. */
        double[] sum(double[] p, int batch, long seed, long round) {
            backend.copyIn(p, params);
            double[] sum = new double[p.length];
            for (int c = 0; c < chunks.length; c++) {
                int[] use = batch == 0 ? null : Chunking.miniBatchRows(rows[c], batch, seed, round, c);
                backend.gradient(model, chunks[c], params, use, gradient);
                double[] g = backend.copyOut(gradient);
                for (int i = 0; i < g.length; i++) {
                    sum[i] += g[i];
                }
            }
            return sum;
        }

        @Override
        public void close() {
            for (DeviceChunk c : chunks) {
                c.close();
            }
            params.close();
            gradient.close();
        }
    }

    private static void timing(ComputeBackend backend, TrainTest data) {
        ModelSpec softmax = ModelSpec.softmax(784, 10);
        ModelSpec mlp = ModelSpec.mlp(784, 10, 256, 128);
        double[] ps = ModelInit.initial(softmax, 1);
        double[] pm = ModelInit.initial(mlp, 1);
        try (Gradients fullSoftmax = new Gradients(backend, softmax, new HostChunk[] {data.train().toChunk()})) {
            for (int rep = 0; rep < 4; rep++) { // the first repetitions include JIT compilation
                time("evaluate softmax, 10k test", () -> ModelEvaluator.evaluate(softmax, ps, data.test()));
                time("evaluate mlp(256,128), 10k test", () -> ModelEvaluator.evaluate(mlp, pm, data.test()));
                time("cpu gradient softmax, 60k train", () -> fullSoftmax.sum(ps, 0, 0, 0));
            }
        }
    }

    private static void time(String label, Runnable r) {
        long t = System.nanoTime();
        r.run();
        System.out.printf(Locale.ROOT, "  %-40s %.3f s%n", label, (System.nanoTime() - t) / 1e9);
    }

    /** Full-batch Adam: args = softmax STEPS LR... */
    private static void softmax(ComputeBackend backend, TrainTest data, String[] args) {
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        ModelSpec model = ModelSpec.softmax(784, 10);
        try (Gradients full = new Gradients(backend, model, new HostChunk[] {data.train().toChunk()})) {
            for (int a = 2; a < Math.max(args.length, 3); a++) {
                double lr = args.length > a ? Double.parseDouble(args[a]) : 0.01;
                double[] p = ModelInit.initial(model, 1);
                Optimizer opt = Optimizers.parse("adam:lr=" + lr, data.train().rows());
                long t = System.nanoTime();
                for (int s = 1; s <= steps; s++) {
                    opt.step(p, full.sum(p, 0, 0, 0));
                    if (s % 25 == 0 || s == steps) {
                        report("softmax adam lr=" + lr, s, t, model, p, data);
                    }
                }
            }
        }
    }

    /** Mini-batch rounds: args = mlp ROUNDS LR CHUNKS BATCH [hidden... | softmax]. */
    private static void mlp(ComputeBackend backend, TrainTest data, String[] args) {
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 500;
        double lr = args.length > 2 ? Double.parseDouble(args[2]) : 0.001;
        int chunks = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        int batch = args.length > 4 ? Integer.parseInt(args[4]) : 32;
        boolean softmax = args.length > 5 && args[5].equals("softmax");
        int[] hidden = args.length > 5 ? new int[softmax ? 0 : args.length - 5] : new int[] {256, 128};
        for (int i = 5; i < args.length && !softmax; i++) {
            hidden[i - 5] = Integer.parseInt(args[i]);
        }
        ModelSpec model = softmax ? ModelSpec.softmax(784, 10) : ModelSpec.mlp(784, 10, hidden);
        double[] p = ModelInit.initial(model, 7);
        Optimizer opt = Optimizers.parse("adam:lr=" + lr, (double) chunks * batch);
        long t = System.nanoTime();
        try (Gradients parts = new Gradients(backend, model, Chunking.split(data.train(), chunks, 7))) {
            for (int round = 1; round <= rounds; round++) {
                opt.step(p, parts.sum(p, batch, 7, round));
                if (round % 250 == 0 || round == rounds) {
                    report((softmax ? "softmax" : "mlp" + java.util.Arrays.toString(hidden)) + " adam lr=" + lr + " "
                            + chunks + "x" + batch, round, t, model, p, data);
                }
            }
        }
    }

    private static void report(String label, int step, long startNanos, ModelSpec model, double[] p, TrainTest data) {
        Evaluation test = ModelEvaluator.evaluate(model, p, data.test());
        System.out.printf(Locale.ROOT, "%s step %d: test %s (%.0f s)%n", label, step, test,
                (System.nanoTime() - startNanos) / 1e9);
    }
}
