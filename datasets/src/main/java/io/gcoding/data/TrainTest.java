package io.gcoding.data;

/** A training set and the held-out set used only to evaluate. Both have the same features and classes. */
public record TrainTest(Dataset train, Dataset test) {
    public TrainTest {
        if (train == null || test == null) {
            throw new IllegalArgumentException("train and test must both be present");
        }
        if (train.features() != test.features() || train.classes() != test.classes()) {
            throw new IllegalArgumentException("train (" + train + ") and test (" + test
                    + ") disagree on features or classes");
        }
    }
}
