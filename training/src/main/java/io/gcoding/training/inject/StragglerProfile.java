package io.gcoding.training.inject;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;
import io.gcoding.data.SeededRandom;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;

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
    private static final String PART_SEPARATOR = "[;\\n]";
    private static final String EXAMPLE = "slow=2:3,5:6;fail=7@3;jitter=0.01";

    public StragglerProfile {
        slowdowns = Collections.unmodifiableMap(new TreeMap<>(slowdowns));
        failRounds = Collections.unmodifiableMap(new TreeMap<>(failRounds));
        slowdowns.forEach((j, f) -> {
            if (j < 0) {
                throw new ConfigurationException("stragglers: worker index " + j + " is negative");
            }
            if (!(f >= 1.0) || !Double.isFinite(f)) {
                throw new ConfigurationException("stragglers: slow=" + j + ":" + f
                        + ": the factor must be a finite number >= 1 (1 = normal speed, 3 = three times slower)");
            }
        });
        failRounds.forEach((j, t) -> {
            if (j < 0 || t < 0) {
                throw new ConfigurationException("stragglers: fail=" + j + "@" + t
                        + ": worker index and round must be >= 0");
            }
        });
        if (!(jitterSeconds >= 0.0) || !Double.isFinite(jitterSeconds)) {
            throw new ConfigurationException("stragglers: jitter must be a finite number of seconds >= 0, got "
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
        return parse(KeyValueSpec.parse("stragglers", text, PART_SEPARATOR, EXAMPLE), "", seed);
    }

    /** Reads a profile file: the same parts, one per line (or {@code ;}-separated), {@code #} comments. */
    public static StragglerProfile load(Path file, long seed) throws IOException {
        StringBuilder parts = new StringBuilder();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int hash = line.indexOf('#');
            parts.append(hash >= 0 ? line.substring(0, hash) : line).append('\n');
        }
        String origin = file + ": ";
        return parse(KeyValueSpec.parse(origin + "stragglers", parts.toString(), PART_SEPARATOR, EXAMPLE), origin,
                seed);
    }

    /** Reads the parts; {@code slow} and {@code fail} may be given more than once (their workers may not). */
    private static StragglerProfile parse(KeyValueSpec spec, String origin, long seed) {
        spec.requireOnly("slow", "fail", "jitter");
        Map<Integer, Double> slow = perWorker(spec, new ItemForm("slow", ':', "J:FACTOR, e.g. slow=2:3", "factor",
                "a number", "is slowed twice; give one factor per worker"), Double::parseDouble);
        Map<Integer, Long> fail = perWorker(spec, new ItemForm("fail", '@', "J@ROUND, e.g. fail=7@3", "round",
                "an integer", "fails twice; give one round per worker"), Long::parseLong);
        double jitter = spec.number("jitter", 0.0);
        try {
            return new StragglerProfile(slow, fail, jitter, seed);
        } catch (ConfigurationException e) {
            throw new ConfigurationException(origin + e.getMessage());
        }
    }

    /**
     * How the items of a {@code key=J<sep>VALUE,...} part are written, for parsing and messages.
     *
     * @param key       the part ({@code slow})
     * @param separator between J and VALUE ({@code :})
     * @param form      the item as messages show it ({@code J:FACTOR, e.g. slow=2:3})
     * @param value     what VALUE is ({@code factor})
     * @param kind      what VALUE must be ({@code a number})
     * @param twice     the complaint when a worker is named twice
     */
    private record ItemForm(String key, char separator, String form, String value, String kind, String twice) {
    }

    /** The items of every {@code key=} part as worker to value; a worker named twice is an error. */
    private static <V> Map<Integer, V> perWorker(KeyValueSpec spec, ItemForm f, Function<String, V> parser) {
        Map<Integer, V> out = new TreeMap<>();
        for (String list : spec.all(f.key())) {
            if (list.isEmpty()) {
                throw spec.error(f.key() + "=: expected a list of " + f.form());
            }
            for (String raw : list.split(",")) {
                String item = raw.trim();
                int at = item.indexOf(f.separator());
                if (at <= 0 || at == item.length() - 1 || item.indexOf(f.separator(), at + 1) >= 0) {
                    throw spec.error(f.key() + "=" + list + ": '" + item + "' is not " + f.form());
                }
                int j = worker(spec, item.substring(0, at));
                String text = item.substring(at + 1).trim();
                V value;
                try {
                    value = parser.apply(text);
                } catch (NumberFormatException e) {
                    throw spec.error(f.key() + ": " + f.value() + " '" + text + "' is not " + f.kind());
                }
                if (out.put(j, value) != null) {
                    throw spec.error("worker " + j + " " + f.twice());
                }
            }
        }
        return out;
    }

    private static int worker(KeyValueSpec spec, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw spec.error("worker '" + text.trim() + "' is not an index (workers are numbered 0..m-1)");
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
            throw new ConfigurationException("stragglers: " + part + " names worker " + j + ", but there are only "
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
            slowdowns.forEach((j, f) -> b.append(j).append(':').append(KeyValueSpec.format(f)).append(','));
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
        slowdowns.forEach((j, f) -> b.append(" worker ").append(j).append(" x").append(KeyValueSpec.format(f))
                .append(" slower;"));
        failRounds.forEach((j, t) -> b.append(" worker ").append(j).append(" fails at round ").append(t).append(';'));
        if (jitterSeconds > 0) {
            b.append(String.format(Locale.ROOT, " jitter exponential, mean %s s per chunk (seed %d);",
                    jitterSeconds, seed));
        }
        b.setLength(b.length() - 1);
        return b.toString();
    }
}
