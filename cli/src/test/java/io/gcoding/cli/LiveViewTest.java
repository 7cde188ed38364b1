package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coordinator.RoundRecord;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class LiveViewTest {

    /**
     * Four workers: 0 and 2 finish both chunks at 0.1 s, 1 one chunk at 0.4 s (8x slower than the median), 3 died;
     * 2 re-encoded (its upload answered version 1).
     */
    private static RoundRecord straggly() {
        return RoundRecords.round(7, 0.12, 0.15,
                new double[][] {{0.05, 0.10}, {0.4}, {0.05, 0.10}, {}}, new int[] {0, -1, 1, -1}, 3);
    }

    @Test
    void theBlockHasOneLinePerWorkerWithChunksSpeedAndMarks() {
        List<String> block = LiveView.block("partial", 3, 10, straggly());
        assertEquals(1 + 2 + 4, block.size(), String.join("\n", block)); // header, table header and rule, 4 workers
        assertTrue(block.get(0).startsWith("partial  round 3/10 [######..............]"), block.get(0));
        assertTrue(block.get(0).contains("round 0.150 s, trigger 0.120 s"), block.get(0));
        assertTrue(block.get(0).contains("re-encodes 1"), block.get(0));
        assertTrue(block.get(3).matches("\\s+0\\s+2/2\\s+1\\.00x\\s+30\\.0"), block.get(3));
        assertTrue(block.get(4).matches("\\s+1\\s+1/2\\s+0\\.13x\\s+-\\s+slow"), block.get(4));
        assertTrue(block.get(5).matches("\\s+2\\s+2/2\\s+1\\.00x\\s+30\\.0\\s+re-encoded"), block.get(5));
        assertTrue(block.get(6).matches("\\s+3\\s+0/2\\s+-\\s+-\\s+dead"), block.get(6));
    }

    @Test
    void theSummaryLineNamesTheWorkersThatStoodOut() {
        assertEquals("partial round 3/10: 0.150 s (trigger 0.120 s), chunks [2,1,2,0], slow [1], dead [3],"
                + " re-encoded [2]", LiveView.summaryLine("partial", 3, 10, straggly()));
        RoundRecord calm = RoundRecords.round(8, 0.1, 0.11, new double[][] {{0.05, 0.1}, {0.05, 0.1}},
                new int[] {0, 0});
        assertEquals("uncoded round 1/2: 0.110 s (trigger 0.100 s), chunks [2,2]",
                LiveView.summaryLine("uncoded", 1, 2, calm));
        // no worker marked: the marks column is empty, and the block still renders
        List<String> block = LiveView.block("uncoded", 1, 2, calm);
        assertEquals(5, block.size(), String.join("\n", block));
        assertTrue(block.get(3).matches("\\s+0\\s+2/2\\s+1\\.00x\\s+10\\.0"), block.get(3));
    }

    @Test
    void aTerminalGetsTheBlockRedrawnInPlaceAndALogOneLinePerRound() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean[] logged = {false};
        LiveView live = new LiveView(new PrintStream(bytes, true, StandardCharsets.UTF_8), LiveView.Mode.LIVE,
                () -> {
                    boolean was = logged[0];
                    logged[0] = false;
                    return was;
                });
        live.sessionStarting("partial", 2);
        live.afterStep("partial", 1, straggly(), new double[0]);
        String first = bytes.toString(StandardCharsets.UTF_8);
        assertFalse(first.contains("\u001b["+ "7A"), "nothing to move up over before the first block");
        live.afterStep("partial", 2, straggly(), new double[0]);
        String both = bytes.toString(StandardCharsets.UTF_8);
        assertEquals("\u001b[7A", both.substring(first.length(), first.length() + 4), "up over the 7 lines drawn");
        logged[0] = true; // a log line went out after the block: the next block goes below it, not over it
        live.afterStep("partial", 2, straggly(), new double[0]);
        String afterLog = bytes.toString(StandardCharsets.UTF_8).substring(both.length());
        assertTrue(afterLog.startsWith("\r\u001b[2Kpartial  round 2/2"), afterLog);
        live.afterStep("partial", 2, straggly(), new double[0]);
        assertTrue(bytes.toString(StandardCharsets.UTF_8).substring(both.length() + afterLog.length())
                .startsWith("\u001b[7A"), "and redraws in place again after that");
        String beforeUncoded = bytes.toString(StandardCharsets.UTF_8);
        live.sessionStarting("uncoded", 2); // a new protocol starts a new block below the last
        live.afterStep("uncoded", 1, straggly(), new double[0]);
        assertFalse(bytes.toString(StandardCharsets.UTF_8).substring(beforeUncoded.length()).contains("\u001b[7A"));

        ByteArrayOutputStream log = new ByteArrayOutputStream();
        LiveView lines = new LiveView(new PrintStream(log, true, StandardCharsets.UTF_8), LiveView.Mode.LINES,
                () -> false);
        lines.sessionStarting("partial", 2);
        lines.afterStep("partial", 1, straggly(), new double[0]);
        lines.afterStep("partial", 2, straggly(), new double[0]);
        String text = log.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\u001b"), "no escape codes in a log");
        assertEquals(2, text.lines().count(), text);
    }

    @Test
    void autoIsLiveOnlyInARealTerminal() {
        assertEquals(LiveView.Mode.LIVE, LiveView.Mode.AUTO.resolve(true, "xterm-256color"));
        assertEquals(LiveView.Mode.LINES, LiveView.Mode.AUTO.resolve(true, "dumb"));
        assertEquals(LiveView.Mode.LINES, LiveView.Mode.AUTO.resolve(true, null));
        assertEquals(LiveView.Mode.LINES, LiveView.Mode.AUTO.resolve(false, "xterm"));
        assertEquals(LiveView.Mode.OFF, LiveView.Mode.OFF.resolve(true, "xterm"));
    }

    @Test
    void halfTheWorkersIdleDoesNotHideTheSlowOnes() {
        // the median is over the workers that reported: the two idle workers are slow, not "no median"
        RoundRecord r = RoundRecords.round(1, 0.1, 0.12, new double[][] {{0.05, 0.1}, {}, {0.05, 0.1}, {}},
                new int[] {0, -1, 0, -1});
        List<WorkerRoundStatus> w = WorkerRoundStatus.of(r);
        assertEquals(List.of(1, 3), WorkerRoundStatus.marked(w, WorkerRoundStatus.Mark.SLOW));
        assertEquals(1.0, w.get(0).relativeSpeed(), 1e-12);
        assertEquals(0.0, w.get(1).relativeSpeed(), 0);
    }
}
