package io.gcoding.cli;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A YAML config file ({@code --config FILE}) read onto a command's own picocli options: the file's sections group
 * option names (without {@code --}); each leaf becomes the option's default, so the command line overrides the file
 * and picocli converts and checks values exactly as it does for flags. An unknown section or key, or a value of the
 * wrong kind, is one {@link ConfigFileException} line naming the file and the key path. One file can serve a whole
 * cluster run: a known key that is an option of another command (the coordinator's {@code cluster.listen} read by a
 * worker) is skipped, and named in {@link Values#skipped()}.
 */
final class ConfigFile {

    /**
     * The sections and the option names each holds: the one table behind key paths (every option of train, demo and
     * coordinator is in exactly one section, which a test checks).
     */
    static final Map<String, List<String>> SECTIONS = sections(
            "cluster", List.of("workers", "listen", "token", "join-timeout", "liveness", "encode-timeout",
                    "round-timeout", "metrics-port", "metrics-host", "token-file", "tls-cert", "tls-key", "tls-client-ca",
                    "tls-ca", "worker-heap"),
            "coding", List.of("protocol", "replication", "ell", "assignment", "ordering", "theta", "mode", "deadline",
                    "error-bound", "ignore-k", "upload-bandwidth"),
            "training", List.of("dataset", "data-dir", "model", "hidden", "rounds", "batch", "optimizer", "seed",
                    "eval-every", "warmup-rounds", "stragglers"),
            "output", List.of("json", "report", "view", "checkpoint-dir", "checkpoint-every", "resume"),
            "worker", List.of("coordinator", "id", "workers-on-machine", "replacement", "max-message-mb",
                    "reconnect-timeout", "compute-nice"));

    /** The options a config file cannot set: the file itself, help/version, and the local cluster's own. */
    static final List<String> NOT_IN_FILES = List.of("config", "help", "version", "exit-with-parent");

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    /** A problem with a config file: one line, with the file and the key path. */
    static final class ConfigFileException extends IllegalArgumentException {
        ConfigFileException(String message) {
            super(message);
        }
    }

    private ConfigFile() {
    }

    /**
     * What a file sets for one command.
     *
     * @param options option name (with {@code --}) to the value as picocli would read it from the command line
     * @param skipped key paths of options of other commands, which this command ignores
     */
    record Values(Map<String, String> options, List<String> skipped) {
        Values {
            options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
            skipped = List.copyOf(skipped);
        }
    }

    /** Reads {@code file} against {@code command}'s options. */
    static Values read(Path file, CommandSpec command) {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new ConfigFileException(file + ": no such file");
        }
        JsonNode root;
        try {
            root = YAML.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            String where = e.getLocation() == null ? "" : String.format(Locale.ROOT, "line %d, column %d: ",
                    e.getLocation().getLineNr(), e.getLocation().getColumnNr());
            throw new ConfigFileException(file + ": " + where + firstLine(e.getOriginalMessage())
                    + " (not valid YAML; 'gcoding config --example' prints a valid file)");
        } catch (IOException e) {
            throw new ConfigFileException(file + ": cannot read it: " + e.getMessage());
        }
        return values(file.toString(), root, command);
    }

    /** The values of a parsed YAML tree ({@code name} says where it came from, in messages). */
    static Values values(String name, JsonNode root, CommandSpec command) {
        Map<String, String> out = new LinkedHashMap<>();
        List<String> skipped = new java.util.ArrayList<>();
        if (root == null || root.isMissingNode() || root.isNull()) {
            return new Values(out, skipped); // an empty file sets nothing
        }
        if (!root.isObject()) {
            throw new ConfigFileException(name + ": expected sections (" + String.join(", ", SECTIONS.keySet())
                    + "), got " + describe(root));
        }
        for (Iterator<Map.Entry<String, JsonNode>> s = root.fields(); s.hasNext();) {
            Map.Entry<String, JsonNode> section = s.next();
            List<String> keys = SECTIONS.get(section.getKey());
            if (keys == null) {
                throw new ConfigFileException(name + ": " + section.getKey() + ": unknown section (sections: "
                        + String.join(", ", SECTIONS.keySet()) + ")");
            }
            if (section.getValue().isNull()) {
                continue; // a section with every key commented out
            }
            if (!section.getValue().isObject()) {
                throw new ConfigFileException(name + ": " + section.getKey() + ": expected keys (" + String.join(", ",
                        keys) + "), got " + describe(section.getValue()));
            }
            for (Iterator<Map.Entry<String, JsonNode>> k = section.getValue().fields(); k.hasNext();) {
                Map.Entry<String, JsonNode> key = k.next();
                String path = section.getKey() + "." + key.getKey();
                if (!keys.contains(key.getKey())) {
                    throw new ConfigFileException(name + ": " + path + ": unknown key (keys of " + section.getKey()
                            + ": " + String.join(", ", keys) + ")");
                }
                OptionSpec option = command.findOption("--" + key.getKey());
                if (option == null) {
                    skipped.add(path); // known (a section lists it) but another command's
                    continue;
                }
                if (!key.getValue().isNull()) { // "key:" with no value leaves the option unset
                    out.put(option.longestName(), text(name, path, option, key.getValue()));
                }
            }
        }
        return new Values(out, skipped);
    }

    /** The value as its command-line text, after checking that it is of the option's kind. */
    private static String text(String name, String path, OptionSpec option, JsonNode v) {
        Class<?> type = option.type();
        String problem;
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            problem = v.isIntegralNumber() ? null : "expected an integer";
        } else if (type == double.class || type == Double.class) {
            problem = v.isNumber() ? null : "expected a number";
        } else if (type == boolean.class || type == Boolean.class) {
            problem = v.isBoolean() ? null : "expected true or false";
        } else if (type == int[].class) {
            if (v.isIntegralNumber()) {
                return v.asText();
            }
            if (v.isArray() && v.size() > 0 && all(v)) {
                StringBuilder sb = new StringBuilder();
                v.forEach(e -> sb.append(sb.length() == 0 ? "" : ",").append(e.asText()));
                return sb.toString();
            }
            problem = "expected an integer or a list of integers";
        } else if (type.isEnum()) {
            List<String> names = Arrays.stream(type.getEnumConstants()).map(c -> c.toString().toLowerCase(Locale.ROOT))
                    .toList();
            problem = v.isTextual() && names.contains(v.asText().toLowerCase(Locale.ROOT)) ? null
                    : "expected one of " + String.join(", ", names);
        } else {
            problem = v.isValueNode() ? null : "expected a single value";
        }
        if (problem != null) {
            throw new ConfigFileException(name + ": " + path + ": " + problem + ", got " + describe(v));
        }
        return v.asText();
    }

    private static boolean all(JsonNode array) {
        for (JsonNode e : array) {
            if (!e.isIntegralNumber()) {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonNode v) {
        if (v.isTextual()) {
            return "\"" + v.asText() + "\"";
        }
        if (v.isObject()) {
            return "a mapping";
        }
        if (v.isArray()) {
            return "a list";
        }
        return v.toString();
    }

    private static String firstLine(String s) {
        return s == null ? "unreadable" : s.lines().findFirst().orElse("").trim();
    }

    private static Map<String, List<String>> sections(Object... pairs) {
        Map<String, List<String>> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            @SuppressWarnings("unchecked")
            List<String> keys = (List<String>) pairs[i + 1];
            m.put((String) pairs[i], keys);
        }
        return java.util.Collections.unmodifiableMap(m);
    }
}
