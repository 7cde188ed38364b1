package io.gcoding.coordinator;

import java.util.List;

/**
 * The outcome of one session (one protocol).
 *
 * @param protocol        protocol name
 * @param records         one per round
 * @param evaluations     test-set evaluations, every K rounds and after the last
 * @param trainingSeconds wall time of the rounds (test evaluation excluded)
 * @param finalTrainLoss  mean training loss of the final model
 * @param finalParameters the final model
 */
public record SessionResult(String protocol, List<RoundRecord> records, List<EvaluationPoint> evaluations,
        double trainingSeconds, double finalTrainLoss, double[] finalParameters) {

    /** Test loss and accuracy after {@code round} rounds (1-based count). */
    public record EvaluationPoint(int rounds, double testLoss, double testAccuracy, double elapsedSeconds) {
    }

    public EvaluationPoint finalEvaluation() {
        return evaluations.get(evaluations.size() - 1);
    }

    public double[] roundTimes() {
        return records.stream().mapToDouble(RoundRecord::roundSeconds).toArray();
    }
}
