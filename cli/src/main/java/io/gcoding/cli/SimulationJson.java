package io.gcoding.cli;

import io.gcoding.coding.Ordering;
import io.gcoding.coding.sim.CompletionStats;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.sim.FaultCounts;
import io.gcoding.coding.sim.SimulationResult;
import io.gcoding.coding.sim.SimulationResult.EllResult;
import io.gcoding.coding.sim.SimulationResult.ScenarioResult;
import io.gcoding.coding.sim.SimulationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code --json} document of {@code gcoding simulate}; docs/SIMULATOR.md describes the shape. Non-finite numbers
 * become null (JSON has no infinity): a null completion time means the protocol never completed in that trial.
 */
final class SimulationJson {
    private SimulationJson() {
    }

    static Map<String, Object> document(SimulationResult result, SimulationSettings settings, Map<String, Object> config) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("config", config);
        List<Object> scenarios = new ArrayList<>();
        for (ScenarioResult s : result.scenarios()) {
            scenarios.add(scenario(s, settings));
        }
        doc.put("scenarios", scenarios);
        if (result.scenarios().size() == 1) {
            // one scenario: its results also at the top level, and with one ell the ell's fields too
            @SuppressWarnings("unchecked")
            Map<String, Object> only = (Map<String, Object>) scenarios.get(0);
            doc.put("results", only.get("results"));
            if (settings.ells().size() == 1) {
                @SuppressWarnings("unchecked")
                Map<String, Object> ell = (Map<String, Object>) ((Map<String, Object>) only.get("results"))
                        .get(Integer.toString(settings.ells().get(0)));
                doc.putAll(ell);
            }
        }
        Map<String, Object> timing = new LinkedHashMap<>();
        timing.put("seconds", result.seconds());
        timing.put("trials_per_second", result.trials() / Math.max(result.seconds(), 1e-9));
        doc.put("timing", timing);
        return doc;
    }

    private static Map<String, Object> scenario(ScenarioResult s, SimulationSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("assignment", s.scenario().assignment().name());
        m.put("assignment_kind", s.scenario().assignmentKind());
        m.put("ordering", s.scenario().orderingKind());
        m.put("m", s.scenario().assignment().workers());
        m.put("n", s.scenario().assignment().chunks());
        m.put("min_replication", s.scenario().assignment().minReplication());
        Map<String, Object> results = new LinkedHashMap<>();
        for (EllResult r : s.ells()) {
            results.put(Integer.toString(r.ell()), ell(r, settings));
        }
        m.put("results", results);
        return m;
    }

    private static Map<String, Object> ell(EllResult r, SimulationSettings settings) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("ell", r.ell());
        m.put("s", r.tolerated());
        m.put("k", r.ignoreK());
        m.put("qmax", r.qmax());
        m.put("orders", orders(r.ordering()));
        if (r.adaptive() != null) {
            Map<String, Object> a = new LinkedHashMap<>();
            a.put("rounds", r.adaptive().rounds());
            a.put("rounds_reordered", r.adaptive().reordered());
            a.put("order_versions", r.adaptive().versions());
            a.put("static_qmax", r.adaptive().staticQmax());
            a.put("max_qmax_used", r.adaptive().maxQmax());
            a.put("mean_qmax_used", r.adaptive().meanQmax());
            m.put("adaptive", a);
        }
        if (settings.exact()) {
            Map<String, Object> exact = new LinkedHashMap<>();
            for (ProtocolKind p : ProtocolKind.values()) {
                CompletionStats st = r.stats().get(p);
                Map<String, Object> e = new LinkedHashMap<>();
                e.put("mean", finite(st.mean()));
                e.put("median", finite(st.median()));
                e.put("p95", finite(st.p95()));
                e.put("completed", st.completed());
                e.put("never", st.never());
                e.put("mean_error", finite(r.meanExactError().get(p)));
                e.put("per_trial", perTrial(r.completion().get(p)));
                if (p.runsRounds()) {
                    e.put("states", states(r.triggerStates().get(p)));
                    FaultCounts f = r.faults().get(p);
                    e.put("re_encodes", f.reEncodes());
                    e.put("resumes", f.resumes());
                    e.put("trials_with_fault", f.trialsWithFault());
                }
                exact.put(p.label(), e);
            }
            m.put("exact", exact);
            m.put("speedup_vs_original", finite(r.speedupVsOriginal()));
            m.put("speedup_vs_uncoded", finite(r.speedupVsUncoded()));
            m.put("partial_equals_oracle", r.oracleMatches());
        }
        if (settings.approx()) {
            Map<String, Object> approx = new LinkedHashMap<>();
            approx.put("deadlines", r.approx().deadlines());
            for (Map.Entry<ProtocolKind, double[]> e : r.approx().meanError().entrySet()) {
                approx.put(e.getKey().label(), e.getValue());
            }
            m.put("approx", approx);
        }
        Map<String, Object> check = new LinkedHashMap<>();
        check.put("states", r.encoderCheck().states());
        check.put("max_difference", r.encoderCheck().maxDifference());
        check.put("worst_condition", finite(r.encoderCheck().worstCondition()));
        m.put("encoder_check", check);
        return m;
    }

    /** Per trial the state vector at the protocol's first trigger (null: it never triggered). */
    private static List<int[]> states(StateVector[] states) {
        List<int[]> list = new ArrayList<>(states.length);
        for (StateVector s : states) {
            list.add(s == null ? null : s.toArray());
        }
        return list;
    }

    private static List<int[]> orders(Ordering o) {
        List<int[]> list = new ArrayList<>();
        for (int j = 0; j < o.workers(); j++) {
            list.add(o.order(j));
        }
        return list;
    }

    private static List<Double> perTrial(double[] times) {
        List<Double> list = new ArrayList<>(times.length);
        for (double t : times) {
            list.add(finite(t));
        }
        return list;
    }

    private static Double finite(Double v) {
        return v == null || Double.isNaN(v) || Double.isInfinite(v) ? null : v;
    }
}
