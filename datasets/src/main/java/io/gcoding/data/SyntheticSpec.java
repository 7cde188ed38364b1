package io.gcoding.data;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;
import java.nio.file.Path;
import java.util.Optional;

/**
 * {@code synthetic[:rows=4000,test=1000,features=20,classes=3,task=softmax|linear|logistic,separation=3]}.
 *
 * @param rows       training rows
 * @param testRows   test rows (same distribution, independent draws)
 * @param features   features per row
 * @param classes    classes for {@code softmax}; 1 for {@code linear} and {@code logistic}
 * @param task       what to generate
 * @param separation distance scale between class means, in units of the within-class standard deviation (1);
 *                   ignored for {@code linear}
 */
public record SyntheticSpec(int rows, int testRows, int features, int classes, Task task, double separation)
        implements DatasetSpec {

    public static final int DEFAULT_ROWS = 4000;
    public static final int DEFAULT_TEST_ROWS = 1000;
    public static final int DEFAULT_FEATURES = 20;
    public static final int DEFAULT_CLASSES = 3;
    public static final double DEFAULT_SEPARATION = 3.0;

    public SyntheticSpec {
        if (task == null) {
            throw new ConfigurationException("synthetic: task is null");
        }
        if (rows < 1 || testRows < 1 || features < 1) {
            throw new ConfigurationException("synthetic: rows, test and features must be >= 1");
        }
        if (task == Task.MULTICLASS && classes < 2) {
            throw new ConfigurationException("synthetic: task=softmax needs classes >= 2, got " + classes);
        }
        if (task != Task.MULTICLASS && classes != 1) {
            throw new ConfigurationException("synthetic: task=" + task.optionName()
                    + " has one output, so classes must be 1 (or left out), got " + classes
                    + (task == Task.BINARY ? "; use task=softmax for several classes" : ""));
        }
        if (!(separation > 0) || !Double.isFinite(separation)) {
            throw new ConfigurationException("synthetic: separation must be > 0, got " + separation);
        }
    }

    /** The defaults: a 3-class softmax problem with 20 features. */
    public static SyntheticSpec defaults() {
        return new SyntheticSpec(DEFAULT_ROWS, DEFAULT_TEST_ROWS, DEFAULT_FEATURES, DEFAULT_CLASSES, Task.MULTICLASS,
                DEFAULT_SEPARATION);
    }

    static SyntheticSpec parseOptions(String text) {
        KeyValueSpec o = KeyValueSpec.parse("synthetic", text, "synthetic:rows=4000,features=20,classes=3")
                .requireOnly("rows", "test", "features", "classes", "task", "separation");
        Task task = Task.parse(o.string("task", Task.MULTICLASS.optionName()));
        int rows = o.integer("rows", DEFAULT_ROWS, 1);
        int test = o.integer("test", DEFAULT_TEST_ROWS, 1);
        int features = o.integer("features", DEFAULT_FEATURES, 1);
        int classes = o.integer("classes", task == Task.MULTICLASS ? DEFAULT_CLASSES : 1, 1);
        if (task == Task.BINARY && classes == 2) {
            classes = 1; // "two classes" and "binary" mean the same thing; the binary form has one output
        }
        double separation = o.positive("separation", DEFAULT_SEPARATION);
        return new SyntheticSpec(rows, test, features, classes, task, separation);
    }

    @Override
    public TrainTest load(Path dataDir, long seed) {
        return Synthetic.generate(this, seed).data();
    }

    @Override
    public Optional<Task> taskHint() {
        return Optional.of(task);
    }

    @Override
    public String text() {
        return "synthetic:rows=" + rows + ",test=" + testRows + ",features=" + features
                + (task == Task.MULTICLASS ? ",classes=" + classes : "") + ",task=" + task.optionName()
                + (task == Task.REGRESSION ? "" : ",separation=" + separation);
    }
}
