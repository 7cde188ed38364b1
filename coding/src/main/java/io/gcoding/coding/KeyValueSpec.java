package io.gcoding.coding;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The one parser of the {@code key=value,key=value} grammar that every spec users type is written in: dataset
 * options ({@code synthetic:rows=4000,features=20}), optimizers ({@code adam:lr=0.001}), delay models
 * ({@code stragglers:p_slow=0.2,slow=3-10}) and injected straggler profiles ({@code slow=2:3,5:6;fail=7@3}, parts
 * separated by {@code ;}). Every mistake is a {@link ConfigurationException} whose message names the spec, the key
 * and the fix, so the command line reports all of them the same way.
 *
 * <p>Grammar: parts separated by the given separator (blank parts are skipped), each {@code key=value}; keys are
 * case-insensitive (stored lower-case), keys and values are trimmed. A key may be given more than once only where
 * the caller reads it with {@link #all}. Immutable: the getters only read.
 */
public final class KeyValueSpec {

    /** One {@code key=value} part, in the order given. */
    private record Entry(String key, String value) {
    }

    /**
     * A spec split at its first colon: {@code NAME} or {@code NAME:REST}.
     *
     * @param name what comes before the colon, trimmed (the whole text when there is none)
     * @param rest what comes after it ({@code ""} when there is no colon)
     */
    public record Named(String name, String rest) {
        public static Named of(String text) {
            String t = text == null ? "" : text.trim();
            int colon = t.indexOf(':');
            return colon < 0 ? new Named(t, "") : new Named(t.substring(0, colon).trim(), t.substring(colon + 1));
        }
    }

    private final String spec;
    private final String example;
    private final List<Entry> entries;

    private KeyValueSpec(String spec, String example, List<Entry> entries) {
        this.spec = spec;
        this.example = example;
        this.entries = List.copyOf(entries);
    }

    /**
     * Parses a comma-separated list.
     *
     * @param spec    what is being parsed, as messages name it (e.g. {@code synthetic})
     * @param text    the list, possibly empty or null
     * @param example a valid spec, shown in messages as the fix (e.g. {@code synthetic:rows=4000,features=20})
     */
    public static KeyValueSpec parse(String spec, String text, String example) {
        return parse(spec, text, ",", example);
    }

    /** Parses a list whose parts are separated by {@code separatorRegex} (e.g. {@code [;\n]}). */
    public static KeyValueSpec parse(String spec, String text, String separatorRegex, String example) {
        List<Entry> entries = new ArrayList<>();
        if (text != null) {
            for (String raw : text.split(separatorRegex)) {
                String part = raw.trim();
                if (part.isEmpty()) {
                    continue;
                }
                int eq = part.indexOf('=');
                if (eq <= 0) {
                    throw new ConfigurationException(spec + ": '" + part + "' is not key=value; write e.g. " + example);
                }
                entries.add(new Entry(part.substring(0, eq).trim().toLowerCase(Locale.ROOT),
                        part.substring(eq + 1).trim()));
            }
        }
        return new KeyValueSpec(spec, example, entries);
    }

    /** The name messages use for this spec. */
    public String spec() {
        return spec;
    }

    /** An error about this spec: {@code "<spec>: <problem>"}. */
    public ConfigurationException error(String problem) {
        return new ConfigurationException(spec + ": " + problem);
    }

    /** Rejects every key not among {@code valid}, naming them and the valid ones (usually a typo). */
    public KeyValueSpec requireOnly(String... valid) {
        Set<String> allowed = Set.of(valid);
        Set<String> unknown = new LinkedHashSet<>();
        for (Entry e : entries) {
            if (!allowed.contains(e.key())) {
                unknown.add("'" + e.key() + "'");
            }
        }
        if (!unknown.isEmpty()) {
            throw error("unknown parameter" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (valid: " + String.join(", ", valid) + ")");
        }
        return this;
    }

    /** Every value given for {@code key}, in order (for keys that may be repeated). */
    public List<String> all(String key) {
        List<String> values = new ArrayList<>();
        for (Entry e : entries) {
            if (e.key().equals(key)) {
                values.add(e.value());
            }
        }
        return values;
    }

    /** The value of {@code key}, or {@code fallback} when it is absent; a key given twice is an error. */
    public String string(String key, String fallback) {
        List<String> values = all(key);
        if (values.size() > 1) {
            throw error("'" + key + "' is given twice; give each parameter once");
        }
        return values.isEmpty() ? fallback : values.get(0);
    }

    /** An integer >= {@code min}. */
    public int integer(String key, int fallback, int min) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw error(key + "=" + v + " is not an integer");
        }
        if (parsed < min) {
            throw error(key + " must be >= " + min + ", got " + parsed);
        }
        return parsed;
    }

    /** A number, unchecked beyond its syntax (callers with a range use the other overloads). */
    public double number(String key, double fallback) {
        String v = string(key, null);
        return v == null ? fallback : parseNumber(key, v);
    }

    /** A finite number in [min, max) (or [min, max] when {@code maxInclusive}). */
    public double number(String key, double fallback, double min, double max, boolean maxInclusive) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        double parsed = parseNumber(key, v);
        boolean inRange = Double.isFinite(parsed) && parsed >= min && (maxInclusive ? parsed <= max : parsed < max);
        if (!inRange) {
            throw error(key + " must be in [" + format(min) + ", " + format(max) + (maxInclusive ? "]" : ")")
                    + ", got " + v);
        }
        return parsed;
    }

    /** A finite number > 0. */
    public double positive(String key, double fallback) {
        double v = number(key, fallback, 0.0, Double.MAX_VALUE, true);
        if (v <= 0) {
            throw error(key + " must be > 0, got " + format(v));
        }
        return v;
    }

    /** A range {@code LO-HI} such as {@code slow=3-10}; a single number means LO = HI. */
    public double[] range(String key, double lo, double hi) {
        String v = string(key, null);
        if (v == null) {
            return new double[] {lo, hi};
        }
        String[] parts = v.split("-", -1);
        try {
            if (parts.length == 1) {
                double x = Double.parseDouble(parts[0]);
                return new double[] {x, x};
            }
            if (parts.length == 2) {
                return new double[] {Double.parseDouble(parts[0]), Double.parseDouble(parts[1])};
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw error(key + "=" + v + " is not a range LO-HI (e.g. " + key + "=3-10)");
    }

    private double parseNumber(String key, String text) {
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw error(key + "=" + text + " is not a number");
        }
    }

    /** 1.0 prints as 1, 0.25 as 0.25: specs print back as users write them. */
    public static String format(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
