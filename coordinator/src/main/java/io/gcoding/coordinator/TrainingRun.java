package io.gcoding.coordinator;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.Chunking;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.training.ModelInit;
import io.gcoding.training.Optimizers;
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

    private final TrainingSpec spec;
    private final TrainTest data;
    private final ModelSpec model;
    private final long workerWaitSeconds;

    public TrainingRun(TrainingSpec spec, TrainTest data, long workerWaitSeconds) {
        this.spec = spec;
        this.data = data;
        this.model = modelSpec(spec, data);
        DataChecks.check(spec, data, model);
        this.workerWaitSeconds = workerWaitSeconds;
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
        if (spec.warmupRounds() > 0) {
            TrainingSpec warm = spec.warmup();
            SessionPlan plan = SessionPlanner.plan(ProtocolKind.PARTIAL, warm, model, coordinator.nextRound());
            awaitWorkers(coordinator, "warm-up", plan);
            TrainingSession session = new TrainingSession("warm-up", coordinator.loop()::now, model, initial,
                    Optimizers.parse(spec.optimizer(), rowsPerRound(plan.config().chunks())), warm.rounds(), 0, null,
                    null, (done, record, params) -> { });
            listener.sessionStarting("warm-up", warm.rounds());
            coordinator.run(plan, session).get();
            LOG.info("warm-up: {} rounds in {} s (not recorded)", warm.rounds(),
                    String.format(Locale.ROOT, "%.2f", session.result().trainingSeconds()));
        }
        for (ProtocolKind kind : spec.protocols()) {
            String protocol = kind.label();
            SessionPlan plan = SessionPlanner.plan(kind, spec, model, coordinator.nextRound());
            awaitWorkers(coordinator, protocol, plan);
            TrainingSession session = new TrainingSession(protocol, coordinator.loop()::now, model, initial,
                    Optimizers.parse(spec.optimizer(), rowsPerRound(plan.config().chunks())), spec.rounds(),
                    spec.evalEvery(), data.test(), data.train(),
                    (done, record, params) -> listener.afterStep(protocol, done, record, params));
            listener.sessionStarting(protocol, spec.rounds());
            coordinator.run(plan, session).get();
            SessionResult result = session.result();
            listener.sessionFinished(result);
            results.add(result);
        }
        return results;
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
