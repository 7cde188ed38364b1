package io.gcoding.data;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code libsvm:TRAIN[,TEST][,task=linear|logistic|softmax]}.
 *
 * @param train the training file
 * @param test  the test file, or null to hold out a seeded {@value #HOLDOUT_PERCENT}% of {@code train}
 * @param task  the labels' meaning, or null to infer it from the labels ({@link LibSvmReader#toDatasets})
 */
public record LibSvmSpec(Path train, Path test, Task task) implements DatasetSpec {
    static final int HOLDOUT_PERCENT = 10;
    private static final long HOLDOUT_STREAM = 0x401D_0A7L;

    public LibSvmSpec {
        if (train == null) {
            throw new ConfigurationException("libsvm: no training file (use libsvm:TRAIN[,TEST])");
        }
    }

    static LibSvmSpec parseOptions(String text) {
        List<String> paths = new ArrayList<>();
        List<String> options = new ArrayList<>();
        for (String part : text.split(",")) {
            String p = part.trim();
            if (!p.isEmpty()) {
                (p.contains("=") ? options : paths).add(p); // a path with "=" in it is not supported
            }
        }
        if (paths.isEmpty() || paths.size() > 2) {
            throw new ConfigurationException("libsvm: expected libsvm:TRAIN or libsvm:TRAIN,TEST, got 'libsvm:" + text
                    + "'");
        }
        String task = KeyValueSpec.parse("libsvm", String.join(",", options), "libsvm:train.txt,test.txt,task=softmax")
                .requireOnly("task").string("task", null);
        return new LibSvmSpec(Path.of(paths.get(0)), paths.size() == 2 ? Path.of(paths.get(1)) : null,
                task == null ? null : Task.parse(task));
    }

    @Override
    public TrainTest load(Path dataDir, long seed) throws IOException {
        String name = "libsvm:" + train.getFileName();
        if (test != null) {
            Dataset[] both = LibSvmReader.toDatasets(task, name, LibSvmReader.parse(train), LibSvmReader.parse(test));
            return new TrainTest(both[0], both[1]);
        }
        Dataset all = LibSvmReader.toDatasets(task, name, LibSvmReader.parse(train))[0];
        if (all.rows() < 2) {
            throw new DatasetFormatException(train, null, "one example cannot be split into train and test; "
                    + "give a test file (libsvm:TRAIN,TEST)");
        }
        int testRows = Math.max(1, (int) Math.round(all.rows() * (HOLDOUT_PERCENT / 100.0)));
        int[] perm = SeededRandom.of(seed, HOLDOUT_STREAM).permutation(all.rows());
        int[] testIdx = Arrays.copyOfRange(perm, 0, testRows);
        int[] trainIdx = Arrays.copyOfRange(perm, testRows, perm.length);
        Arrays.sort(testIdx);
        Arrays.sort(trainIdx);
        return new TrainTest(all.subset(name + "/train", trainIdx), all.subset(name + "/holdout", testIdx));
    }

    @Override
    public Optional<Task> taskHint() {
        return Optional.ofNullable(task);
    }

    @Override
    public String text() {
        return "libsvm:" + train + (test == null ? "" : "," + test) + (task == null ? "" : ",task=" + task.optionName());
    }
}
