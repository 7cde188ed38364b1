package io.gcoding.data;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;
import io.gcoding.model.ModelSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A dataset as users name it on the command line and as the coordinator tells workers about it:
 * <ul>
 *   <li>{@code fashion-mnist} or {@code fashion-mnist:rows=N} (a seeded sample of N training rows; test unchanged),
 *       read from the data directory ({@link FashionMnist#DEFAULT_DIR} unless overridden);</li>
 *   <li>{@code libsvm:TRAIN[,TEST][,task=linear|logistic|softmax]}: LIBSVM text files; without TEST a seeded 10% of
 *       TRAIN is held out; relative paths are resolved against the working directory;</li>
 *   <li>{@code synthetic[:rows=4000,test=1000,features=20,classes=3,task=softmax,separation=3]}: generated data with
 *       a known optimum (see {@link Synthetic}).</li>
 * </ul>
 *
 * <p>Loading is a pure function of (spec, data files, seed): a worker process that loads the same spec with the same
 * seed gets bit-identical data, and so with {@link Chunking} exactly the coordinator's chunks.
 */
public sealed interface DatasetSpec permits FashionMnistSpec, LibSvmSpec, SyntheticSpec {

    /** Parses the forms above; errors name the form that was expected. */
    static DatasetSpec parse(String text) {
        if (text == null || text.isBlank()) {
            throw new ConfigurationException(
                    "no dataset given (use fashion-mnist, libsvm:PATH[,TEST] or synthetic[:...])");
        }
        KeyValueSpec.Named named = KeyValueSpec.Named.of(text);
        return switch (named.name()) {
            case "fashion-mnist" -> FashionMnistSpec.parseOptions(named.rest());
            case "libsvm" -> LibSvmSpec.parseOptions(named.rest());
            case "synthetic" -> SyntheticSpec.parseOptions(named.rest());
            default -> throw new ConfigurationException("unknown dataset '" + text.trim()
                    + "' (use fashion-mnist, libsvm:TRAIN[,TEST] or synthetic[:rows=..,features=..,classes=..,task=..])");
        };
    }

    /**
     * Reads or generates the data.
     *
     * @param dataDir where Fashion-MNIST's files are (null: the default directory); ignored by the other kinds
     * @param seed    drives every random choice (held-out split, sampling, synthetic data)
     * @throws MissingDatasetException when the files are not there (the message says how to get them)
     * @throws DatasetFormatException  when a file is malformed (the message names file and line)
     */
    TrainTest load(Path dataDir, long seed) throws IOException;

    /** The task when the spec fixes it; empty for {@code libsvm} without {@code task=}, which infers it on load. */
    Optional<Task> taskHint();

    /** The spec in canonical form; {@code parse(text())} gives an equal spec. */
    String text();

    /** The default model for the loaded data: linear, logistic or softmax sized to it. */
    default ModelSpec suggestedModel(TrainTest data) {
        Task t = taskHint().orElseGet(() -> Task.infer(data.train()));
        return t.suggestedModel(data.train());
    }
}
