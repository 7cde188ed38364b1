package io.gcoding.worker;

import io.gcoding.data.DatasetSpec;
import io.gcoding.data.TrainTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The worker's loaded training data, kept across sessions: several protocols compared on one cluster use the same
 * dataset, and loading Fashion-MNIST again per session would dominate the run. Holds one dataset at a time.
 */
final class DatasetCache {
    private final Path dataDir;
    private String key;
    private TrainTest data;

    DatasetCache(Path dataDir) {
        this.dataDir = dataDir;
    }

    TrainTest get(String spec, long seed) {
        String k = spec + "#" + seed;
        if (!Objects.equals(k, key)) {
            data = null; // let the old one go before loading the new one
            try {
                data = DatasetSpec.parse(spec).load(dataDir, seed);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load dataset " + spec + ": " + e.getMessage(), e);
            }
            key = k;
        }
        return data;
    }
}
