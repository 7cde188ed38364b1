package io.gcoding.data;

import io.gcoding.model.ModelSpec;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The figures quoted in docs/DATA.md: load time, evaluator time, and what full-batch Adam on fullGradient reaches.
 * Not a test (slow); run by hand:
 * <pre>
 *   mvn -B -o -pl datasets -am test-compile
 *   java -cp datasets/target/classes:datasets/target/test-classes:kernels/target/classes \
 *        io.gcoding.data.MeasureFigures [what] [steps] [lr...]
 * </pre>
 * what: {@code timing} (load + evaluator), {@code softmax} (full-batch Adam, one run per lr),
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
        switch (what) {
            case "timing" -> timing(data);
            case "softmax" -> softmax(data, args);
            case "mlp" -> mlp(data, args);
            default -> throw new IllegalArgumentException("what: timing, softmax or mlp");
        }
    }

    private static void timing(TrainTest data) {
        ModelSpec softmax = ModelSpec.softmax(784, 10);
        ModelSpec mlp = ModelSpec.mlp(784, 10, 256, 128);
        double[] ps = ModelInit.initial(softmax, 1);
        double[] pm = ModelInit.initial(mlp, 1);
        for (int rep = 0; rep < 4; rep++) { // the first repetitions include JIT compilation
            time("evaluate softmax, 10k test", () -> ModelEvaluator.evaluate(softmax, ps, data.test()));
            time("evaluate mlp(256,128), 10k test", () -> ModelEvaluator.evaluate(mlp, pm, data.test()));
            time("fullGradient softmax, 60k train", () -> ModelEvaluator.fullGradient(softmax, ps, data.train()));
            time("fullGradient mlp(256,128), 10k test", () -> ModelEvaluator.fullGradient(mlp, pm, data.test()));
        }
    }

    private static void time(String label, Runnable r) {
        long t = System.nanoTime();
        r.run();
        System.out.printf(Locale.ROOT, "  %-40s %.3f s%n", label, (System.nanoTime() - t) / 1e9);
    }

    /** Full-batch Adam: args = softmax STEPS LR... */
    private static void softmax(TrainTest data, String[] args) {
        int steps = args.length > 1 ? Integer.parseInt(args[1]) : 300;
        ModelSpec model = ModelSpec.softmax(784, 10);
        for (int a = 2; a < Math.max(args.length, 3); a++) {
            double lr = args.length > a ? Double.parseDouble(args[a]) : 0.01;
            double[] p = ModelInit.initial(model, 1);
            Optimizer opt = Optimizers.parse("adam:lr=" + lr, data.train().rows());
            long t = System.nanoTime();
            for (int s = 1; s <= steps; s++) {
                opt.step(p, ModelEvaluator.fullGradient(model, p, data.train()));
                if (s % 25 == 0 || s == steps) {
                    report("softmax adam lr=" + lr, s, t, model, p, data);
                }
            }
        }
    }

    /** Mini-batch rounds: args = mlp ROUNDS LR CHUNKS BATCH [hidden... | softmax]. */
    private static void mlp(TrainTest data, String[] args) {
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
        var parts = Chunking.split(data.train(), chunks, 7);
        double[] p = ModelInit.initial(model, 7);
        Optimizer opt = Optimizers.parse("adam:lr=" + lr, (double) chunks * batch);
        double[] g = new double[p.length];
        double[] sum = new double[p.length];
        long t = System.nanoTime();
        for (int round = 1; round <= rounds; round++) {
            java.util.Arrays.fill(sum, 0);
            for (int c = 0; c < chunks; c++) {
                int[] rows = Chunking.miniBatchRows(parts[c].rows(), batch, 7, round, c);
                ModelEvaluator.gradient(model, p, parts[c], rows, g);
                for (int i = 0; i < g.length; i++) {
                    sum[i] += g[i];
                }
            }
            opt.step(p, sum);
            if (round % 250 == 0 || round == rounds) {
                report((softmax ? "softmax" : "mlp" + java.util.Arrays.toString(hidden)) + " adam lr=" + lr + " "
                        + chunks + "x" + batch,
                        round, t, model, p, data);
            }
        }
    }

    private static void report(String label, int step, long startNanos, ModelSpec model, double[] p, TrainTest data) {
        Evaluation test = ModelEvaluator.evaluate(model, p, data.test());
        System.out.printf(Locale.ROOT, "%s step %d: test %s (%.0f s)%n", label, step, test,
                (System.nanoTime() - startNanos) / 1e9);
    }
}
