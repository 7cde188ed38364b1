package io.gcoding.training.inject;

import io.gcoding.data.SeededRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Stragglers injected on purpose, so that experiments are repeatable: which workers are slow and by how much, which
 * fail and when, and a random per-chunk jitter.
 *
 * <p>Text form (parts in any order, each optional; the empty string injects nothing):
 * <pre>
 *   slow=J:FACTOR[,J:FACTOR...]   worker J computes FACTOR (>= 1) times slower
 *   fail=J@ROUND[,J@ROUND...]     worker J exits when round ROUND starts (rounds as the coordinator numbers them)
 *   jitter=SECONDS                every chunk gets an extra exponential delay with this mean
 * </pre>
 * separated by {@code ;} on a command line, e.g. {@code slow=2:3,5:6;fail=7@3}, or one per line in a profile file
 * ({@code #} starts a comment). Worker indices are 0-based, like everywhere else in gcoding.
 *
 * <p>The worker enforces the profile: after computing a chunk in {@code t} seconds it sleeps
 * {@link #chunkDelay}{@code (j, round, chunk, t)}. Every draw is a pure function of (seed, worker, round, chunk),
 * so a rerun injects exactly the same delays, and the simulator can replay them.
 *
 * @param slowdowns     worker to slowdown factor (>= 1); absent workers run at full speed
 * @param failRounds    worker to the round at which it exits
 * @param jitterSeconds mean of the per-chunk exponential delay (0: none)
 * @param seed          seed of the jitter draws
 */
public record StragglerProfile(Map<Integer, Double> slowdowns, Map<Integer, Long> failRounds, double jitterSeconds,
        long seed) {

    private static final long JITTER_STREAM = 0x717E_4L;

    public StragglerProfile {
        slowdowns = Collections.unmodifiableMap(new TreeMap<>(slowdowns));
        failRounds = Collections.unmodifiableMap(new TreeMap<>(failRounds));
        slowdowns.forEach((j, f) -> {
            if (j < 0) {
                throw new IllegalArgumentException("stragglers: worker index " + j + " is negative");
            }
            if (!(f >= 1.0) || !Double.isFinite(f)) {
                throw new IllegalArgumentException("stragglers: slow=" + j + ":" + f
                        + ": the factor must be a finite number >= 1 (1 = normal speed, 3 = three times slower)");
            }
        });
        failRounds.forEach((j, t) -> {
            if (j < 0 || t < 0) {
                throw new IllegalArgumentException("stragglers: fail=" + j + "@" + t
                        + ": worker index and round must be >= 0");
            }
        });
        if (!(jitterSeconds >= 0.0) || !Double.isFinite(jitterSeconds)) {
            throw new IllegalArgumentException("stragglers: jitter must be a finite number of seconds >= 0, got "
                    + jitterSeconds);
        }
    }

    /** No injected stragglers. */
    public static StragglerProfile none() {
        return new StragglerProfile(Map.of(), Map.of(), 0.0, 0L);
    }

    /** Parses the command-line form with jitter seed 0. */
    public static StragglerProfile parse(String text) {
        return parse(text, 0L);
    }

    /** Parses the command-line form ({@code ;}-separated parts; newlines work too). */
    public static StragglerProfile parse(String text, long seed) {
        return parseParts(text == null ? List.of() : List.of(text.split("[;\\n]")), "", seed);
    }

    /** Reads a profile file: the same parts, one per line (or {@code ;}-separated), {@code #} comments. */
    public static StragglerProfile load(Path file, long seed) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<String> parts = new java.util.ArrayList<>();
        for (String line : lines) {
            int hash = line.indexOf('#');
            parts.addAll(List.of((hash >= 0 ? line.substring(0, hash) : line).split(";")));
        }
        return parseParts(parts, file + ": ", seed);
    }

    private static StragglerProfile parseParts(List<String> parts, String origin, long seed) {
        Map<Integer, Double> slow = new TreeMap<>();
        Map<Integer, Long> fail = new TreeMap<>();
        double jitter = 0.0;
        boolean jitterSeen = false;
        for (String raw : parts) {
            String part = raw.trim();
            if (part.isEmpty()) {
                continue;
            }
            int eq = part.indexOf('=');
            String key = eq < 0 ? part : part.substring(0, eq).trim().toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : part.substring(eq + 1).trim();
            String context = origin + "stragglers '" + part + "'";
            switch (key) {
                case "slow" -> {
                    for (String item : items(value, context, "J:FACTOR")) {
                        String[] jf = split(item, ':', context, "J:FACTOR, e.g. slow=2:3");
                        int j = worker(jf[0], context);
                        if (slow.put(j, number(jf[1], context)) != null) {
                            throw new IllegalArgumentException(context + ": worker " + j + " is slowed twice");
                        }
                    }
                }
                case "fail" -> {
                    for (String item : items(value, context, "J@ROUND")) {
                        String[] jr = split(item, '@', context, "J@ROUND, e.g. fail=7@3");
                        int j = worker(jr[0], context);
                        long round;
                        try {
                            round = Long.parseLong(jr[1].trim());
                        } catch (NumberFormatException e) {
                            throw new IllegalArgumentException(context + ": round '" + jr[1] + "' is not an integer");
                        }
                        if (fail.put(j, round) != null) {
                            throw new IllegalArgumentException(context + ": worker " + j + " fails twice");
                        }
                    }
                }
                case "jitter" -> {
                    if (jitterSeen) {
                        throw new IllegalArgumentException(context + ": jitter given twice");
                    }
                    jitterSeen = true;
                    jitter = number(value, context);
                }
                default -> throw new IllegalArgumentException(context + ": unknown part '" + key
                        + "' (use slow=J:FACTOR,..., fail=J@ROUND,..., jitter=SECONDS; e.g. slow=2:3,5:6;fail=7@3)");
            }
        }
        try {
            return new StragglerProfile(slow, fail, jitter, seed);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(origin + e.getMessage(), e);
        }
    }

    private static String[] items(String value, String context, String form) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException(context + ": expected a list of " + form);
        }
        return value.split(",");
    }

    private static String[] split(String rawItem, char separator, String context, String form) {
        String item = rawItem.trim();
        int at = item.indexOf(separator);
        if (at <= 0 || at == item.length() - 1 || item.indexOf(separator, at + 1) >= 0) {
            throw new IllegalArgumentException(context + ": '" + item + "' is not " + form);
        }
        return new String[] {item.substring(0, at), item.substring(at + 1)};
    }

    private static int worker(String text, String context) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": worker '" + text.trim() + "' is not an index");
        }
    }

    private static double number(String text, String context) {
        try {
            return Double.parseDouble(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": '" + text.trim() + "' is not a number");
        }
    }

    /** Checks that every worker named exists among {@code m} workers (indices 0..m-1). */
    public StragglerProfile validate(int m) {
        for (int j : slowdowns.keySet()) {
            requireWorker(j, m, "slow");
        }
        for (int j : failRounds.keySet()) {
            requireWorker(j, m, "fail");
        }
        return this;
    }

    private static void requireWorker(int j, int m, String part) {
        if (j >= m) {
            throw new IllegalArgumentException("stragglers: " + part + " names worker " + j + ", but there are only "
                    + m + " workers (indices 0.." + (m - 1) + ")");
        }
    }

    /** The slowdown factor of worker j (1.0: full speed). */
    public double slowdown(int worker) {
        return slowdowns.getOrDefault(worker, 1.0);
    }

    /** The round at which worker j exits, if it is set to fail. */
    public OptionalLong failRound(int worker) {
        Long t = failRounds.get(worker);
        return t == null ? OptionalLong.empty() : OptionalLong.of(t);
    }

    /** True when worker j must be gone in this round (its fail round has come). */
    public boolean hasFailed(int worker, long round) {
        Long t = failRounds.get(worker);
        return t != null && round >= t;
    }

    public boolean isNone() {
        return slowdowns.isEmpty() && failRounds.isEmpty() && jitterSeconds == 0.0;
    }

    /**
     * The extra time in seconds that worker j sleeps after computing {@code chunk} in {@code round}:
     * {@code (slowdown - 1) * computeSeconds} plus an exponential jitter with mean {@link #jitterSeconds} drawn
     * from (seed, worker, round, chunk).
     *
     * @param computeSeconds how long the chunk's gradient actually took
     */
    public double chunkDelay(int worker, long round, int chunk, double computeSeconds) {
        if (!(computeSeconds >= 0) || !Double.isFinite(computeSeconds)) {
            throw new IllegalArgumentException("computeSeconds must be a finite time >= 0, got " + computeSeconds);
        }
        double delay = (slowdown(worker) - 1.0) * computeSeconds;
        if (jitterSeconds > 0) {
            delay += SeededRandom.of(seed, JITTER_STREAM, worker, round, chunk).nextExponential(jitterSeconds);
        }
        return delay;
    }

    /** The profile in the command-line form; {@code parse(text(), seed())} gives an equal profile. */
    public String text() {
        StringBuilder b = new StringBuilder();
        if (!slowdowns.isEmpty()) {
            b.append("slow=");
            slowdowns.forEach((j, f) -> b.append(j).append(':').append(format(f)).append(','));
            b.setLength(b.length() - 1);
        }
        if (!failRounds.isEmpty()) {
            b.append(b.length() > 0 ? ";" : "").append("fail=");
            failRounds.forEach((j, t) -> b.append(j).append('@').append(t).append(','));
            b.setLength(b.length() - 1);
        }
        if (jitterSeconds > 0) {
            b.append(b.length() > 0 ? ";" : "").append("jitter=").append(jitterSeconds);
        }
        return b.toString();
    }

    /** One clearly labelled line for run logs, so that nobody mistakes injected delays for measured ones. */
    public String describe() {
        if (isNone()) {
            return "INJECTED stragglers: none";
        }
        StringBuilder b = new StringBuilder("INJECTED stragglers:");
        slowdowns.forEach((j, f) -> b.append(" worker ").append(j).append(" x").append(format(f))
                .append(" slower;"));
        failRounds.forEach((j, t) -> b.append(" worker ").append(j).append(" fails at round ").append(t).append(';'));
        if (jitterSeconds > 0) {
            b.append(String.format(Locale.ROOT, " jitter exponential, mean %s s per chunk (seed %d);",
                    jitterSeconds, seed));
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }

    /** 3 rather than 3.0, so that the text form reads as it is written on the command line. */
    private static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
