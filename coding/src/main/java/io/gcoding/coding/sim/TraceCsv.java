package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trials as CSV, one row per finished chunk: {@code trial,worker,position,finish_time} with trial and worker
 * 0-based, position 1-based (the position in the worker's processing order) and the finish time in seconds since
 * the round start (cumulative). A missing row means the worker never finishes that position. Lines starting with
 * {@code #} are comments, except {@code # gcoding trace: trials=T workers=M}, which {@link #write} emits so that
 * trailing trials in which nobody finished anything survive a round trip. A header line is optional.
 */
public final class TraceCsv {
    public static final String HEADER = "trial,worker,position,finish_time";
    private static final String DECLARATION = "# gcoding trace:";

    private TraceCsv() {
    }

    /** Writes every trial of {@code source}; {@link Double#toString} keeps each time exact on reading back. */
    public static void write(Path path, TrialSource source) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        int workers = source.trial(0).workers();
        try (BufferedWriter out = Files.newBufferedWriter(path, StandardCharsets.UTF_8)) {
            out.write(DECLARATION + " trials=" + source.count() + " workers=" + workers + "\n");
            out.write("# source: " + source.describe() + "\n");
            out.write(HEADER + "\n");
            StringBuilder sb = new StringBuilder(64);
            for (int t = 0; t < source.count(); t++) {
                Trial trial = source.trial(t);
                for (int j = 0; j < trial.workers(); j++) {
                    for (int p = 1; p <= trial.positions(j); p++) {
                        double f = trial.finish(j, p);
                        if (f == Double.POSITIVE_INFINITY) {
                            break;
                        }
                        sb.setLength(0);
                        sb.append(t).append(',').append(j).append(',').append(p).append(',').append(f).append('\n');
                        out.write(sb.toString());
                    }
                }
            }
        }
    }

    /**
     * Reads a trace for workers with the given number of positions each (worker j's coded load, or more when the
     * uncoded baselines need more). Every problem is reported with the file and line and what to change.
     */
    public static RecordedTrials read(Path path, int[] positions) throws IOException {
        Reader reader = new Reader(path, positions);
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            String line;
            int number = 0;
            while ((line = in.readLine()) != null) {
                reader.line(++number, line.strip());
            }
        }
        return reader.finish();
    }

    /** Parsing state: per trial the times (NaN = no row yet) and the line each came from. */
    private static final class Reader {
        private final Path path;
        private final int[] positions;
        private final List<double[][]> times = new ArrayList<>();
        private final List<int[][]> lines = new ArrayList<>();
        private int declaredTrials = -1;
        private boolean sawData;

        Reader(Path path, int[] positions) {
            this.path = path;
            this.positions = positions.clone();
        }

        void line(int number, String text) {
            if (text.isEmpty()) {
                return;
            }
            if (text.startsWith("#")) {
                if (text.startsWith(DECLARATION)) {
                    declaration(number, text.substring(DECLARATION.length()).strip());
                }
                return;
            }
            if (!sawData && text.replace(" ", "").equalsIgnoreCase(HEADER)) {
                sawData = true;
                return;
            }
            sawData = true;
            String[] cells = text.split(",", -1);
            if (cells.length != 4) {
                throw error(number, "expected 4 columns " + HEADER + ", got " + cells.length + " ('" + text + "')");
            }
            int trial = integer(number, cells[0], "trial");
            int worker = integer(number, cells[1], "worker");
            int position = integer(number, cells[2], "position");
            double time = time(number, cells[3]);
            if (trial < 0) {
                throw error(number, "trial " + trial + " must be >= 0 (trials are numbered from 0)");
            }
            if (worker < 0 || worker >= positions.length) {
                throw error(number, "worker " + worker + " is outside 0.." + (positions.length - 1)
                        + " (the assignment has " + positions.length + " workers; workers are numbered from 0)");
            }
            if (position < 1 || position > positions[worker]) {
                throw error(number, "position " + position + " of worker " + worker + " is outside 1.."
                        + positions[worker] + " (positions are 1-based and worker " + worker + " processes "
                        + positions[worker] + " chunks)");
            }
            while (times.size() <= trial) {
                times.add(null);
                lines.add(null);
            }
            if (times.get(trial) == null) {
                double[][] t = new double[positions.length][];
                int[][] l = new int[positions.length][];
                for (int j = 0; j < positions.length; j++) {
                    t[j] = new double[positions[j]];
                    Arrays.fill(t[j], Double.NaN);
                    l[j] = new int[positions[j]];
                }
                times.set(trial, t);
                lines.set(trial, l);
            }
            int earlier = lines.get(trial)[worker][position - 1];
            if (earlier > 0) {
                throw error(number, "trial " + trial + " worker " + worker + " position " + position
                        + " appears twice (first on line " + earlier + "); keep one row per finished chunk");
            }
            times.get(trial)[worker][position - 1] = time;
            lines.get(trial)[worker][position - 1] = number;
        }

        private void declaration(int number, String text) {
            for (String part : text.split("\\s+")) {
                if (part.startsWith("trials=")) {
                    declaredTrials = integer(number, part.substring("trials=".length()), "trials");
                } else if (part.startsWith("workers=")) {
                    int workers = integer(number, part.substring("workers=".length()), "workers");
                    if (workers != positions.length) {
                        throw error(number, "the trace was recorded for " + workers + " workers but the assignment has "
                                + positions.length + " (simulate with --m " + workers + " or record a new trace)");
                    }
                }
            }
        }

        RecordedTrials finish() {
            int count = Math.max(times.size(), declaredTrials);
            if (count <= 0) {
                throw new ConfigurationException(path + ": no trials (the file has no data rows; each row is "
                        + HEADER + ")");
            }
            if (declaredTrials >= 0 && times.size() > declaredTrials) {
                throw new ConfigurationException(path + ": rows for trial " + (times.size() - 1) + " but the header"
                        + " declares trials=" + declaredTrials);
            }
            List<Trial> trials = new ArrayList<>(count);
            for (int t = 0; t < count; t++) {
                trials.add(t < times.size() && times.get(t) != null ? trial(t) : never());
            }
            return new RecordedTrials(trials, "trace " + path);
        }

        private Trial trial(int t) {
            double[][] f = times.get(t);
            int[][] l = lines.get(t);
            for (int j = 0; j < f.length; j++) {
                int missing = 0;
                double previous = 0;
                int previousLine = 0;
                for (int p = 0; p < f[j].length; p++) {
                    if (Double.isNaN(f[j][p])) {
                        missing = missing == 0 ? p + 1 : missing;
                        f[j][p] = Double.POSITIVE_INFINITY;
                        continue;
                    }
                    if (missing > 0) {
                        throw error(l[j][p], "trial " + t + " worker " + j + " finishes position " + (p + 1)
                                + " but has no row for position " + missing + ": a worker processes its chunks in"
                                + " order, so only its last positions may be missing (= never)");
                    }
                    if (f[j][p] < previous) {
                        throw error(l[j][p], "trial " + t + " worker " + j + " finishes position " + (p + 1) + " at "
                                + f[j][p] + ", before position " + p + " at " + previous + " (line " + previousLine
                                + "): finish times are cumulative from the round start");
                    }
                    previous = f[j][p];
                    previousLine = l[j][p];
                }
            }
            return Trial.trusted(f);
        }

        private Trial never() {
            double[][] f = new double[positions.length][];
            for (int j = 0; j < f.length; j++) {
                f[j] = new double[positions[j]];
                Arrays.fill(f[j], Double.POSITIVE_INFINITY);
            }
            return Trial.trusted(f);
        }

        private int integer(int number, String cell, String what) {
            try {
                return Integer.parseInt(cell.strip());
            } catch (NumberFormatException e) {
                throw error(number, what + " '" + cell.strip() + "' is not an integer");
            }
        }

        private double time(int number, String cell) {
            double v;
            try {
                v = Double.parseDouble(cell.strip());
            } catch (NumberFormatException e) {
                throw error(number, "finish_time '" + cell.strip() + "' is not a number (seconds since the round"
                        + " start)");
            }
            if (!(v >= 0) || Double.isInfinite(v)) {
                throw error(number, "finish_time " + cell.strip() + " must be a finite number >= 0 (leave the row out"
                        + " when the worker never finishes that chunk)");
            }
            return v;
        }

        private ConfigurationException error(int number, String message) {
            return new ConfigurationException(path + " line " + number + ": " + message);
        }
    }
}
