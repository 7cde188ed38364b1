package io.gcoding.cli;

import io.gcoding.coding.sim.AdaptiveStats;
import io.gcoding.coding.sim.CompletionStats;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.sim.FaultCounts;
import io.gcoding.coding.sim.RoundConditions;
import java.util.ArrayList;
import java.util.List;
import io.gcoding.coding.sim.SimulationResult;
import io.gcoding.coding.sim.SimulationResult.EllResult;
import io.gcoding.coding.sim.SimulationResult.ScenarioResult;
import io.gcoding.coding.sim.SimulationSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The text that {@code gcoding simulate} prints: per scenario and ell the protocols' figures, then a summary. */
final class SimulationReport {
    private final SimulationResult result;
    private final SimulationSettings settings;
    private final int threads;

    SimulationReport(SimulationResult result, SimulationSettings settings, int threads) {
        this.result = result;
        this.settings = settings;
        this.threads = threads;
    }

    String render() {
        StringBuilder sb = new StringBuilder();
        ScenarioResult first = result.scenarios().get(0);
        sb.append(String.format(Locale.ROOT, "%d trials of %s; m = %d, N = %d, latency %s s, Theta %s%n",
                result.trials(), result.trialSource(), first.scenario().assignment().workers(),
                first.scenario().assignment().chunks(), compact(settings.latency()), settings.theta()));
        RoundConditions c = settings.conditions();
        if (c.hasFaults()) {
            sb.append(String.format(Locale.ROOT, "faults: a worker asked to upload dies with probability %s (noticed"
                    + " one latency later), %s%n", compact(c.uploadFailProb()), Double.isFinite(c.rejoinAfter())
                    ? "a replacement rejoins after " + compact(c.rejoinAfter()) + " s" : "no replacement"));
        }
        sb.append(String.format(Locale.ROOT, "simulated in %.2f s on %d thread(s) (%.0f trials/s)%n", result.seconds(),
                threads, result.trials() / Math.max(result.seconds(), 1e-9)));
        for (ScenarioResult s : result.scenarios()) {
            sb.append(String.format("%n== %s: %s, ordering %s ==%n", s.scenario().label(), s.scenario().assignment().name(),
                    s.scenario().orderingKind()));
            if (settings.exact()) {
                sb.append("exact mode: completion time in seconds (mean over completed trials; median and p95 count"
                        + " 'never' as +inf)\n");
                sb.append(exactTable(s));
            }
            if (settings.approx()) {
                sb.append("approx mode: mean coefficient error E(s) at each deadline T (ignore-stragglers: fraction of"
                        + " chunks lost)\n");
                sb.append(approxTable(s));
            }
        }
        sb.append(summary());
        return sb.toString();
    }

    private String exactTable(ScenarioResult s) {
        boolean faults = settings.conditions().hasFaults();
        List<String> columns = new ArrayList<>(List.of("ell", "protocol", "mean", "median", "p95", "never", "mean E"));
        if (faults) {
            columns.addAll(List.of("re-encodes", "RESUMEs"));
        }
        columns.add("partial speed-up");
        TextTable table = new TextTable(columns.toArray(String[]::new));
        for (EllResult r : s.ells()) {
            double[] ours = r.completion().get(ProtocolKind.PARTIAL);
            for (ProtocolKind p : ProtocolKind.values()) {
                CompletionStats st = r.stats().get(p);
                String speedup = p == ProtocolKind.PARTIAL
                        ? "(s=" + r.tolerated() + ", k=" + r.ignoreK() + ", Q_max=" + r.qmax() + ")"
                        : times(CompletionStats.speedup(r.completion().get(p), ours));
                List<Object> row = new ArrayList<>(List.of(r.ell(), p.label(), num(st.mean()), num(st.median()),
                        num(st.p95()), st.never(), err(r.meanExactError().get(p))));
                if (faults) {
                    FaultCounts f = r.faults().get(p);
                    row.add(f == null ? "-" : Long.toString(f.reEncodes()));
                    row.add(f == null ? "-" : Long.toString(f.resumes()));
                }
                row.add(speedup);
                table.row(row.toArray());
            }
        }
        StringBuilder sb = new StringBuilder(table.toString());
        for (EllResult r : s.ells()) {
            sb.append(String.format(Locale.ROOT, "ell %d: partial = oracle in %d of %d trials; encoder check on %d"
                    + " states: max |E_encoder - E_closed| = %.1e, worst cond(A_i) = %.3g%n", r.ell(), r.oracleMatches(),
                    result.trials(), r.encoderCheck().states(), r.encoderCheck().maxDifference(),
                    r.encoderCheck().worstCondition()));
        }
        return sb.toString();
    }

    private String approxTable(ScenarioResult s) {
        double[] t = settings.deadlines();
        List<String> header = new ArrayList<>(List.of("ell", "protocol"));
        for (double d : t) {
            header.add("T=" + compact(d));
        }
        TextTable table = new TextTable(header.toArray(new String[0]));
        for (EllResult r : s.ells()) {
            Map<ProtocolKind, double[]> e = r.approx().meanError();
            for (Map.Entry<ProtocolKind, double[]> row : e.entrySet()) {
                List<Object> cells = new ArrayList<>(List.of(r.ell(), row.getKey().label()));
                for (double v : row.getValue()) {
                    cells.add(err(v));
                }
                table.row(cells.toArray());
            }
            List<Object> ratio = new ArrayList<>(List.of(r.ell(), "original / partial"));
            for (int d = 0; d < t.length; d++) {
                ratio.add(times(e.get(ProtocolKind.ORIGINAL)[d] / e.get(ProtocolKind.PARTIAL)[d]));
            }
            table.row(ratio.toArray());
        }
        return table.toString();
    }

    /** The paper's three claims side by side, per assignment: speed-up, error ratio, ordering. */
    private String summary() {
        Map<String, List<ScenarioResult>> byAssignment = new LinkedHashMap<>();
        for (ScenarioResult s : result.scenarios()) {
            byAssignment.computeIfAbsent(s.scenario().assignmentKind(), k -> new ArrayList<>()).add(s);
        }
        StringBuilder sb = new StringBuilder("\n== summary ==\n");
        if (settings.exact()) {
            sb.append("(a) exact: partial vs original (first ordering listed), latency ").append(compact(settings.latency()))
                    .append(" s\n");
            TextTable a = new TextTable("assignment", "ell", "partial mean", "original mean", "speed-up",
                    "original never", "partial = oracle");
            for (List<ScenarioResult> group : byAssignment.values()) {
                ScenarioResult s = group.get(0);
                for (EllResult r : s.ells()) {
                    a.row(s.scenario().label(), r.ell(), num(r.stats().get(ProtocolKind.PARTIAL).mean()),
                            num(r.stats().get(ProtocolKind.ORIGINAL).mean()), times(r.speedupVsOriginal()),
                            r.stats().get(ProtocolKind.ORIGINAL).never() + "/" + result.trials(),
                            r.oracleMatches() + "/" + result.trials());
                }
            }
            sb.append(a);
        }
        if (settings.approx()) {
            sb.append("(b) approx: mean error original / partial at each deadline (first ordering listed)\n");
            List<String> header = new ArrayList<>(List.of("assignment", "ell"));
            for (double d : settings.deadlines()) {
                header.add("T=" + compact(d));
            }
            TextTable b = new TextTable(header.toArray(new String[0]));
            for (List<ScenarioResult> group : byAssignment.values()) {
                ScenarioResult s = group.get(0);
                for (EllResult r : s.ells()) {
                    List<Object> cells = new ArrayList<>(List.of(s.scenario().label(), r.ell()));
                    double[] o = r.approx().meanError().get(ProtocolKind.ORIGINAL);
                    double[] p = r.approx().meanError().get(ProtocolKind.PARTIAL);
                    for (int d = 0; d < o.length; d++) {
                        cells.add(times(o[d] / p[d]));
                    }
                    b.row(cells.toArray());
                }
            }
            sb.append(b);
        }
        sb.append(orderingSummary(byAssignment));
        return sb.toString();
    }

    private String orderingSummary(Map<String, List<ScenarioResult>> byAssignment) {
        List<String> header = new ArrayList<>(List.of("assignment", "ell", "ordering", "Q_max"));
        boolean adaptive = byAssignment.values().stream().flatMap(List::stream)
                .anyMatch(s -> s.scenario().adaptive());
        if (adaptive) {
            header.addAll(List.of("rounds reordered", "Q_max used (max, mean)"));
        }
        if (settings.exact()) {
            header.add("partial mean");
            header.add("vs first");
        }
        if (settings.approx()) {
            for (double d : settings.deadlines()) {
                header.add("E(T=" + compact(d) + ")");
            }
        }
        TextTable c = new TextTable(header.toArray(new String[0]));
        boolean any = false;
        for (List<ScenarioResult> group : byAssignment.values()) {
            if (group.size() < 2) {
                continue;
            }
            any = true;
            for (int e = 0; e < settings.ells().size(); e++) {
                for (ScenarioResult s : group) {
                    EllResult r = s.ells().get(e);
                    List<Object> cells = new ArrayList<>(List.of(s.scenario().assignmentKind(), r.ell(),
                            s.scenario().orderingKind(), r.qmax()));
                    if (adaptive) {
                        AdaptiveStats a = r.adaptive();
                        cells.add(a == null ? "-" : a.reordered() + "/" + a.rounds());
                        cells.add(a == null ? "-" : a.maxQmax() + ", " + String.format(Locale.ROOT, "%.1f",
                                a.meanQmax()));
                    }
                    if (settings.exact()) {
                        double mean = r.stats().get(ProtocolKind.PARTIAL).mean();
                        double first = group.get(0).ells().get(e).stats().get(ProtocolKind.PARTIAL).mean();
                        cells.add(num(mean));
                        cells.add(String.format(Locale.ROOT, "%+.1f%%", 100 * (mean / first - 1)));
                    }
                    if (settings.approx()) {
                        for (double v : r.approx().meanError().get(ProtocolKind.PARTIAL)) {
                            cells.add(err(v));
                        }
                    }
                    c.row(cells.toArray());
                }
            }
        }
        return any ? "(c) orderings: partial protocol per ordering (same trials)\n" + c : "";
    }

    static String num(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        return v == Double.POSITIVE_INFINITY ? "never" : String.format(Locale.ROOT, "%.3f", v);
    }

    /** 2 for 2.0, 0.25 for 0.25. */
    static String compact(double v) {
        return java.math.BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    static String err(Double v) {
        if (v == null || Double.isNaN(v)) {
            return "-";
        }
        return v == 0 ? "0" : String.format(Locale.ROOT, "%.2e", v);
    }

    static String times(double ratio) {
        if (Double.isNaN(ratio)) {
            return "-";
        }
        return ratio == Double.POSITIVE_INFINITY ? "inf" : String.format(Locale.ROOT, "%.2fx", ratio);
    }
}
