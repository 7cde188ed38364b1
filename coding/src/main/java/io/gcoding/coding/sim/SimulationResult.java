package io.gcoding.coding.sim;

import io.gcoding.coding.Ordering;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.ProtocolKind;
import java.util.List;
import java.util.Map;

/** Everything a run measured, per scenario and ell. Plain values for the report, the JSON and the charts. */
public record SimulationResult(List<ScenarioResult> scenarios, int trials, String trialSource, double seconds) {

    public SimulationResult {
        scenarios = List.copyOf(scenarios);
    }

    /** One scenario's results, in the order of the ells requested. */
    public record ScenarioResult(Scenario scenario, List<EllResult> ells) {
        public ScenarioResult {
            ells = List.copyOf(ells);
        }
    }

    /**
     * One (scenario, ell).
     *
     * @param completion      per protocol, per trial completion time (+infinity = never); empty without exact mode
     * @param stats           per protocol summary of {@code completion}
     * @param meanExactError  per protocol, mean E(s) of the decoded state over completed trials (0 for the exact
     *                        protocols, the fraction of chunks lost for ignore-stragglers)
     * @param triggerStates   per protocol played as rounds, per trial the state of its first trigger (null: never)
     * @param faults          per protocol played as rounds, how often workers died after reporting
     * @param oracleMatches   trials in which partial completed exactly at the oracle time
     * @param approx          null without approx mode
     * @param adaptive        how the adaptive ordering behaved; null for a static ordering
     */
    public record EllResult(int ell, Ordering ordering, int qmax, int tolerated, int ignoreK,
                            Map<ProtocolKind, double[]> completion, Map<ProtocolKind, CompletionStats> stats,
                            Map<ProtocolKind, Double> meanExactError, Map<ProtocolKind, StateVector[]> triggerStates,
                            Map<ProtocolKind, FaultCounts> faults, int oracleMatches, ApproxResult approx,
                            EncoderCheck encoderCheck, AdaptiveStats adaptive) {

        /** Mean completion of original over partial (NaN without exact mode). */
        public double speedupVsOriginal() {
            return speedupOver(ProtocolKind.ORIGINAL);
        }

        public double speedupVsUncoded() {
            return speedupOver(ProtocolKind.UNCODED);
        }

        private double speedupOver(ProtocolKind baseline) {
            return completion.isEmpty() ? Double.NaN
                    : CompletionStats.speedup(completion.get(baseline), completion.get(ProtocolKind.PARTIAL));
        }
    }

    /**
     * Approx mode.
     *
     * @param deadlines the deadlines in seconds
     * @param meanError per protocol (partial, original, ignore-stragglers), the mean E(s(T)) over trials, one per
     *                  deadline
     */
    public record ApproxResult(double[] deadlines, Map<ProtocolKind, double[]> meanError) {
    }
}
