package io.gcoding.coordinator;

import io.gcoding.data.Dataset;
import io.gcoding.model.ModelSpec;
import io.gcoding.training.Evaluation;
import io.gcoding.training.ModelEvaluator;
import io.gcoding.training.Optimizer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.DoubleSupplier;

/**
 * The learning on top of the rounds: an optimizer step with each decoded gradient (PROTOCOL.md §2.8), a test-set
 * evaluation every K rounds, and the per-round records. Runs on the coordinator loop; the evaluation time is kept
 * out of the training time so that protocols are compared on the rounds alone.
 */
public final class TrainingSession implements SessionHandler {

    /** Told after every optimizer step (progress bars, tests comparing trajectories). */
    @FunctionalInterface
    public interface Observer {
        void afterStep(int roundsDone, RoundRecord record, double[] parameters);
    }

    private final String protocol;
    private final DoubleSupplier clock;
    private final ModelSpec model;
    private final double[] params;
    private final Optimizer optimizer;
    private final int rounds;
    private final int evalEvery;
    private final Dataset test;
    private final Dataset train;
    private final Observer observer;
    private final List<RoundRecord> records = new ArrayList<>();
    private final List<SessionResult.EvaluationPoint> evaluations = new ArrayList<>();
    private double start;
    private double evalSeconds;
    private double end;
    private double finalTrainLoss = Double.NaN;
    private final int roundsBefore;
    private final double secondsBefore;
    private final List<RoundSummary> earlierRounds;

    /**
     * @param clock seconds on the coordinator's clock (the one the round records use)
     * @param train null to skip the final training-loss pass
     */
    public TrainingSession(String protocol, DoubleSupplier clock, ModelSpec model, double[] initial,
            Optimizer optimizer, int rounds, int evalEvery, Dataset test, Dataset train, Observer observer) {
        this(protocol, clock, model, initial, optimizer, rounds, evalEvery, test, train, observer, null);
    }

    /**
     * A session that continues a checkpointed one ({@code resumeFrom} non-null): its parameters, optimizer state
     * (restored into {@code optimizer}), rounds done, training time and evaluations; {@code initial} is then unused.
     */
    public TrainingSession(String protocol, DoubleSupplier clock, ModelSpec model, double[] initial,
            Optimizer optimizer, int rounds, int evalEvery, Dataset test, Dataset train, Observer observer,
            SessionProgress resumeFrom) {
        if (resumeFrom != null) {
            if (!resumeFrom.protocol().equals(protocol) || resumeFrom.roundsDone() >= rounds) {
                throw new IllegalArgumentException("cannot resume session " + protocol + " of " + rounds
                        + " rounds from a checkpoint of " + resumeFrom.protocol() + " after " + resumeFrom.roundsDone());
            }
            initial = resumeFrom.parameters();
            optimizer.restore(resumeFrom.optimizer());
            evaluations.addAll(resumeFrom.evaluations());
        }
        this.roundsBefore = resumeFrom == null ? 0 : resumeFrom.roundsDone();
        this.secondsBefore = resumeFrom == null ? 0 : resumeFrom.trainingSeconds();
        this.earlierRounds = resumeFrom == null ? List.of() : resumeFrom.rounds();
        this.protocol = protocol;
        this.clock = clock;
        this.model = model;
        this.params = initial.clone();
        this.optimizer = optimizer;
        this.rounds = rounds;
        this.evalEvery = evalEvery;
        this.test = test;
        this.train = train;
        this.observer = observer;
    }

    @Override
    public double[] initialParameters() {
        start = clock.getAsDouble();
        return params.clone();
    }

    @Override
    public double[] onRound(long round, double[] gradient, RoundRecord record) {
        records.add(record);
        optimizer.step(params, gradient);
        int done = roundsBefore + records.size();
        requireFinite(round, done);
        if (done == rounds || (evalEvery > 0 && done % evalEvery == 0)) {
            evaluate(done);
        }
        observer.afterStep(done, record, params.clone());
        if (done < rounds) {
            return params.clone();
        }
        end = clock.getAsDouble();
        if (train != null) {
            finalTrainLoss = ModelEvaluator.evaluate(model, params, train).meanLoss();
        }
        return null;
    }

    /**
     * A model that turned non-finite stops the run here, before it is broadcast: otherwise every worker would
     * compute non-finite gradients, the validator would reject their uploads and the honest workers would be blamed.
     */
    private void requireFinite(long round, int done) {
        for (int x = 0; x < params.length; x++) {
            if (!Double.isFinite(params[x])) {
                throw new ModelDivergedException("model diverged: parameter " + x + " is " + params[x] + " after the "
                        + optimizer.describe() + " step of round " + round + " (" + done + " of " + protocol
                        + "); lower the learning rate");
            }
        }
    }

    private void evaluate(int done) {
        double t0 = clock.getAsDouble();
        double elapsed = t0 - start - evalSeconds + secondsBefore;
        if (test != null) {
            Evaluation e = ModelEvaluator.evaluate(model, params, test);
            evaluations.add(new SessionResult.EvaluationPoint(done, e.meanLoss(), e.accuracy(), elapsed));
        }
        evalSeconds += clock.getAsDouble() - t0;
    }

    /** Valid once the session has ended. */
    public SessionResult result() {
        return new SessionResult(protocol, List.copyOf(records), List.copyOf(evaluations),
                end - start - evalSeconds + secondsBefore, finalTrainLoss, params.clone(), earlierRounds);
    }

    /**
     * The session between two rounds, for a checkpoint: call on the loop, after a step (e.g. from the observer).
     *
     * @param firstRound the session's first absolute round (its Config's)
     */
    public SessionProgress progress(long firstRound) {
        List<RoundSummary> rounds = new ArrayList<>(earlierRounds);
        for (RoundRecord r : records) {
            rounds.add(RoundSummary.of(r));
        }
        double seconds = clock.getAsDouble() - start - evalSeconds + secondsBefore;
        return new SessionProgress(protocol, firstRound, roundsBefore + records.size(), seconds, params,
                optimizer.snapshot(), evaluations, rounds);
    }
}
