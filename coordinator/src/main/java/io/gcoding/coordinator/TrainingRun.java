package io.gcoding.coordinator;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.Chunking;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.training.ModelInit;
import io.gcoding.training.Optimizers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs every protocol of a {@link TrainingSpec} as one session after another on one coordinator and one set of
 * workers: the same data, split, initial model, optimizer settings and injected stragglers, so the protocols are
 * compared in one run.
 *
 * <p>Checkpoints ({@link Checkpointing}): every K rounds of a session and at the end of each session the run writes a
 * {@link Checkpoint}; a run resumed from one skips the finished sessions (their results come from the checkpoint),
 * continues the current session at its next round with the saved model and optimizer state, and keeps the absolute
 * absolute round numbering. Every protocol's session follows a warm-up session of that protocol (JIT, and the workers'
 * data loading, kept out of the recorded rounds); a resumed session's warm-up takes the round numbers just below the
 * checkpoint's next round, which no later round uses.
 */
public final class TrainingRun {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

    /** Progress of the run (progress bar, tests). */
    public interface Listener {
        default void sessionStarting(String protocol, int rounds) {
        }

        default void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
        }

        default void sessionFinished(SessionResult result) {
        }
    }

    /**
     * Where and how often to write checkpoints, and the checkpoint to resume from.
     *
     * @param store      null: no checkpoints
     * @param every      a checkpoint after every {@code every}-th round of a session (0: only at session ends)
     * @param resumeFrom null: a fresh run
     */
    public record Checkpointing(CheckpointStore store, int every, Checkpoint resumeFrom) {
        public static final Checkpointing NONE = new Checkpointing(null, 0, null);

        public Checkpointing {
            if (every < 0) {
                throw new ConfigurationException("--checkpoint-every must be >= 0, got " + every);
            }
        }
    }

    private final TrainingSpec spec;
    private final TrainTest data;
    private final ModelSpec model;
    private final long workerWaitSeconds;
    private final Checkpointing checkpoints;
    private final ConfigFingerprint fingerprint;

    public TrainingRun(TrainingSpec spec, TrainTest data, long workerWaitSeconds) {
        this(spec, data, workerWaitSeconds, Checkpointing.NONE);
    }

    public TrainingRun(TrainingSpec spec, TrainTest data, long workerWaitSeconds, Checkpointing checkpoints) {
        this.spec = spec;
        this.data = data;
        this.model = modelSpec(spec, data);
        DataChecks.check(spec, data, model);
        this.workerWaitSeconds = workerWaitSeconds;
        this.checkpoints = checkpoints;
        this.fingerprint = fingerprint(spec, data);
        Checkpoint from = checkpoints.resumeFrom();
        if (from != null) {
            String mismatch = fingerprint.mismatch(from.fingerprint());
            if (mismatch != null) {
                throw new ConfigurationException("--resume: the checkpoint was written with other settings: "
                        + mismatch);
            }
        }
    }

    /** The settings of this run that a checkpoint must match (see {@link ConfigFingerprint}). */
    public static ConfigFingerprint fingerprint(TrainingSpec spec, TrainTest data) {
        return ConfigFingerprint.of(spec, modelSpec(spec, data), data, spec.assignmentSpec().build().chunks());
    }

    /** The sessions a resumed run takes from its checkpoint (empty for a fresh run). */
    public List<SessionResult> resumedResults() {
        Checkpoint from = checkpoints.resumeFrom();
        return from == null ? List.of() : from.finished();
    }

    /** True when the checkpoint holds every session of the run: nothing is left to train. */
    public boolean complete() {
        Checkpoint from = checkpoints.resumeFrom();
        return from != null && from.current() == null && from.finished().size() == spec.protocols().size();
    }

    /** The model every session trains, sized to the data. */
    public ModelSpec modelSpec() {
        return model;
    }

    /** Runs the sessions; fails when a session fails. */
    public List<SessionResult> run(Coordinator coordinator, Listener listener)
            throws InterruptedException, ExecutionException {
        List<SessionResult> results = new ArrayList<>();
        double[] initial = ModelInit.initial(model, spec.seed());
        Checkpoint from = checkpoints.resumeFrom();
        if (from != null) {
            LOG.info("resuming from a checkpoint: {}", from.describe());
            // a session to continue is warmed up in the rounds just below its next one; a session not yet begun
            // has its warm-up in the loop below, in the same rounds as in the uninterrupted run
            int warm = from.current() == null ? 0 : (int) Math.min(spec.warmupRounds(), from.nextRound());
            coordinator.resumeAt(from.nextRound() - warm);
            if (warm > 0) {
                ProtocolKind next = spec.protocols().get(from.finished().size());
                warmUp(coordinator, listener, initial, spec.warmup(next).toBuilder().rounds(warm).build());
            }
            coordinator.resumeAt(from.nextRound());
            results.addAll(from.finished());
        }
        for (int i = results.size(); i < spec.protocols().size(); i++) {
            ProtocolKind kind = spec.protocols().get(i);
            String protocol = kind.label();
            SessionProgress resume = from != null && i == from.finished().size() ? from.current() : null;
            if (resume == null && spec.warmupRounds() > 0) {
                // every protocol after its own warm-up: its code paths (an upload on completion, a fixed code's
                // decode) are compiled before its first recorded round, not during them
                warmUp(coordinator, listener, initial, spec.warmup(kind));
            }
            if (resume != null && !resume.protocol().equals(protocol)) {
                throw new IllegalStateException("the checkpoint's session " + resume.protocol() + " is not session "
                        + i + " (" + protocol + ") of this run"); // the fingerprint holds the protocol list
            }
            long firstRound = resume != null ? resume.firstRound() : coordinator.nextRound();
            SessionPlan plan = SessionPlanner.plan(kind, spec, model, firstRound);
            awaitWorkers(coordinator, protocol, plan);
            List<SessionResult> finished = List.copyOf(results);
            TrainingSession[] session = new TrainingSession[1];
            session[0] = new TrainingSession(protocol, coordinator.loop()::now, model, initial,
                    Optimizers.parse(spec.optimizer(), rowsPerRound(plan.config().chunks())), spec.rounds(),
                    spec.evalEvery(), data.test(), data.train(),
                    (done, record, params) -> {
                        listener.afterStep(protocol, done, record, params);
                        if (checkpointDue(done)) { // on the loop, between two rounds: the state is consistent
                            write(new Checkpoint(fingerprint, record.round() + 1, finished,
                                    session[0].progress(firstRound)));
                        }
                    }, resume);
            listener.sessionStarting(protocol, spec.rounds());
            coordinator.run(plan, session[0]).get();
            SessionResult result = session[0].result();
            listener.sessionFinished(result);
            results.add(result);
            if (checkpoints.store() != null) {
                write(new Checkpoint(fingerprint, coordinator.nextRound(), results, null));
            }
        }
        return results;
    }

    /** An unrecorded warm-up session of the protocol that follows, without stragglers; its model is thrown away. */
    private void warmUp(Coordinator coordinator, Listener listener, double[] initial, TrainingSpec warm)
            throws InterruptedException, ExecutionException {
        SessionPlan plan = SessionPlanner.plan(warm.protocols().get(0), warm, model, coordinator.nextRound());
        awaitWorkers(coordinator, "warm-up", plan);
        TrainingSession session = new TrainingSession("warm-up", coordinator.loop()::now, model, initial,
                Optimizers.parse(spec.optimizer(), rowsPerRound(plan.config().chunks())), warm.rounds(), 0, null,
                null, (done, record, params) -> { });
        listener.sessionStarting("warm-up", warm.rounds());
        coordinator.run(plan, session).get();
        LOG.info("warm-up: {} rounds in {} s (not recorded)", warm.rounds(),
                String.format(Locale.ROOT, "%.2f", session.result().trainingSeconds()));
    }

    /** A checkpoint after this many rounds of a session? (The last round's is the end-of-session one.) */
    private boolean checkpointDue(int done) {
        return checkpoints.store() != null && checkpoints.every() > 0 && done % checkpoints.every() == 0
                && done < spec.rounds();
    }

    private void write(Checkpoint c) {
        try {
            CheckpointStore.Written w = checkpoints.store().write(c);
            LOG.info("checkpoint written: {} ({} KiB in {} ms): {}", w.path(), (w.bytes() + 1023) / 1024,
                    String.format(Locale.ROOT, "%.1f", w.seconds() * 1e3), c.describe());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint to " + checkpoints.store().directory() + ": "
                    + e.getMessage(), e);
        }
    }

    /**
     * Waits for every worker up to the join timeout; then starts without the missing ones if the protocol tolerates
     * their absence, or fails naming them.
     */
    private void awaitWorkers(Coordinator coordinator, String session, SessionPlan plan) throws InterruptedException {
        List<Integer> missing = coordinator.awaitWorkers(workerWaitSeconds, TimeUnit.SECONDS);
        if (missing.isEmpty()) {
            return;
        }
        if (!plan.rule().toleratesAbsent(missing)) {
            throw new RunFailedException("workers " + missing + " did not connect within " + workerWaitSeconds
                    + " s (--join-timeout) and the " + session + " session cannot decode without them");
        }
        LOG.warn("workers {} did not connect within {} s (--join-timeout); starting the {} session without them (it"
                + " tolerates their absence)", missing, workerWaitSeconds, session);
    }

    /** The number of rows one round's summed gradient covers: the optimizer's gradient scale. */
    double rowsPerRound(int chunks) {
        if (spec.batchRows() == 0) {
            return data.train().rows();
        }
        long rows = 0;
        for (int size : Chunking.chunkSizes(data.train().rows(), chunks)) {
            rows += Math.min(size, spec.batchRows());
        }
        return rows;
    }

    /** The model {@code --model} names, sized to the data; an MLP without {@code --hidden} gets one layer of 128. */
    static ModelSpec modelSpec(TrainingSpec spec, TrainTest data) {
        int features = data.train().features();
        int classes = Math.max(2, data.train().classes());
        return switch (ModelType.parse(spec.model())) {
            case SOFTMAX -> ModelSpec.softmax(features, classes);
            case MLP -> ModelSpec.mlp(features, classes, spec.hidden().length == 0 ? new int[] {128} : spec.hidden());
            case LOGISTIC -> ModelSpec.logistic(features);
            case LINEAR -> ModelSpec.linear(features);
        };
    }
}
