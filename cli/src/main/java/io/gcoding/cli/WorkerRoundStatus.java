package io.gcoding.cli;

import io.gcoding.coding.Percentiles;
import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.RoundTimeline;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * How one worker did in one round, from the round's record: what the live view prints per worker and the report's
 * straggler statistics add up. One place decides what "slow" means.
 *
 * @param worker        worker id
 * @param chunksDone    chunks it reported done in the round
 * @param load          chunks it holds
 * @param relativeSpeed its chunks per second (up to its last reported chunk) over the median of the live workers
 *                      that reported a chunk; 0 for a worker that reported nothing, NaN for a dead worker or when
 *                      no worker reported
 * @param marks         slow / dead / re-encoded
 */
record WorkerRoundStatus(int worker, int chunksDone, int load, double relativeSpeed, Set<Mark> marks) {

    /** Below this fraction of the median worker's speed a worker is marked slow. */
    static final double SLOW_BELOW = 0.5;

    enum Mark {
        SLOW("slow"), DEAD("dead"), RE_ENCODED("re-encoded");

        final String label;

        Mark(String label) {
            this.label = label;
        }
    }

    WorkerRoundStatus {
        marks = marks.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(marks));
    }

    boolean is(Mark m) {
        return marks.contains(m);
    }

    /** Every worker of the round, in id order. */
    static List<WorkerRoundStatus> of(RoundRecord record) {
        RoundTimeline t = record.timeline();
        int m = t.workers();
        boolean[] dead = new boolean[m];
        for (int j : record.deadWorkers()) {
            dead[j] = true;
        }
        double[] rate = new double[m];
        List<Double> live = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            int done = t.chunksDone(j);
            double last = done == 0 ? Double.NaN : t.chunkSeconds(j, done - 1);
            // a chunk reported at the round start (0 s) is as fast as measurable: count it over 1 ms
            rate[j] = done == 0 ? 0 : done / Math.max(last, 1e-3);
            if (!dead[j] && done > 0) { // half the workers idle must not make the median 0
                live.add(rate[j]);
            }
        }
        double median = Percentiles.of(live.stream().mapToDouble(Double::doubleValue).toArray(), 50);
        int[] versions = t.uploadVersions();
        List<WorkerRoundStatus> out = new ArrayList<>(m);
        for (int j = 0; j < m; j++) {
            double relative = median > 0 && !dead[j] ? rate[j] / median : Double.NaN;
            EnumSet<Mark> marks = EnumSet.noneOf(Mark.class);
            if (dead[j]) {
                marks.add(Mark.DEAD);
            } else if (relative < SLOW_BELOW) {
                marks.add(Mark.SLOW);
            }
            if (versions[j] > 0) {
                marks.add(Mark.RE_ENCODED);
            }
            out.add(new WorkerRoundStatus(j, t.chunksDone(j), t.load(j), relative, marks));
        }
        return out;
    }

    /** The workers of the round that carry this mark. */
    static List<Integer> marked(List<WorkerRoundStatus> workers, Mark mark) {
        return workers.stream().filter(w -> w.is(mark)).map(WorkerRoundStatus::worker).toList();
    }
}
