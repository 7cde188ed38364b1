package io.gcoding.cli;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.sim.SimulationResult;
import io.gcoding.coding.Percentiles;
import io.gcoding.coding.sim.SimulationResult.EllResult;
import io.gcoding.coding.sim.SimulationResult.ScenarioResult;
import io.gcoding.coding.sim.SimulationResult;
import io.gcoding.coding.sim.SimulationSettings;
import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * PNG charts of a simulation (XChart, rendered headless): the completion-time distribution of every protocol (one
 * panel per scenario and ell), the approx-mode error against the deadline on a log scale, and the orderings compared.
 */
final class ChartWriter {
    private static final int WIDTH = 660;
    private static final int HEIGHT = 380;
    /** Points per distribution curve: quantiles, so 10,000 trials do not draw 10,000 points. */
    private static final int QUANTILES = 200;
    private static final Color[] ELL_COLOURS = {new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c),
        new Color(0xd62728), new Color(0x9467bd)};

    private ChartWriter() {
    }

    /** One fixed colour per protocol in every chart; the oracle is dashed because partial lies on it at zero latency. */
    static void style(XYSeries series, ProtocolKind p) {
        Color c = switch (p) {
            case PARTIAL -> new Color(0x1f77b4);
            case ORIGINAL -> new Color(0xd62728);
            case COMPLETE_COVER -> new Color(0x9467bd);
            case UNCODED -> new Color(0x2ca02c);
            case IGNORE_STRAGGLERS -> new Color(0x7f7f7f);
            case ORACLE -> Color.BLACK;
        };
        series.setLineColor(c);
        series.setMarkerColor(c);
        if (p == ProtocolKind.ORACLE) {
            series.setLineStyle(SeriesLines.DASH_DASH);
        }
    }

    /** Writes FILE.png, FILE-error.png and FILE-ordering.png as applicable; returns the files written. */
    static List<Path> write(Path plot, SimulationResult result, SimulationSettings settings) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Path parent = plot.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        String base = plot.toString().replaceFirst("(?i)\\.png$", "");
        List<Path> written = new ArrayList<>();
        if (settings.exact()) {
            List<XYChart> charts = new ArrayList<>();
            for (ScenarioResult s : result.scenarios()) {
                for (EllResult r : s.ells()) {
                    charts.add(completion(s, r));
                }
            }
            written.add(save(charts, base + ".png", settings.ells().size()));
        }
        if (settings.approx()) {
            List<XYChart> charts = new ArrayList<>();
            for (ScenarioResult s : result.scenarios()) {
                for (EllResult r : s.ells()) {
                    charts.add(error(s, r, result.trials()));
                }
            }
            written.add(save(charts, base + "-error.png", settings.ells().size()));
        }
        List<XYChart> ordering = ordering(result, settings);
        if (!ordering.isEmpty()) {
            written.add(save(ordering, base + "-ordering.png", settings.exact() && settings.approx() ? 2 : 1));
        }
        return written;
    }

    static Path save(List<XYChart> charts, String file, int columns) throws IOException {
        int cols = Math.min(columns, charts.size());
        int rows = (charts.size() + cols - 1) / cols;
        BitmapEncoder.saveBitmap(charts, rows, cols, file, BitmapEncoder.BitmapFormat.PNG);
        return Path.of(file);
    }

    /** Empirical distribution: fraction of trials completed by time t; never-completed trials keep it below 1. */
    private static XYChart completion(ScenarioResult s, EllResult r) {
        XYChart chart = chart(s.scenario().label() + ", ell = " + r.ell(), "completion time (s)",
                "fraction of trials done");
        chart.getStyler().setYAxisMin(0.0).setYAxisMax(1.0);
        chart.getStyler().setYAxisDecimalPattern("0.0");
        for (ProtocolKind p : ProtocolKind.values()) {
            double[] sorted = Percentiles.sortedDefined(r.completion().get(p));
            List<Double> x = new ArrayList<>();
            List<Double> y = new ArrayList<>();
            for (int q = 1; q <= QUANTILES && sorted.length > 0; q++) {
                int rank = Percentiles.nearestRank(sorted.length, 100.0 * q / QUANTILES);
                double t = sorted[rank - 1];
                if (t == Double.POSITIVE_INFINITY) {
                    break;
                }
                x.add(t);
                y.add(rank / (double) sorted.length);
            }
            if (!x.isEmpty()) {
                XYSeries series = chart.addSeries(p.label(), x, y);
                series.setMarker(SeriesMarkers.NONE);
                style(series, p);
            }
        }
        return chart;
    }

    /**
     * Mean error against the deadline. A log axis cannot show 0: a zero mean (every trial exact) is drawn at the
     * resolution 1 / (trials * N * ell), the smallest non-zero mean the run could measure, and the title says so.
     */
    private static XYChart error(ScenarioResult s, EllResult r, int trials) {
        double floor = 1.0 / ((double) trials * s.scenario().assignment().chunks() * r.ell());
        XYChart chart = chart(s.scenario().label() + ", ell = " + r.ell() + " (0 drawn at " + String.format("%.0e", floor)
                + ")", "deadline T (s)", "mean E(s(T))");
        chart.getStyler().setYAxisLogarithmic(true);
        for (Map.Entry<ProtocolKind, double[]> e : r.approx().meanError().entrySet()) {
            double[] y = e.getValue().clone();
            for (int d = 0; d < y.length; d++) {
                y[d] = Math.max(y[d], floor);
            }
            style(chart.addSeries(e.getKey().label(), r.approx().deadlines(), y), e.getKey());
        }
        return chart;
    }

    /** Per assignment with several orderings: partial's mean completion per ell, and its error per deadline. */
    private static List<XYChart> ordering(SimulationResult result, SimulationSettings settings) {
        Map<String, List<ScenarioResult>> byAssignment = new LinkedHashMap<>();
        for (ScenarioResult s : result.scenarios()) {
            byAssignment.computeIfAbsent(s.scenario().assignmentKind(), k -> new ArrayList<>()).add(s);
        }
        List<XYChart> charts = new ArrayList<>();
        double[] ells = settings.ells().stream().mapToDouble(Integer::doubleValue).toArray();
        for (Map.Entry<String, List<ScenarioResult>> group : byAssignment.entrySet()) {
            if (group.getValue().size() < 2) {
                continue;
            }
            if (settings.exact()) {
                XYChart chart = chart(group.getKey() + ": partial, mean completion", "ell", "mean completion time (s)");
                for (ScenarioResult s : group.getValue()) {
                    double[] y = s.ells().stream().mapToDouble(r -> r.stats().get(ProtocolKind.PARTIAL).mean()).toArray();
                    chart.addSeries(s.scenario().orderingKind(), ells, y);
                }
                charts.add(chart);
            }
            if (settings.approx()) {
                XYChart chart = chart(group.getKey() + ": partial, mean error", "deadline T (s)", "mean E(s(T))");
                chart.getStyler().setYAxisLogarithmic(true);
                for (ScenarioResult s : group.getValue()) {
                    for (EllResult r : s.ells()) {
                        double floor = 1.0 / ((double) result.trials() * s.scenario().assignment().chunks() * r.ell());
                        double[] y = r.approx().meanError().get(ProtocolKind.PARTIAL).clone();
                        for (int d = 0; d < y.length; d++) {
                            y[d] = Math.max(y[d], floor);
                        }
                        XYSeries series = chart.addSeries(s.scenario().orderingKind() + ", ell " + r.ell(),
                                r.approx().deadlines(), y);
                        // one colour per ell; the first ordering solid, the others dashed
                        Color c = ELL_COLOURS[settings.ells().indexOf(r.ell()) % ELL_COLOURS.length];
                        series.setLineColor(c);
                        series.setMarkerColor(c);
                        if (s != group.getValue().get(0)) {
                            series.setLineStyle(SeriesLines.DASH_DASH);
                        }
                    }
                }
                charts.add(chart);
            }
        }
        return charts;
    }

    static XYChart chart(String title, String x, String y) {
        XYChart chart = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(title).xAxisTitle(x).yAxisTitle(y).build();
        chart.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
        chart.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
        chart.getStyler().setLegendFont(chart.getStyler().getLegendFont().deriveFont(10f));
        chart.getStyler().setLegendSeriesLineLength(16);
        return chart;
    }
}
