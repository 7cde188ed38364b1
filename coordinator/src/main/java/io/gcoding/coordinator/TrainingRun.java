package io.gcoding.coordinator;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.Chunking;
import io.gcoding.data.ModelInit;
import io.gcoding.data.Optimizers;
import io.gcoding.data.TrainTest;
import io.gcoding.kernels.ModelSpec;
import io.gcoding.kernels.ModelType;
import io.gcoding.protocol.ModelShape;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
    private final ModelShape shape;
    private final long workerWaitSeconds;

    public TrainingRun(TrainingSpec spec, TrainTest data, long workerWaitSeconds) {
        this.spec = spec;
        this.data = data;
        this.shape = modelShape(spec, data);
        this.workerWaitSeconds = workerWaitSeconds;
    }

    public ModelShape shape() {
        return shape;
    }

    public ModelSpec modelSpec() {
        return toModelSpec(shape);
    }

    /** Runs the sessions; fails when a session fails. */
    public List<SessionResult> run(Coordinator coordinator, Listener listener)
            throws InterruptedException, ExecutionException {
        List<SessionResult> results = new ArrayList<>();
        ModelSpec model = modelSpec();
        double[] initial = ModelInit.initial(model, spec.seed());
        if (spec.warmupRounds() > 0) {
            TrainingSpec warm = spec.warmup();
            awaitWorkers(coordinator, "warm-up");
            SessionPlan plan = SessionPlanner.plan(ProtocolKind.PARTIAL, warm, shape, coordinator.nextRound());
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
            awaitWorkers(coordinator, protocol);
            SessionPlan plan = SessionPlanner.plan(kind, spec, shape, coordinator.nextRound());
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

    private void awaitWorkers(Coordinator coordinator, String session) throws InterruptedException {
        try {
            coordinator.awaitWorkers(workerWaitSeconds, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            LOG.warn("{}; starting the {} session anyway: missing workers count as failed", e.getMessage(), session);
        }
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

    static ModelShape modelShape(TrainingSpec spec, TrainTest data) {
        int features = data.train().features();
        return switch (spec.model()) {
            case "softmax" -> new ModelShape("softmax", features, Math.max(2, data.train().classes()), null);
            case "mlp" -> new ModelShape("mlp", features, Math.max(2, data.train().classes()),
                    spec.hidden().length == 0 ? new int[] {128} : spec.hidden());
            case "logistic", "linear" -> new ModelShape(spec.model(), features, 1, null);
            default -> throw new IllegalArgumentException("unknown model '" + spec.model()
                    + "' (softmax, mlp, logistic, linear)");
        };
    }

    public static ModelSpec toModelSpec(ModelShape shape) {
        return new ModelSpec(ModelType.valueOf(shape.type().toUpperCase(Locale.ROOT)), shape.inputDim(),
                shape.classes(), shape.hidden());
    }
}
