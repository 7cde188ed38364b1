package io.gcoding.coding.sim;

import io.gcoding.coding.EllChooser;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.RoundObservation;
import io.gcoding.coding.SpeedEstimator;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.coding.UploadCost;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.engine.RoundRule;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * {@code simulate --ell auto}: the partial protocol with ell chosen per round ({@link EllChooser}) against every
 * fixed ell, on the same consecutive trials. Each trial is played once per candidate ell through the round engine,
 * with the upload taking the message latency plus the upload cost of that ell; the auto run takes, in each trial,
 * the round of the ell it chose before seeing the trial, and learns from that round's progress timestamps only
 * (what a real PS would have seen). Round 0 uses the smallest ell: nothing is known yet. Trials run in order, on
 * the calling thread.
 */
public final class AutoEllSimulation {

    /**
     * @param fixedCompletion per candidate ell, per trial completion time (+infinity: never)
     * @param autoCompletion  per trial, the completion of the round of the ell chosen for it
     * @param chosen          per trial, the ell chosen
     */
    public record Result(SortedMap<Integer, double[]> fixedCompletion, double[] autoCompletion, int[] chosen,
            UploadCost cost, double seconds) {

        public double fixedMean(int ell) {
            return CompletionStats.of(fixedCompletion.get(ell)).mean();
        }

        public double autoMean() {
            return CompletionStats.of(autoCompletion).mean();
        }

        /** Trials in which this ell was chosen. */
        public int timesChosen(int ell) {
            int n = 0;
            for (int c : chosen) {
                n += c == ell ? 1 : 0;
            }
            return n;
        }

        /** The fixed ell with the lowest mean completion: the best one could pick knowing the whole run. */
        public int bestFixed() {
            int best = fixedCompletion.firstKey();
            for (int ell : fixedCompletion.keySet()) {
                best = fixedMean(ell) < fixedMean(best) ? ell : best;
            }
            return best;
        }
    }

    private AutoEllSimulation() {
    }

    /** @param scenario its orderings give the candidate ells (built for 1..replication) */
    public static Result run(Scenario scenario, TrialSource trials, double latency, UploadCost cost, long seed) {
        long start = System.nanoTime();
        Map<Integer, Ordering> orderings = new TreeMap<>(scenario.orderings());
        SortedMap<Integer, SimulatedRound> rounds = new TreeMap<>();
        for (Map.Entry<Integer, Ordering> e : orderings.entrySet()) {
            int ell = e.getKey();
            RoundConditions conditions = new RoundConditions(latency + cost.seconds(ell), 0, 0,
                    Double.POSITIVE_INFINITY, RoundConditions.DEFAULT.encodeTimeout() + cost.seconds(ell), seed);
            rounds.put(ell, new SimulatedRound(RoundRule.of(ProtocolKind.PARTIAL, e.getValue(), ell,
                    TriggerPolicy.exact(), 0), latency, conditions));
        }
        int n = trials.count();
        SortedMap<Integer, double[]> fixed = new TreeMap<>();
        rounds.keySet().forEach(ell -> fixed.put(ell, new double[n]));
        double[] auto = new double[n];
        int[] chosen = new int[n];
        SpeedEstimator estimator = new SpeedEstimator(scenario.assignment().workers());
        for (int t = 0; t < n; t++) {
            int ell = estimator.rounds() == 0 ? rounds.firstKey()
                    : EllChooser.choose(orderings, estimator.forecast(), cost, latency, seed);
            Trial trial = trials.trial(t);
            RoundObservation seen = null;
            for (Map.Entry<Integer, SimulatedRound> e : rounds.entrySet()) {
                fixed.get(e.getKey())[t] = e.getValue().play(t, trial).completion();
                if (e.getKey() == ell) {
                    seen = e.getValue().observation();
                }
            }
            chosen[t] = ell;
            auto[t] = fixed.get(ell)[t];
            if (seen != null) {
                estimator.observe(seen);
            }
        }
        return new Result(fixed, auto, chosen, cost, (System.nanoTime() - start) / 1e9);
    }
}
