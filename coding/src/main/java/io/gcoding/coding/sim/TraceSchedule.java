package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * A recorded trace replayed by the runtime ({@code --stragglers trace:PATH[,scale=X]}): worker j reports the p-th
 * chunk of session round k at X times the trace's finish time of (trial k mod trials, worker j, position p) after
 * the round start. It computes the chunk for real, then waits out the rest; a position without a row (never) means
 * the worker stops reporting for that round. The same CSV the simulator reads and writes ({@link TraceCsv}), so one
 * trace can be played through both and their ENCODE states compared. Immutable.
 *
 * @param path   the trace file
 * @param scale  seconds of wall time per second of trace time
 * @param trials the recorded trials
 */
public record TraceSchedule(Path path, double scale, RecordedTrials trials) {
    private static final String PREFIX = "trace:";

    public TraceSchedule {
        if (!(scale > 0) || Double.isInfinite(scale)) {
            throw new ConfigurationException("trace scale must be a positive number, got " + scale);
        }
    }

    /** Whether a straggler spec names a trace rather than a slowdown profile. */
    public static boolean isTrace(String stragglers) {
        return stragglers != null && stragglers.strip().startsWith(PREFIX);
    }

    /**
     * Parses {@code trace:PATH[,scale=X]} and reads the file.
     *
     * @param positions per worker, how many positions the trace may name (the worker's load)
     * @throws ConfigurationException naming the file, line and fix
     */
    public static TraceSchedule parse(String spec, int[] positions) {
        String body = spec.strip().substring(PREFIX.length());
        double scale = 1;
        int comma = body.lastIndexOf(",scale=");
        if (comma >= 0) {
            String value = body.substring(comma + ",scale=".length());
            try {
                scale = Double.parseDouble(value);
            } catch (NumberFormatException e) {
                throw new ConfigurationException("trace scale '" + value + "' is not a number (use trace:PATH,scale=0.5)");
            }
            body = body.substring(0, comma);
        }
        Path path = Path.of(body);
        try {
            return new TraceSchedule(path, scale, TraceCsv.read(path, positions));
        } catch (IOException e) {
            throw new UncheckedIOException(new IOException("cannot read the straggler trace " + path + ": "
                    + e.getMessage(), e));
        }
    }

    /** Seconds after the round start at which worker j's p-th chunk of session round k counts as done; +inf: never. */
    public double finishTime(long sessionRound, int worker, int position) {
        Trial t = trials.trial((int) Math.floorMod(sessionRound, (long) trials.count()));
        return scale * t.finish(worker, position);
    }

    public int workers() {
        return trials.trial(0).workers();
    }

    public String describe() {
        return "INJECTED stragglers: replaying " + trials.count() + " trial(s) of trace " + path + " (x" + scale
                + " in time): worker j reports its p-th chunk of round k at the trace's finish time of trial k";
    }
}
