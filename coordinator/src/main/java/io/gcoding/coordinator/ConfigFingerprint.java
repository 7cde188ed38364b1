package io.gcoding.coordinator;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;
import io.gcoding.training.OptimizerSpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The settings of a {@link TrainingSpec} that shape a run's trajectory, by option name, and their SHA-256: a
 * checkpoint carries both, and a resume whose settings hash differently is refused with the first setting that
 * differs.
 *
 * <p>In the hash: the sessions (protocols in order, rounds per protocol, warm-up rounds: together they fix the
 * absolute round numbers, and mini-batch rows are drawn per absolute round), the coding (m, replication, ell,
 * assignment and the number of chunks it gives, ordering, Theta, mode, ignore-k), the model as resolved against
 * the data, the data (spec, rows, features, classes), mini-batch rows, the optimizer in canonical form, and the seed.
 * In approximate mode also the deadline, the error bound, the encode timeout and the injected stragglers, which
 * decide the state vectors and so the decoded gradient. Not in it: settings that change neither the model nor the
 * round numbering (evaluation interval, round timeout, metrics, output files), and in exact mode the stragglers and
 * the encode timeout, since exact decoding gives the same gradient whoever straggles.
 */
public record ConfigFingerprint(Map<String, String> settings) {

    public ConfigFingerprint {
        settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
    }

    /**
     * @param chunks the number of chunks of the coded assignment (N)
     */
    public static ConfigFingerprint of(TrainingSpec spec, ModelSpec model, TrainTest data, int chunks) {
        Map<String, String> s = new LinkedHashMap<>();
        s.put("protocol", ProtocolKind.labels(spec.protocols()));
        s.put("rounds", Integer.toString(spec.rounds()));
        s.put("warmup-rounds", Integer.toString(spec.warmupRounds()));
        s.put("workers", Integer.toString(spec.workers()));
        s.put("replication", Integer.toString(spec.replication()));
        s.put("ell", spec.ellText());
        if (spec.autoEll() != null) {
            s.put("upload-bandwidth", spec.autoEll().measured() ? "measured"
                    : io.gcoding.coding.KeyValueSpec.format(spec.uploadBandwidth()));
        }
        s.put("assignment", spec.assignment());
        s.put("chunks", Integer.toString(chunks));
        s.put("ordering", spec.ordering());
        s.put("theta", spec.theta());
        s.put("mode", spec.mode().name().toLowerCase(java.util.Locale.ROOT));
        s.put("ignore-k", Integer.toString(spec.ignoreFastest()));
        s.put("model", model.toString());
        s.put("dataset", spec.dataset());
        s.put("data", data.train().rows() + " train rows, " + data.test().rows() + " test rows, "
                + data.train().features() + " features, " + data.train().classes() + " classes");
        s.put("batch", Integer.toString(spec.batchRows()));
        s.put("optimizer", OptimizerSpec.parse(spec.optimizer()).text());
        s.put("seed", Long.toString(spec.seed()));
        if (spec.approximate()) {
            s.put("deadline", Double.toString(spec.deadlineSeconds()));
            s.put("error-bound", Double.toString(spec.errorBound()));
            s.put("encode-timeout", Double.toString(spec.encodeTimeout()));
            s.put("stragglers", spec.stragglers());
        }
        return new ConfigFingerprint(s);
    }

    /** SHA-256 of the settings, one {@code key=value} line each, in hex. */
    public String hash() {
        StringBuilder text = new StringBuilder();
        settings.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /**
     * Null when {@code saved} is the same configuration; otherwise one line naming the first setting that differs,
     * e.g. {@code --rounds is 50 here but 40 in the checkpoint}.
     */
    public String mismatch(ConfigFingerprint saved) {
        if (hash().equals(saved.hash())) {
            return null;
        }
        for (Map.Entry<String, String> e : settings.entrySet()) {
            String theirs = saved.settings.get(e.getKey());
            if (!e.getValue().equals(theirs)) {
                return name(e.getKey()) + " is " + quote(e.getValue()) + " here but "
                        + (theirs == null ? "not set" : quote(theirs)) + " in the checkpoint";
            }
        }
        for (String key : saved.settings.keySet()) {
            if (!settings.containsKey(key)) {
                return name(key) + " is " + quote(saved.settings.get(key)) + " in the checkpoint but not set here";
            }
        }
        return "the settings hash differently (" + hash() + " here, " + saved.hash() + " in the checkpoint)";
    }

    private static String name(String key) {
        return switch (key) {
            case "model" -> "the model (--model, --hidden, sized to the data)";
            case "data" -> "the data (--dataset, --data-dir)";
            case "chunks" -> "the number of chunks (--assignment)";
            default -> "--" + key;
        };
    }

    private static String quote(String value) {
        return value.isEmpty() ? "''" : value;
    }

    @Override
    public String toString() {
        return "ConfigFingerprint" + Arrays.toString(settings.entrySet().toArray()) + " sha256=" + hash();
    }
}
