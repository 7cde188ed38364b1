package io.gcoding.cli;

import io.gcoding.coding.Percentiles;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.RoundSummary;
import io.gcoding.coordinator.SessionResult;
import io.gcoding.coordinator.TrainingSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.knowm.xchart.XYChart;

/**
 * {@code --report DIR}: a self-contained HTML page (no external scripts, styles or fonts; images referenced by
 * relative names next to it) with PNG plots and tables of a training run, plus the run's JSON. The page checks
 * itself when opened: a small inline script sets {@code data-images} on {@code <body>} to {@code ok} once every image
 * has loaded, or to the names of those that did not (the Chromium test reads it back).
 */
final class HtmlReport {
    static final String PAGE = "index.html";
    static final String JSON = "summary.json";

    private HtmlReport() {
    }

    /** Writes the report into {@code dir} (created if needed); returns the files written, the page first. */
    static List<Path> write(Path dir, TrainingReport report) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Files.createDirectories(dir);
        List<SessionResult> results = report.results();
        List<Path> files = new ArrayList<>();
        StringBuilder body = new StringBuilder();
        body.append("<h1>gcoding training report</h1>\n<p>").append(esc(describe(report.spec()))).append("</p>\n");
        body.append("<h2>Summary</h2>\n<pre>").append(esc(report.table())).append("</pre>\n");

        body.append("<h2>Loss and accuracy against wall time</h2>\n");
        body.append(image(files, dir, "loss.png", TrainingCharts.evaluations(results, false),
                "test loss against training wall time, per protocol"));
        if (TrainingCharts.hasAccuracy(results)) {
            body.append(image(files, dir, "accuracy.png", TrainingCharts.evaluations(results, true),
                    "test accuracy against training wall time, per protocol"));
        }
        body.append("<h2>Rounds</h2>\n");
        body.append(image(files, dir, "rounds.png", TrainingCharts.roundTimes(results),
                "round and trigger time per round, per protocol"));

        body.append("<h2>Round timelines</h2>\n<p>Each dot is a chunk whose completion reached the coordinator (row ="
                + " worker), each diamond an upload; dashed lines mark the trigger (first ENCODE) and the decode."
                + " Shown: the median round and the slowest round of each protocol.</p>\n");
        for (SessionResult r : results) {
            List<RoundRecord> rounds = TrainingCharts.timelineRounds(r);
            if (rounds.isEmpty()) {
                continue;
            }
            List<XYChart> charts = new ArrayList<>();
            for (int i = 0; i < rounds.size(); i++) {
                charts.add(TrainingCharts.timeline(r.protocol(), rounds.get(i),
                        i == rounds.size() - 1 ? "slowest" : "median"));
            }
            Path png = TrainingCharts.save(charts, dir.resolve("timeline-" + r.protocol() + ".png"));
            files.add(png);
            body.append(img(png.getFileName().toString(), "timeline of rounds of " + r.protocol()));
        }

        body.append("<h2>Stragglers</h2>\n<p>Per worker over the rounds of each protocol: chunks it reported done,"
                + " its speed (chunks per second up to its last reported chunk) over the median worker's, and the"
                + " rounds in which it was slow (below ").append(f2(WorkerRoundStatus.SLOW_BELOW))
                .append("x the median), dead, or re-encoded after another worker died.</p>\n");
        for (SessionResult r : results) {
            body.append("<h3>").append(esc(r.protocol())).append("</h3>\n").append(stragglerTable(r));
        }

        body.append("<h2>Condition numbers</h2>\n").append(conditionTable(results));
        body.append(image(files, dir, "condition.png", TrainingCharts.conditionNumbers(results),
                "worst condition number per round, per protocol"));

        Path json = dir.resolve(JSON);
        Json.write(json, report.json());
        files.add(json);
        body.append("<p>Every figure of the run, per round: <a href=\"").append(JSON).append("\">").append(JSON)
                .append("</a>.</p>\n");

        Path page = dir.resolve(PAGE);
        Files.writeString(page, page(body.toString()), StandardCharsets.UTF_8);
        files.add(0, page);
        return files;
    }

    private static String image(List<Path> files, Path dir, String name, XYChart chart, String alt)
            throws IOException {
        files.add(TrainingCharts.save(chart, dir.resolve(name)));
        return img(name, alt);
    }

    private static String img(String name, String alt) {
        return "<p><img src=\"" + esc(name) + "\" alt=\"" + esc(alt) + "\"></p>\n";
    }

    private static String stragglerTable(SessionResult r) {
        int m = r.records().isEmpty() ? 0 : r.records().get(0).timeline().workers();
        int[] chunks = new int[m];
        int[] load = new int[m];
        int[] slow = new int[m];
        int[] dead = new int[m];
        int[] reEncoded = new int[m];
        List<List<Double>> speeds = new ArrayList<>();
        List<List<Double>> uploads = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            speeds.add(new ArrayList<>());
            uploads.add(new ArrayList<>());
        }
        for (RoundRecord rec : r.records()) {
            double[] up = rec.uploadLatencyMs();
            for (WorkerRoundStatus w : WorkerRoundStatus.of(rec)) {
                int j = w.worker();
                chunks[j] += w.chunksDone();
                load[j] += w.load();
                slow[j] += w.is(WorkerRoundStatus.Mark.SLOW) ? 1 : 0;
                dead[j] += w.is(WorkerRoundStatus.Mark.DEAD) ? 1 : 0;
                reEncoded[j] += w.is(WorkerRoundStatus.Mark.RE_ENCODED) ? 1 : 0;
                if (!w.is(WorkerRoundStatus.Mark.DEAD) && !Double.isNaN(w.relativeSpeed())) {
                    speeds.get(j).add(w.relativeSpeed());
                }
                if (!Double.isNaN(up[j])) {
                    uploads.get(j).add(up[j]);
                }
            }
        }
        StringBuilder t = new StringBuilder("<table>\n<tr><th>worker</th><th>chunks done / held</th>"
                + "<th>median speed</th><th>rounds slow</th><th>rounds dead</th><th>rounds re-encoded</th>"
                + "<th>upload p50 ms</th></tr>\n");
        for (int j = 0; j < m; j++) {
            t.append("<tr><td>").append(j).append("</td><td>").append(chunks[j]).append(" / ").append(load[j])
                    .append("</td><td>").append(speed(median(speeds.get(j)))).append("</td><td>").append(slow[j])
                    .append("</td><td>").append(dead[j]).append("</td><td>").append(reEncoded[j]).append("</td><td>")
                    .append(dash(median(uploads.get(j)))).append("</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String conditionTable(List<SessionResult> results) {
        StringBuilder t = new StringBuilder("<table>\n<tr><th>protocol</th><th>median max cond(A_i)</th>"
                + "<th>largest cond(A_i)</th><th>mean E(s)</th></tr>\n");
        for (SessionResult r : results) {
            double[] cond = r.roundSummaries().stream().mapToDouble(RoundSummary::worstCondition).toArray();
            double[] err = r.records().stream().mapToDouble(RoundRecord::coefficientError).toArray();
            t.append("<tr><td>").append(esc(r.protocol())).append("</td><td>")
                    .append(g3(Percentiles.of(cond, 50))).append("</td><td>").append(g3(Percentiles.of(cond, 100)))
                    .append("</td><td>").append(g3(StatsMath.mean(err))).append("</td></tr>\n");
        }
        return t.append("</table>\n").toString();
    }

    private static String describe(TrainingSpec s) {
        return String.format(Locale.ROOT, "%s, model %s, m = %d workers, replication %d, ell %d, %s mode;"
                + " protocols %s, %d rounds each; stragglers: %s; seed %d.", s.dataset(), s.model(), s.workers(),
                s.replication(), s.ell(), s.approximate() ? "approximate" : "exact",
                ProtocolKind.labels(s.protocols()), s.rounds(), s.stragglers().isEmpty() ? "none" : s.stragglers(),
                s.seed());
    }

    private static String page(String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>gcoding training report</title>\n<style>\n"
                + "body { font-family: sans-serif; max-width: 1400px; margin: 1em auto; padding: 0 1em; }\n"
                + "pre { background: #f4f4f4; padding: 0.5em; overflow-x: auto; }\n"
                + "table { border-collapse: collapse; margin-bottom: 1em; }\n"
                + "td, th { border: 1px solid #ccc; padding: 2px 8px; text-align: right; }\n"
                + "img { max-width: 100%; }\n</style>\n</head>\n"
                + "<body data-images=\"pending\">\n" + body
                // the page's own check: every image decoded (naturalWidth > 0), else the names that did not
                + "<script>\nwindow.addEventListener('load', function () {\n"
                + "  var missing = [];\n"
                + "  document.querySelectorAll('img').forEach(function (i) {\n"
                + "    if (!i.complete || i.naturalWidth === 0) { missing.push(i.getAttribute('src')); }\n"
                + "  });\n"
                + "  document.body.setAttribute('data-images', missing.length === 0 ? 'ok' : missing.join(' '));\n"
                + "});\n</script>\n</body>\n</html>\n";
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static double median(List<Double> v) {
        return Percentiles.of(v.stream().mapToDouble(Double::doubleValue).toArray(), 50);
    }

    private static String speed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2fx", v);
    }

    private static String dash(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String g3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3g", v);
    }
}
