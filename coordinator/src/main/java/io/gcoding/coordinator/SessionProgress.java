package io.gcoding.coordinator;

import io.gcoding.training.OptimizerSnapshot;
import java.util.List;

/**
 * A session between two rounds, as a checkpoint keeps it and a resumed {@link TrainingSession} continues it: the
 * model after {@code roundsDone} optimizer steps, the optimizer's state, and what the report needs of the rounds
 * done so far.
 *
 * @param protocol        protocol label
 * @param firstRound      the session's first absolute round (its Config's first round: injected failures and trace
 *                        replay count session rounds from it)
 * @param roundsDone      optimizer steps taken in the session
 * @param trainingSeconds training time so far (test evaluation excluded)
 * @param parameters      the model after {@code roundsDone} steps
 * @param optimizer       the optimizer's state after {@code roundsDone} steps
 * @param evaluations     test evaluations so far
 * @param rounds          one summary per round done
 */
public record SessionProgress(String protocol, long firstRound, int roundsDone, double trainingSeconds,
        double[] parameters, OptimizerSnapshot optimizer, List<SessionResult.EvaluationPoint> evaluations,
        List<RoundSummary> rounds) {

    public SessionProgress {
        if (roundsDone < 0 || rounds.size() != roundsDone) {
            throw new IllegalArgumentException("session " + protocol + ": " + roundsDone + " rounds done but "
                    + rounds.size() + " round summaries");
        }
        parameters = parameters.clone();
        evaluations = List.copyOf(evaluations);
        rounds = List.copyOf(rounds);
    }

    @Override
    public double[] parameters() {
        return parameters.clone();
    }
}
