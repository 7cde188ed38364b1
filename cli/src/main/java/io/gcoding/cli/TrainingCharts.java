package io.gcoding.cli;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.RoundSummary;
import io.gcoding.coordinator.RoundTimeline;
import io.gcoding.coordinator.SessionResult;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a training run for {@code --report} (XChart through {@link ChartWriter}'s size, legend and protocol
 * colours): test loss and accuracy against wall time per protocol, round and trigger times per round, the worst
 * condition number per round, and per protocol the timeline of a median and of the slowest round.
 */
final class TrainingCharts {
    private TrainingCharts() {
    }

    /** Test loss (or accuracy) after each evaluation against the training wall time, one line per protocol. */
    static XYChart evaluations(List<SessionResult> results, boolean accuracy) {
        XYChart chart = ChartWriter.chart(accuracy ? "test accuracy" : "test loss", "training wall time (s)",
                accuracy ? "test accuracy" : "test loss");
        for (SessionResult r : results) {
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (SessionResult.EvaluationPoint e : r.evaluations()) {
                double v = accuracy ? e.testAccuracy() : e.testLoss();
                if (Double.isFinite(v)) {
                    x.add(e.elapsedSeconds());
                    y.add(v);
                }
            }
            if (!x.isEmpty()) {
                ChartWriter.style(chart.addSeries(r.protocol(), x, y), ProtocolKind.byLabel(r.protocol()));
            }
        }
        return chart;
    }

    /** True when some protocol has an accuracy to draw (a regression has none). */
    static boolean hasAccuracy(List<SessionResult> results) {
        return results.stream().flatMap(r -> r.evaluations().stream())
                .anyMatch(e -> Double.isFinite(e.testAccuracy()));
    }

    /** Round time (solid) and trigger time (dashed) per round of the session. */
    static XYChart roundTimes(List<SessionResult> results) {
        XYChart chart = ChartWriter.chart("round time (solid) and trigger time (dashed)", "round of the session",
                "seconds");
        for (SessionResult r : results) {
            ProtocolKind kind = ProtocolKind.byLabel(r.protocol());
            addPerRound(chart, r.protocol(), r.roundSummaries(), RoundSummary::seconds, kind, false);
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            int first = r.earlierRounds().size() + 1; // a checkpoint keeps no trigger times of earlier rounds
            for (int i = 0; i < r.records().size(); i++) {
                x.add((double) (first + i));
                y.add(r.records().get(i).triggerSeconds());
            }
            if (!x.isEmpty()) {
                XYSeries s = chart.addSeries(r.protocol() + " trigger", x, y);
                ChartWriter.style(s, kind);
                s.setLineStyle(SeriesLines.DASH_DASH);
                s.setMarker(SeriesMarkers.NONE);
            }
        }
        return chart;
    }

    /** The largest cond(A_i) of each round's decode, log scale (1 for exact replication with ell = 1). */
    static XYChart conditionNumbers(List<SessionResult> results) {
        XYChart chart = ChartWriter.chart("worst condition number of the decode", "round of the session",
                "max cond(A_i)");
        chart.getStyler().setYAxisLogarithmic(true);
        for (SessionResult r : results) {
            addPerRound(chart, r.protocol(), r.roundSummaries(), s -> Math.max(1.0, s.worstCondition()),
                    ProtocolKind.byLabel(r.protocol()), true);
        }
        return chart;
    }

    private static void addPerRound(XYChart chart, String name, List<RoundSummary> rounds,
            ToDoubleFunction<RoundSummary> value, ProtocolKind kind, boolean positiveOnly) {
        List<Double> x = new ArrayList<>();
        List<Double> y = new ArrayList<>();
        for (int i = 0; i < rounds.size(); i++) {
            double v = value.applyAsDouble(rounds.get(i));
            if (Double.isFinite(v) && (!positiveOnly || v > 0)) {
                x.add((double) (i + 1));
                y.add(v);
            }
        }
        if (!x.isEmpty()) {
            ChartWriter.style(chart.addSeries(name, x, y), kind);
        }
    }

    /** The rounds the report draws a timeline of: the median round and the slowest (one if they coincide). */
    static List<RoundRecord> timelineRounds(SessionResult r) {
        List<RoundRecord> sorted = new ArrayList<>(r.records());
        if (sorted.isEmpty()) {
            return List.of();
        }
        sorted.sort(Comparator.comparingDouble(RoundRecord::roundSeconds));
        RoundRecord median = sorted.get((sorted.size() - 1) / 2);
        RoundRecord slowest = sorted.get(sorted.size() - 1);
        return median == slowest ? List.of(slowest) : List.of(median, slowest);
    }

    /**
     * One round: a dot per chunk completion (row = worker), a diamond per upload, and vertical lines at the trigger
     * (first ENCODE) and the decode.
     */
    static XYChart timeline(String protocol, RoundRecord record, String which) {
        RoundTimeline t = record.timeline();
        XYChart chart = ChartWriter.chart(protocol + ", round " + record.round() + " (" + which + ")",
                "seconds after RoundStart", "worker");
        chart.getStyler().setYAxisMin(-0.5).setYAxisMax(t.workers() - 0.5).setXAxisMin(0.0);
        chart.getStyler().setYAxisDecimalPattern("0");
        List<Double> cx = new ArrayList<>();
        List<Double> cy = new ArrayList<>();
        List<Double> ux = new ArrayList<>();
        List<Double> uy = new ArrayList<>();
        double[] uploads = t.uploadSeconds();
        for (int j = 0; j < t.workers(); j++) {
            for (int c = 0; c < t.load(j); c++) {
                double s = t.chunkSeconds(j, c);
                if (!Double.isNaN(s)) {
                    cx.add(s);
                    cy.add((double) j);
                }
            }
            if (!Double.isNaN(uploads[j])) {
                ux.add(uploads[j]);
                uy.add((double) j);
            }
        }
        scatter(chart, "chunk done", cx, cy, new Color(0x1f77b4), SeriesMarkers.CIRCLE);
        scatter(chart, "upload", ux, uy, new Color(0xff7f0e), SeriesMarkers.DIAMOND);
        vertical(chart, "trigger", record.triggerSeconds(), t.workers(), new Color(0xd62728));
        vertical(chart, "decoded", record.roundSeconds(), t.workers(), Color.BLACK);
        return chart;
    }

    private static void scatter(XYChart chart, String name, List<Double> x, List<Double> y, Color c,
            org.knowm.xchart.style.markers.Marker marker) {
        if (x.isEmpty()) {
            return;
        }
        XYSeries s = chart.addSeries(name, x, y);
        s.setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Scatter);
        s.setMarker(marker);
        s.setMarkerColor(c);
    }

    private static void vertical(XYChart chart, String name, double x, int workers, Color c) {
        if (!Double.isFinite(x)) {
            return;
        }
        XYSeries s = chart.addSeries(name, new double[] {x, x}, new double[] {-0.5, workers - 0.5});
        s.setLineColor(c);
        s.setMarker(SeriesMarkers.NONE);
        s.setLineStyle(SeriesLines.DASH_DASH);
    }

    static Path save(XYChart chart, Path file) throws IOException {
        return ChartWriter.save(List.of(chart), file.toString(), 1);
    }

    static Path save(List<XYChart> charts, Path file) throws IOException {
        return ChartWriter.save(charts, file.toString(), charts.size());
    }
}
