package io.gcoding.data;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code key=value,key=value} option lists of dataset and optimizer specs. Every lookup removes the key, so
 * {@link #rejectUnknown()} can name the options nobody asked for (usually a typo).
 */
public final class Options {
    private final String context;
    private final Map<String, String> values = new LinkedHashMap<>();
    private final Set<String> known = new TreeSet<>();

    /**
     * @param context what is being parsed, for messages (e.g. {@code synthetic})
     * @param text    the list, possibly empty
     */
    public Options(String context, String text) {
        this.context = context;
        if (text == null || text.isBlank()) {
            return;
        }
        for (String part : text.split(",")) {
            String p = part.trim();
            int eq = p.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException(context + ": option '" + p + "' is not key=value");
            }
            String key = p.substring(0, eq).trim();
            if (values.put(key, p.substring(eq + 1).trim()) != null) {
                throw new IllegalArgumentException(context + ": option '" + key + "' given twice");
            }
        }
    }

    public String string(String key, String fallback) {
        known.add(key);
        String v = values.remove(key);
        return v == null ? fallback : v;
    }

    public int integer(String key, int fallback, int min) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": " + key + "=" + v + " is not an integer");
        }
        if (parsed < min) {
            throw new IllegalArgumentException(context + ": " + key + " must be >= " + min + ", got " + parsed);
        }
        return parsed;
    }

    /** A finite number in [min, max) (or [min, max] when {@code maxInclusive}). */
    public double number(String key, double fallback, double min, double max, boolean maxInclusive) {
        String v = string(key, null);
        if (v == null) {
            return fallback;
        }
        double parsed;
        try {
            parsed = Double.parseDouble(v);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(context + ": " + key + "=" + v + " is not a number");
        }
        boolean inRange = Double.isFinite(parsed) && parsed >= min && (maxInclusive ? parsed <= max : parsed < max);
        if (!inRange) {
            throw new IllegalArgumentException(context + ": " + key + " must be in [" + min + ", " + max
                    + (maxInclusive ? "]" : ")") + ", got " + v);
        }
        return parsed;
    }

    /** A finite number > 0. */
    public double positive(String key, double fallback) {
        double v = number(key, fallback, 0.0, Double.MAX_VALUE, true);
        if (v <= 0) {
            throw new IllegalArgumentException(context + ": " + key + " must be > 0, got " + v);
        }
        return v;
    }

    public void rejectUnknown() {
        if (!values.isEmpty()) {
            throw new IllegalArgumentException(context + ": unknown option" + (values.size() > 1 ? "s " : " ")
                    + values.keySet() + " (valid: " + String.join(", ", known) + ")");
        }
    }
}
