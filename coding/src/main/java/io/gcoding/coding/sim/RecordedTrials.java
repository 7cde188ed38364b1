package io.gcoding.coding.sim;

import java.util.List;

/** Trials held in memory, e.g. read from a trace file. */
public record RecordedTrials(List<Trial> trials, String describe) implements TrialSource {

    public RecordedTrials {
        trials = List.copyOf(trials);
        if (trials.isEmpty()) {
            throw new io.gcoding.coding.ConfigurationException("no trials in " + describe);
        }
    }

    @Override
    public int count() {
        return trials.size();
    }

    @Override
    public Trial trial(int index) {
        return trials.get(index);
    }

    /** The first {@code n} trials. */
    public RecordedTrials first(int n) {
        return new RecordedTrials(trials.subList(0, Math.min(n, trials.size())), describe);
    }
}
