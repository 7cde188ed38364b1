package io.gcoding.cli;

import io.gcoding.coordinator.RoundRecord;
import io.gcoding.coordinator.SessionResult;
import io.gcoding.coordinator.TrainingRun;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * The run as it happens, on stderr (tables and JSON stay on stdout). In a terminal: per protocol a block of one
 * header line and one line per worker, redrawn in place after every round (ANSI cursor-up); elsewhere (a log file, a
 * pipe, CI): one summary line per round. What is printed is a pure function of the round ({@link #block},
 * {@link #summaryLine}); this class only decides where and how it goes out. Log lines share stderr: when anything
 * else was written since the last block, the next block is drawn below instead of over it, so that redrawing never
 * overwrites a log line.
 */
final class LiveView implements TrainingRun.Listener {

    /** {@code --view}. */
    enum Mode {
        /** A terminal gets the redrawn block, anything else the summary lines. */
        AUTO,
        /** The redrawn block (ANSI), also when no terminal is detected. */
        LIVE,
        /** One summary line per round. */
        LINES,
        /** Nothing per round (the summary table is still printed). */
        OFF;

        /** AUTO resolved: LIVE when a terminal is attached and TERM is not "dumb". */
        Mode resolve(boolean console, String term) {
            if (this != AUTO) {
                return this;
            }
            return console && term != null && !term.isEmpty() && !term.equals("dumb") ? LIVE : LINES;
        }
    }

    private static final String CURSOR_UP = "\u001b[%dA";
    private static final String CLEAR_LINE = "\u001b[2K";

    private final PrintStream stream;
    private final Mode mode;
    private final BooleanSupplier othersWrote;
    private int rounds;
    /** Lines of the block drawn last (to move up over); 0 before a session's first round. */
    private int drawn;

    /**
     * @param othersWrote true when something else wrote to {@code stream} since it was last asked (and clears)
     */
    LiveView(PrintStream stream, Mode mode, BooleanSupplier othersWrote) {
        this.stream = stream;
        this.mode = mode.resolve(System.console() != null, System.getenv("TERM"));
        this.othersWrote = othersWrote;
    }

    /**
     * The view on stderr. Drawing live, it puts a watcher in front of {@code System.err} (where the logs go) and
     * draws on the stream behind it, so that it can tell its own output from everybody else's.
     */
    static LiveView onStderr(Mode requested) {
        PrintStream err = System.err;
        LiveView probe = new LiveView(err, requested, () -> false);
        if (probe.mode() != Mode.LIVE) {
            return probe;
        }
        OthersWatch watch = new OthersWatch(err);
        System.setErr(new PrintStream(watch, true));
        return new LiveView(err, Mode.LIVE, watch::checkAndClear);
    }

    /** Passes bytes through and remembers that some were written. */
    private static final class OthersWatch extends OutputStream {
        private final PrintStream target;
        private final AtomicBoolean wrote = new AtomicBoolean();

        OthersWatch(PrintStream target) {
            this.target = target;
        }

        @Override
        public void write(int b) {
            wrote.set(true);
            target.write(b);
        }

        @Override
        public void write(byte[] b, int off, int len) {
            wrote.set(true);
            target.write(b, off, len);
        }

        @Override
        public void flush() {
            target.flush();
        }

        boolean checkAndClear() {
            return wrote.getAndSet(false);
        }
    }

    Mode mode() {
        return mode;
    }

    @Override
    public void sessionStarting(String protocol, int sessionRounds) {
        rounds = sessionRounds;
        drawn = 0;
        if (mode != Mode.OFF && protocol.equals("warm-up")) {
            stream.printf(Locale.ROOT, "warm-up: %d rounds (not recorded)%n", sessionRounds);
            stream.flush();
        }
    }

    @Override
    public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
        switch (mode) {
            case LIVE -> redraw(block(protocol, roundsDone, rounds, record));
            case LINES -> stream.println(summaryLine(protocol, roundsDone, rounds, record));
            default -> {
                return;
            }
        }
        stream.flush();
    }

    @Override
    public void sessionFinished(SessionResult result) {
        if (mode != Mode.OFF) {
            stream.println(finishedLine(result));
            stream.flush();
        }
    }

    private void redraw(List<String> lines) {
        StringBuilder sb = new StringBuilder();
        if (othersWrote.getAsBoolean()) {
            drawn = 0; // a log line came after the block: leave both, draw the new block below
        }
        if (drawn > 0) {
            sb.append(String.format(Locale.ROOT, CURSOR_UP, drawn));
        }
        for (String line : lines) {
            sb.append('\r').append(CLEAR_LINE).append(line).append('\n');
        }
        stream.print(sb);
        drawn = lines.size();
    }

    /** The terminal block: a header line, then a table with one line per worker. */
    static List<String> block(String protocol, int roundsDone, int rounds, RoundRecord r) {
        List<String> lines = new ArrayList<>();
        lines.add(String.format(Locale.ROOT, "%-8s round %d/%d %s  round %.3f s, trigger %.3f s, E(s) %.3g,"
                + " cond %.3g%s", protocol, roundsDone, rounds, bar(roundsDone, rounds, 20), r.roundSeconds(),
                r.triggerSeconds(), r.coefficientError(), r.worstCondition(),
                r.reEncodes() > 0 ? ", re-encodes " + r.reEncodes() : ""));
        TextTable t = new TextTable("worker", "chunks", "speed", "upload ms", "marks").leftAligned(4);
        double[] upload = r.uploadLatencyMs();
        for (WorkerRoundStatus w : WorkerRoundStatus.of(r)) {
            t.row(w.worker(), w.chunksDone() + "/" + w.load(), speed(w.relativeSpeed()),
                    Double.isNaN(upload[w.worker()]) ? "-" : String.format(Locale.ROOT, "%.1f", upload[w.worker()]),
                    marks(w));
        }
        for (String line : t.toString().split("\n")) {
            lines.add("  " + line.stripTrailing());
        }
        return lines;
    }

    /** The non-terminal line: the round's times and the workers that stood out. */
    static String summaryLine(String protocol, int roundsDone, int rounds, RoundRecord r) {
        List<WorkerRoundStatus> workers = WorkerRoundStatus.of(r);
        String chunks = workers.stream().map(w -> Integer.toString(w.chunksDone())).collect(Collectors.joining(","));
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "%s round %d/%d: %.3f s (trigger %.3f s),"
                + " chunks [%s]", protocol, roundsDone, rounds, r.roundSeconds(), r.triggerSeconds(), chunks));
        for (WorkerRoundStatus.Mark m : WorkerRoundStatus.Mark.values()) {
            List<Integer> ids = WorkerRoundStatus.marked(workers, m);
            if (!ids.isEmpty()) {
                sb.append(", ").append(m.label).append(' ').append(ids);
            }
        }
        return sb.toString();
    }

    static String finishedLine(SessionResult result) {
        double acc = result.finalEvaluation().testAccuracy();
        return String.format(Locale.ROOT, "%s: %d rounds in %.2f s, test loss %.4f, test acc %s", result.protocol(),
                result.roundsDone(), result.trainingSeconds(), result.finalEvaluation().testLoss(),
                Double.isNaN(acc) ? "n/a" : String.format(Locale.ROOT, "%.4f", acc));
    }

    private static String bar(int done, int total, int width) {
        int filled = total <= 0 ? width : (int) Math.round((double) width * done / total);
        char[] c = new char[width];
        Arrays.fill(c, 0, filled, '#');
        Arrays.fill(c, filled, width, '.');
        return "[" + new String(c) + "]";
    }

    private static String speed(double relative) {
        return Double.isNaN(relative) ? "-" : String.format(Locale.ROOT, "%.2fx", relative);
    }

    private static String marks(WorkerRoundStatus w) {
        return w.marks().stream().sorted().map(m -> m.label).collect(Collectors.joining(" "));
    }
}
