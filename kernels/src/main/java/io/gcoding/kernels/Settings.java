package io.gcoding.kernels;

import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Where configuration comes from: a system property first, then an environment variable. Injected so that selection
 * and thread-count logic can be tested without mutating the JVM's real properties or environment.
 *
 * @param properties lookup of system properties (returns null when unset)
 * @param environment lookup of environment variables (returns null when unset)
 */
public record Settings(UnaryOperator<String> properties, UnaryOperator<String> environment) {

    public Settings {
        Objects.requireNonNull(properties, "properties");
        Objects.requireNonNull(environment, "environment");
    }

    /** The JVM's system properties and the process environment. */
    public static Settings system() {
        return new Settings(System::getProperty, System::getenv);
    }

    /**
     * The value of {@code -D<property>} if set and not blank, else of the environment variable, else null.
     *
     * @return a {@link Value} naming where it came from (for error messages), or null
     */
    public Value get(String property, String envVariable) {
        String fromProperty = properties.apply(property);
        if (fromProperty != null && !fromProperty.isBlank()) {
            return new Value(fromProperty.trim(), "-D" + property);
        }
        String fromEnv = environment.apply(envVariable);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new Value(fromEnv.trim(), envVariable);
        }
        return null;
    }

    /**
     * A configured value and its source.
     *
     * @param value  trimmed, non-blank
     * @param source {@code -Dname} or the environment variable's name
     */
    public record Value(String value, String source) {
        @Override
        public String toString() {
            return source + "=" + value;
        }
    }
}
