package io.gcoding.data;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;

/**
 * {@code fashion-mnist[:rows=N]}.
 *
 * @param trainRows use a seeded sample of this many training rows (0: all 60,000); the test set is always complete,
 *                  so accuracies stay comparable
 */
public record FashionMnistSpec(int trainRows) implements DatasetSpec {
    private static final long SAMPLE_STREAM = 0x5A11_F00DL;

    public FashionMnistSpec {
        if (trainRows < 0) {
            throw new ConfigurationException("fashion-mnist: rows must be >= 1 (or 0 for all), got " + trainRows);
        }
    }

    static FashionMnistSpec parseOptions(String text) {
        KeyValueSpec o = KeyValueSpec.parse("fashion-mnist", text, "fashion-mnist:rows=6000").requireOnly("rows");
        return new FashionMnistSpec(o.integer("rows", 0, 1));
    }

    @Override
    public TrainTest load(Path dataDir, long seed) throws IOException {
        TrainTest full = FashionMnist.load(dataDir);
        if (trainRows == 0 || trainRows >= full.train().rows()) {
            return full;
        }
        int[] sample = Arrays.copyOf(SeededRandom.of(seed, SAMPLE_STREAM).permutation(full.train().rows()), trainRows);
        Arrays.sort(sample); // keeps the file's order, so the sample reads like a prefix of the data
        return new TrainTest(full.train().subset("fashion-mnist/train[" + trainRows + "]", sample), full.test());
    }

    @Override
    public Optional<Task> taskHint() {
        return Optional.of(Task.MULTICLASS);
    }

    @Override
    public String text() {
        return trainRows == 0 ? "fashion-mnist" : "fashion-mnist:rows=" + trainRows;
    }
}
