package io.gcoding.cli;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.Percentiles;
import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.RoundSummary;
import io.gcoding.coordinator.SessionResult;
import io.gcoding.coordinator.TrainingSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The summary of a training run: the table printed by train/demo/coordinator and the JSON of {@code --json}. */
final class TrainingReport {
    private final TrainingSpec spec;
    private final List<SessionResult> results;
    private final List<String> workerFailures;
    private final Map<String, Object> checkpoints;

    TrainingReport(TrainingSpec spec, List<SessionResult> results, List<String> workerFailures) {
        this(spec, results, workerFailures, null);
    }

    /** @param checkpoints where checkpoints went and what was resumed (the JSON's "checkpoints"), or null */
    TrainingReport(TrainingSpec spec, List<SessionResult> results, List<String> workerFailures,
            Map<String, Object> checkpoints) {
        this.spec = spec;
        this.results = results;
        this.workerFailures = workerFailures;
        this.checkpoints = checkpoints;
    }

    TrainingSpec spec() {
        return spec;
    }

    List<SessionResult> results() {
        return results;
    }

    String table() {
        TextTable t = new TextTable("protocol", "rounds", "mean round s", "p95 round s", "total s", "final loss",
                "test acc", "round/trigger", "trigger p50/p99 ms", "enc->dec p50/p99 ms");
        for (SessionResult r : results) {
            double[] times = r.roundTimes();
            double[] trig = column(r, RoundSummary::triggerLatencyMs);
            double[] dec = column(r, RoundSummary::encodeToDecodeMs);
            t.row(r.protocol(), r.roundsDone(), f3(StatsMath.mean(times)), f3(Percentiles.of(times, 95)),
                    f2(r.trainingSeconds()), f4(r.finalTrainLoss()), accuracy(r.finalEvaluation().testAccuracy()),
                    f2(roundOverTrigger(r)), pair(trig),
                    f2(Percentiles.of(dec, 50)) + " / " + f2(Percentiles.of(dec, 99)));
        }
        StringBuilder sb = new StringBuilder(t.toString());
        SessionResult partial = find(ProtocolKind.PARTIAL.label());
        if (partial != null) {
            for (SessionResult r : results) {
                if (r != partial) {
                    sb.append(String.format(Locale.ROOT, "speed-up of partial over %s: %.2fx per round (mean), %.2fx"
                            + " in total time%n", r.protocol(), speedup(partial, r), r.trainingSeconds()
                            / partial.trainingSeconds()));
                }
            }
        }
        if (spec.autoEll() != null) {
            for (SessionResult r : results) {
                sb.append("ell per round (--ell ").append(spec.ellText()).append(") in ").append(r.protocol())
                        .append(':');
                ellCounts(r).forEach((ell, n) -> sb.append(" ell ").append(ell).append(" in ").append(n)
                        .append(n == 1 ? " round," : " rounds,"));
                sb.setLength(sb.length() - 1);
                sb.append('\n');
            }
        }
        for (String f : workerFailures) {
            sb.append("worker exit: ").append(f).append('\n');
        }
        return sb.toString();
    }

    Map<String, Object> json() {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("spec", specJson());
        Map<String, Object> protocols = new LinkedHashMap<>();
        for (SessionResult r : results) {
            Map<String, Object> p = new LinkedHashMap<>();
            double[] times = r.roundTimes();
            p.put("round_times", times);
            p.put("mean_round_seconds", StatsMath.mean(times));
            p.put("round_over_trigger", roundOverTrigger(r));
            p.put("p95_round_seconds", Percentiles.of(times, 95));
            p.put("total_seconds", r.trainingSeconds());
            p.put("test_accuracy", r.finalEvaluation().testAccuracy());
            p.put("test_loss", r.finalEvaluation().testLoss());
            p.put("final_loss", r.finalTrainLoss());
            p.put("final_parameters", r.finalParameters());
            double[] trig = column(r, RoundSummary::triggerLatencyMs);
            double[] dec = column(r, RoundSummary::encodeToDecodeMs);
            p.put("trigger_latency_ms", Map.of("p50", Percentiles.of(trig, 50), "p99",
                    Percentiles.of(trig, 99)));
            p.put("encode_to_decode_ms", Map.of("p50", Percentiles.of(dec, 50), "p99",
                    Percentiles.of(dec, 99)));
            List<Map<String, Object>> evaluations = new ArrayList<>();
            for (SessionResult.EvaluationPoint e : r.evaluations()) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("rounds", e.rounds());
                m.put("test_loss", e.testLoss());
                m.put("test_accuracy", e.testAccuracy());
                m.put("training_seconds", e.elapsedSeconds());
                evaluations.add(m);
            }
            p.put("evaluations", evaluations);
            p.put("worst_condition", Percentiles.of(column(r, RoundSummary::worstCondition), 100));
            p.put("ell_counts", ellCounts(r));
            p.put("rounds", rounds(r));
            protocols.put(r.protocol(), p);
        }
        root.put("protocols", protocols);
        Map<String, Object> speedups = new LinkedHashMap<>();
        SessionResult partial = find(ProtocolKind.PARTIAL.label());
        if (partial != null) {
            for (SessionResult r : results) {
                if (r != partial) {
                    speedups.put("partial_vs_" + r.protocol(), speedup(partial, r));
                }
            }
        }
        root.put("speedups_per_round", speedups);
        root.put("worker_exits", workerFailures);
        if (checkpoints != null) {
            root.put("checkpoints", checkpoints);
        }
        return root;
    }

    private static List<Map<String, Object>> rounds(SessionResult r) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (RoundSummary rec : r.earlierRounds()) { // run before a resume: the checkpoint keeps only these
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", rec.round());
            m.put("seconds", rec.seconds());
            m.put("trigger_latency_ms", rec.triggerLatencyMs());
            m.put("encode_to_decode_ms", rec.encodeToDecodeMs());
            m.put("worst_condition", rec.worstCondition());
            m.put("before_resume", true);
            out.add(m);
        }
        for (RoundRecord rec : r.records()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("round", rec.round());
            m.put("seconds", rec.roundSeconds());
            m.put("ell", rec.ell());
            m.put("trigger_seconds", rec.triggerSeconds());
            m.put("trigger_latency_ms", rec.triggerLatencyMs());
            m.put("encode_to_decode_ms", rec.encodeToDecodeMs());
            m.put("state", rec.state());
            m.put("trigger_state", rec.triggerState());
            m.put("versions", rec.versions());
            m.put("re_encodes", rec.reEncodes());
            m.put("resumes", rec.resumes());
            m.put("chunks_used", rec.chunksUsed());
            m.put("progress_at_trigger", rec.progressAtTrigger());
            m.put("upload_latency_ms", rec.uploadLatencyMs());
            m.put("dead_workers", rec.deadWorkers());
            m.put("coefficient_error", rec.coefficientError());
            m.put("worst_condition", rec.worstCondition());
            Map<String, Object> timeline = new LinkedHashMap<>(); // seconds after the round start, null: never
            timeline.put("chunk_seconds", rec.timeline().chunkSeconds());
            timeline.put("upload_seconds", rec.timeline().uploadSeconds());
            timeline.put("upload_versions", rec.timeline().uploadVersions());
            m.put("timeline", timeline);
            out.add(m);
        }
        return out;
    }

    /** How many of the rounds this process ran used each ell (ascending ell). */
    static java.util.SortedMap<Integer, Integer> ellCounts(SessionResult r) {
        java.util.SortedMap<Integer, Integer> counts = new java.util.TreeMap<>();
        for (RoundRecord rec : r.records()) {
            counts.merge(rec.ell(), 1, Integer::sum);
        }
        return counts;
    }

    private SessionResult find(String protocol) {
        for (SessionResult r : results) {
            if (r.protocol().equals(protocol)) {
                return r;
            }
        }
        return null;
    }

    static double speedup(SessionResult fast, SessionResult slow) {
        return StatsMath.mean(slow.roundTimes()) / StatsMath.mean(fast.roundTimes());
    }

    private static double[] column(SessionResult r, java.util.function.ToDoubleFunction<RoundSummary> f) {
        return r.roundSummaries().stream().mapToDouble(f).toArray();
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    /**
     * Median round time over median trigger time (RoundStart -> first ENCODE, or -> decode for uploads on
     * completion): 1.00 means the round ends the moment it triggers; the rest is ENCODE -> upload -> decode.
     */
    static double roundOverTrigger(SessionResult r) {
        // over the rounds this process ran (a checkpoint keeps no trigger times of the rounds before a resume)
        double round = Percentiles.of(r.records().stream().mapToDouble(RoundRecord::roundSeconds).toArray(), 50);
        double trigger = Percentiles.of(r.records().stream().mapToDouble(RoundRecord::triggerSeconds).toArray(), 50);
        return trigger > 0 ? round / trigger : Double.NaN;
    }

    /** p50 / p99, or "-" where nothing was measured (no ENCODE: uploads on completion). */
    private static String pair(double[] values) {
        double p50 = Percentiles.of(values, 50);
        return Double.isNaN(p50) ? "-" : f2(p50) + " / " + f2(Percentiles.of(values, 99));
    }

    /** Accuracy has no meaning for regression (linear): say so instead of printing NaN. */
    private static String accuracy(double v) {
        return Double.isNaN(v) ? "n/a" : f4(v);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }

    /** The run's configuration, with the option names' camelCase keys of earlier versions. */
    private Map<String, Object> specJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("workers", spec.workers());
        m.put("replication", spec.replication());
        m.put("ell", spec.ell());
        if (spec.autoEll() != null) {
            m.put("ellPerRound", spec.ellText());
            m.put("maxEll", spec.autoEll().maxEll());
            m.put("uploadBandwidth", spec.autoEll().measured() ? "measured" : spec.uploadBandwidth());
        }
        m.put("assignment", spec.assignment());
        m.put("ordering", spec.ordering());
        m.put("approximate", spec.approximate());
        m.put("deadlineSeconds", spec.deadlineSeconds());
        m.put("errorBound", spec.errorBound());
        m.put("protocols", spec.protocols().stream().map(ProtocolKind::label).toList());
        m.put("model", spec.model());
        m.put("hidden", spec.hidden());
        m.put("dataset", spec.dataset());
        m.put("rounds", spec.rounds());
        m.put("batchRows", spec.batchRows());
        m.put("optimizer", spec.optimizer());
        m.put("stragglers", spec.stragglers());
        m.put("seed", spec.seed());
        m.put("evalEvery", spec.evalEvery());
        m.put("theta", spec.theta());
        m.put("encodeTimeout", spec.encodeTimeout());
        m.put("roundTimeout", spec.roundTimeout());
        m.put("ignoreFastest", spec.ignoreFastest());
        m.put("warmupRounds", spec.warmupRounds());
        return m;
    }
}
