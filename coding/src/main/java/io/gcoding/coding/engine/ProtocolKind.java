package io.gcoding.coding.engine;

import io.gcoding.coding.ConfigurationException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The protocols of PROTOCOL.md §5, each mapped to how it plays a round: which data layout it uses, which progress
 * counts, what it waits for, when workers upload, and whether the decoded gradient is rescaled. This enum is the
 * only list of protocols in the code base: the simulator, the coordinator, the worker and the command line all read
 * it.
 *
 * <p>References: partial (Ramamoorthy, Meng, Girimaji, "Leveraging partial stragglers within gradient coding",
 * NeurIPS 2024); original (Tandon, Lei, Dimakis, Karampatziakis, "Gradient coding", ICML 2017, and for ell > 1 Ye and
 * Abbe, "Communication-computation efficient gradient coding", ICML 2018); ignore-stragglers (synchronous SGD with
 * backup workers, Chen et al. 2016).
 */
public enum ProtocolKind {
    /** Ours: every finished chunk counts; ENCODE at the first ell-covering state (or the deadline). */
    PARTIAL("partial", Layout.CODED, Counting.EVERY_CHUNK, Wait.COVERAGE, UploadRule.ON_ENCODE, false),
    /**
     * The fastest m - s workers that finished ALL their chunks, s = min replication - ell. In exact mode with ell = 1
     * its workers upload on completion with Tandon et al.'s fixed code ({@link io.gcoding.coding.FixedCode}), as
     * their implementation does; otherwise ({@link RoundRule#uploadRule()}) through ENCODE: in approximate mode the
     * deadline's state is then decoded optimally, and for ell > 1 Ye and Abbe's fixed code is not implemented.
     */
    ORIGINAL("original", Layout.CODED, Counting.COMPLETE_WORKERS, Wait.FASTEST_M_MINUS_S, UploadRule.ON_COMPLETION,
            false),
    /** The earliest state at which the fully finished workers are ell-covering (the strongest classic variant). */
    COMPLETE_COVER("complete-cover", Layout.CODED, Counting.COMPLETE_WORKERS, Wait.COVERAGE, UploadRule.ON_ENCODE,
            false),
    /** No replication, each chunk on one worker, wait for every worker; uploads as soon as a worker is done. */
    UNCODED("uncoded", Layout.UNCODED, Counting.COMPLETE_WORKERS, Wait.ALL, UploadRule.ON_COMPLETION, false),
    /** Uncoded, the fastest k workers, gradient rescaled by N / (chunks used): approximate by construction. */
    IGNORE_STRAGGLERS("ignore-stragglers", Layout.UNCODED, Counting.COMPLETE_WORKERS, Wait.FASTEST_K,
            UploadRule.ON_COMPLETION, true),
    /**
     * The earliest instant at which the chunk finish times give ell-coverage, with zero latency: the physical limit,
     * computed from the finish times ({@code OracleTime}), never run as a round.
     */
    ORACLE("oracle", Layout.CODED, Counting.EVERY_CHUNK, Wait.COVERAGE, UploadRule.ON_ENCODE, false);

    /** Where the chunks live. */
    public enum Layout {
        /** The configured assignment (replication r), the configured ell. */
        CODED,
        /** The same N chunks, each on exactly one worker, ell = 1 ({@code Assignments.uncoded}). */
        UNCODED
    }

    /** Which progress moves the state vector. */
    public enum Counting {
        /** Every finished chunk (s_j grows chunk by chunk). */
        EVERY_CHUNK,
        /** A worker counts only once it has finished all its chunks (s_j jumps from 0 to delta_j). */
        COMPLETE_WORKERS
    }

    /** What the round waits for before it decodes. */
    public enum Wait {
        /** Every chunk ell-covered (exact), or E(s) at most the error bound (approximate). */
        COVERAGE,
        /** m - s complete workers. */
        FASTEST_M_MINUS_S,
        /** Every worker of the layout complete. */
        ALL,
        /** k complete workers (k configurable; default m - s). */
        FASTEST_K
    }

    /** When a worker sends its encoded vector. */
    public enum UploadRule {
        /** After the PS's ENCODE(t, v, s): two round trips, coefficients from the state s. */
        ON_ENCODE,
        /**
         * As soon as the worker has finished all its chunks, with coefficients known in advance (one round trip, as
         * the baselines' own implementations do): the fixed code of {@link io.gcoding.coding.FixedCode}. For a
         * protocol on the coded layout this is what it prefers; {@link RoundRule#uploadRule()} says what it gets.
         */
        ON_COMPLETION
    }

    private final String label;
    private final Layout layout;
    private final Counting counting;
    private final Wait wait;
    private final UploadRule uploadRule;
    private final boolean rescale;

    ProtocolKind(String label, Layout layout, Counting counting, Wait wait, UploadRule uploadRule, boolean rescale) {
        this.label = label;
        this.layout = layout;
        this.counting = counting;
        this.wait = wait;
        this.uploadRule = uploadRule;
        this.rescale = rescale;
    }

    /** The name in options, tables and JSON. */
    public String label() {
        return label;
    }

    public Layout layout() {
        return layout;
    }

    public Counting counting() {
        return counting;
    }

    public Wait waitRule() {
        return wait;
    }

    public UploadRule uploadRule() {
        return uploadRule;
    }

    /** Multiply the decoded gradient by N / (chunks used). */
    public boolean rescales() {
        return rescale;
    }

    /** Whether decoding is exact in exact mode (every protocol except ignore-stragglers). */
    public boolean decodesExactly() {
        return !rescale;
    }

    /** Whether the protocol is played as rounds (by the simulator and the runtime); the oracle is not. */
    public boolean runsRounds() {
        return this != ORACLE;
    }

    /** Whether approx mode reports an error per deadline for it (the protocols that can stop early). */
    public boolean inApproxMode() {
        return this == PARTIAL || this == ORIGINAL || this == IGNORE_STRAGGLERS;
    }

    /** The protocols a training run can play, in the order {@code all} runs them. */
    public static List<ProtocolKind> trainable() {
        List<ProtocolKind> out = new ArrayList<>();
        for (ProtocolKind k : values()) {
            if (k.runsRounds()) {
                out.add(k);
            }
        }
        return out;
    }

    /** By label; {@code ignore} is accepted for ignore-stragglers (its name in earlier versions). */
    public static ProtocolKind byLabel(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        if (t.equals("ignore")) {
            return IGNORE_STRAGGLERS;
        }
        for (ProtocolKind k : values()) {
            if (k.label.equals(t)) {
                return k;
            }
        }
        throw new ConfigurationException("unknown protocol '" + text + "' (" + labels(List.of(values())) + ")");
    }

    /** {@code all} (every trainable protocol) or a comma-separated list of labels, without repeats. */
    public static List<ProtocolKind> parseList(String text) {
        if (text.trim().equalsIgnoreCase("all")) {
            return trainable();
        }
        List<ProtocolKind> out = new ArrayList<>();
        for (String part : text.split(",")) {
            ProtocolKind k = byLabel(part);
            if (!k.runsRounds()) {
                throw new ConfigurationException("'" + k.label + "' is a bound computed by the simulator, not a"
                        + " protocol that can train (choose from " + labels(trainable()) + ")");
            }
            if (out.contains(k)) {
                throw new ConfigurationException("protocol '" + k.label + "' is listed twice");
            }
            out.add(k);
        }
        return out;
    }

    public static String labels(List<ProtocolKind> kinds) {
        StringBuilder b = new StringBuilder();
        for (ProtocolKind k : kinds) {
            b.append(b.length() == 0 ? "" : ", ").append(k.label);
        }
        return b.toString();
    }
}
