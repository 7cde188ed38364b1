package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code train --report DIR} after a short real run (4 worker JVMs, a slow worker and a failing one, two protocols):
 * the files, the page's references, the images, and the page rendered by headless Chromium.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HtmlReportTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Pattern IMG = Pattern.compile("<img src=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    private Path report;
    private String out;

    @BeforeAll
    @Timeout(150)
    void runsAShortTraining() {
        report = dir.resolve("report");
        StringWriter o = new StringWriter();
        StringWriter err = new StringWriter();
        int code = OrderCommandTest.run(o, err, "train", "--workers", "4", "--replication", "2",
                "--dataset", "synthetic:rows=2000,test=400,features=10,classes=3,task=softmax", "--rounds", "5",
                "--protocol", "partial,uncoded", "--stragglers", "slow=1:4;fail=3@2", "--eval-every", "2",
                "--optimizer", "sgd:lr=0.5,momentum=0.9", "--warmup-rounds", "0", "--view", "lines",
                "--report", report.toString());
        assertEquals(0, code, err.toString());
        out = o.toString();
    }

    @Test
    void writesThePageItsPlotsAndTheJson() throws IOException {
        assertTrue(out.contains("wrote the report " + report.resolve("index.html")), out);
        Set<String> files = new TreeSet<>();
        try (Stream<Path> s = Files.list(report)) {
            s.forEach(p -> files.add(p.getFileName().toString()));
        }
        assertEquals(new TreeSet<>(List.of("index.html", "summary.json", "loss.png", "accuracy.png", "rounds.png",
                "condition.png", "timeline-partial.png", "timeline-uncoded.png")), files);
        String html = Files.readString(report.resolve("index.html"), StandardCharsets.UTF_8);
        // every image is referenced by a relative name and decodes; every PNG written is shown
        Set<String> shown = new TreeSet<>(images(html));
        Set<String> pngs = new TreeSet<>(files);
        pngs.removeIf(f -> !f.endsWith(".png"));
        assertEquals(pngs, shown);
        for (String png : shown) {
            BufferedImage image = ImageIO.read(report.resolve(png).toFile());
            assertTrue(image != null && image.getWidth() >= 600 && image.getHeight() >= 300, png);
        }
        // self-contained: nothing fetched from elsewhere
        assertFalse(html.matches("(?s).*(https?:|<link|<script src|@import|url\\().*"), "external reference");
        // a straggler table per protocol with a row per worker
        assertEquals(2, count(html, "<h3>"));
        assertEquals(2 * 4, count(html, "<tr><td>") - 2, "worker rows (plus one condition-number row per protocol)");
        JsonNode json = Json.MAPPER.readTree(report.resolve("summary.json").toFile());
        JsonNode rounds = json.get("protocols").get("partial").get("rounds");
        assertEquals(5, rounds.size());
        // each round's timeline: per worker its 2 chunks' arrival times (or null), and its upload
        for (JsonNode round : rounds) {
            JsonNode chunks = round.get("timeline").get("chunk_seconds");
            assertEquals(4, chunks.size(), round.toString());
            int reported = 0;
            for (JsonNode w : chunks) {
                assertEquals(2, w.size());
                for (JsonNode t : w) {
                    if (!t.isNull()) {
                        double at = t.asDouble();
                        assertTrue(at >= 0 && at <= round.get("seconds").asDouble() + 1e-9, at + " s in " + round);
                        reported++;
                    }
                }
            }
            assertTrue(reported >= 4, "each of the 4 chunks was reported done at least once: " + chunks);
            assertEquals(4, round.get("timeline").get("upload_seconds").size());
        }
    }

    @Test
    @Timeout(120)
    void chromiumLoadsThePageWithEveryImageAndNoConsoleMessage() throws Exception {
        assumeTrue(Files.isExecutable(CHROMIUM), "/usr/bin/chromium is absent (Debian package chromium; .ci/run"
                + " installs it)");
        Rendered page = render(report.resolve("index.html"));
        assertTrue(page.dom.contains("<body data-images=\"ok\">"), "images not all loaded: " + bodyTag(page.dom));
        assertEquals(List.of(), page.consoleLines, "console messages");

        // the check can fail: the same page with a plot missing names it
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken);
        try (Stream<Path> s = Files.list(report)) {
            for (Path p : s.toList()) {
                if (!p.getFileName().toString().equals("rounds.png")) {
                    Files.copy(p, broken.resolve(p.getFileName()));
                }
            }
        }
        assertEquals("<body data-images=\"rounds.png\">", bodyTag(render(broken.resolve("index.html")).dom));
    }

    private record Rendered(String dom, List<String> consoleLines) {
    }

    /** Headless Chromium's rendered DOM, and the console messages it logged. */
    private Rendered render(Path page) throws Exception {
        Path profile = Files.createTempDirectory(dir, "chromium-profile");
        Path stderr = dir.resolve("chromium-" + System.nanoTime() + ".log");
        Process p = new ProcessBuilder(CHROMIUM.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + profile, "--enable-logging=stderr", "--v=0",
                "--virtual-time-budget=5000", "--dump-dom", page.toUri().toString())
                .redirectError(stderr.toFile()).start();
        byte[] dom = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("chromium did not finish within 60 s rendering " + page);
        }
        assertEquals(0, p.exitValue(), Files.readString(stderr));
        List<String> console = new ArrayList<>();
        for (String line : Files.readAllLines(stderr)) {
            if (line.contains(":CONSOLE")) { // the page logs nothing; any console line is an error or a warning
                console.add(line);
            }
        }
        return new Rendered(new String(dom, StandardCharsets.UTF_8), console);
    }

    private static String bodyTag(String dom) {
        Matcher m = Pattern.compile("<body[^>]*>").matcher(dom);
        return m.find() ? m.group() : "(no body in " + dom.length() + " chars)";
    }

    private static List<String> images(String html) {
        List<String> out = new ArrayList<>();
        Matcher m = IMG.matcher(html);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static int count(String s, String what) {
        return s.split(Pattern.quote(what), -1).length - 1;
    }
}
