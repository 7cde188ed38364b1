package io.gcoding.coordinator;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of one session (one protocol).
 *
 * @param protocol        protocol name
 * @param records         one per round run by this process
 * @param evaluations     test-set evaluations, every K rounds and after the last (also those before a resume)
 * @param trainingSeconds wall time of the rounds (test evaluation excluded; the time before a resume included)
 * @param finalTrainLoss  mean training loss of the final model
 * @param finalParameters the final model
 * @param earlierRounds   the rounds run before a resume (from the checkpoint), in order; empty for a fresh run
 */
public record SessionResult(String protocol, List<RoundRecord> records, List<EvaluationPoint> evaluations,
        double trainingSeconds, double finalTrainLoss, double[] finalParameters, List<RoundSummary> earlierRounds) {

    /** A session run from its first round in this process. */
    public SessionResult(String protocol, List<RoundRecord> records, List<EvaluationPoint> evaluations,
            double trainingSeconds, double finalTrainLoss, double[] finalParameters) {
        this(protocol, records, evaluations, trainingSeconds, finalTrainLoss, finalParameters, List.of());
    }

    public SessionResult {
        earlierRounds = List.copyOf(earlierRounds);
    }

    /** Test loss and accuracy after {@code round} rounds (1-based count). */
    public record EvaluationPoint(int rounds, double testLoss, double testAccuracy, double elapsedSeconds) {
    }

    public EvaluationPoint finalEvaluation() {
        return evaluations.get(evaluations.size() - 1);
    }

    /** Rounds of the session, before and after a resume. */
    public int roundsDone() {
        return earlierRounds.size() + records.size();
    }

    /** Every round of the session in order: those before a resume, then those of this process. */
    public List<RoundSummary> roundSummaries() {
        List<RoundSummary> all = new ArrayList<>(earlierRounds);
        for (RoundRecord r : records) {
            all.add(RoundSummary.of(r));
        }
        return all;
    }

    /** Round times of every round of the session (before and after a resume). */
    public double[] roundTimes() {
        return roundSummaries().stream().mapToDouble(RoundSummary::seconds).toArray();
    }
}
