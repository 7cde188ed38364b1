package io.gcoding.worker;

import io.gcoding.coding.sim.TraceSchedule;
import io.gcoding.training.inject.StragglerProfile;
import java.util.Optional;

/**
 * When a computed chunk counts as done: injected stragglers for experiments and tests (always labelled INJECTED in
 * the output). A slowdown profile stretches each chunk's compute time; a trace replays recorded finish times.
 */
interface ChunkPacing {

    /** No injection: a chunk is done when its gradient is. */
    ChunkPacing NONE = new ChunkPacing() {
        @Override
        public double readyAt(long sessionRound, int position, int chunk, double computedAt, double computeSeconds) {
            return computedAt;
        }

        @Override
        public boolean failsAt(long sessionRound) {
            return false;
        }

        @Override
        public Optional<String> describe() {
            return Optional.empty();
        }
    };

    /**
     * @param computedAt     seconds after the round start at which the gradient of this chunk was ready
     * @param computeSeconds how long it took
     * @return seconds after the round start at which it counts as done (never before {@code computedAt}); +infinity
     *         when this worker reports nothing more in this round
     */
    double readyAt(long sessionRound, int position, int chunk, double computedAt, double computeSeconds);

    /** An injected crash of this worker at this round of the session. */
    boolean failsAt(long sessionRound);

    /** What is injected into this worker, for its log; empty when nothing is. */
    Optional<String> describe();

    /**
     * From the session's straggler spec: a slowdown profile ({@code slow=...;fail=...;jitter=...}) or a trace
     * ({@code trace:PATH[,scale=X]}).
     *
     * @param load this worker's chunks in the session
     */
    static ChunkPacing of(String spec, long seed, int worker, int workers, int[] loads) {
        if (TraceSchedule.isTrace(spec)) {
            TraceSchedule trace = TraceSchedule.parse(spec, loads);
            return new ChunkPacing() {
                @Override
                public double readyAt(long sessionRound, int position, int chunk, double computedAt,
                        double computeSeconds) {
                    return Math.max(computedAt, trace.finishTime(sessionRound, worker, position));
                }

                @Override
                public boolean failsAt(long sessionRound) {
                    return false;
                }

                @Override
                public Optional<String> describe() {
                    return Optional.of(trace.describe());
                }
            };
        }
        StragglerProfile profile = StragglerProfile.parse(spec, seed).validate(workers);
        if (profile.isNone()) {
            return NONE;
        }
        return new ChunkPacing() {
            @Override
            public double readyAt(long sessionRound, int position, int chunk, double computedAt,
                    double computeSeconds) {
                return computedAt + profile.chunkDelay(worker, sessionRound, chunk, computeSeconds);
            }

            @Override
            public boolean failsAt(long sessionRound) {
                return profile.hasFailed(worker, sessionRound);
            }

            @Override
            public Optional<String> describe() {
                boolean affected = profile.slowdown(worker) > 1 || profile.failRound(worker).isPresent();
                return affected ? Optional.of(profile.describe() + " (this is worker " + worker + "; profile '"
                        + profile.text() + "')") : Optional.empty();
            }
        };
    }
}
