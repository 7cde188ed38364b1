package io.gcoding.coordinator;

import java.util.List;
import java.util.Locale;

/**
 * Everything a training run is asked to do, as the {@code train}/{@code demo}/{@code coordinator} commands collect
 * it. Validated here so that a bad combination fails before any process is started.
 *
 * @param workers         m
 * @param replication     workers per chunk for the coded protocols (partial, original)
 * @param ell             communication parameter (coded protocols; uncoded and ignore always use 1)
 * @param approximate     approximate (deadline) mode instead of exact
 * @param deadlineSeconds approximate mode: the deadline after the round start
 * @param errorBound      approximate mode: encode early once E(s) is at most this (0: only at the deadline)
 * @param protocols       protocols to run, one session each, in this order
 * @param model           linear | logistic | softmax | mlp
 * @param hidden          MLP hidden widths
 * @param dataset         DatasetSpec text
 * @param rounds          rounds per protocol
 * @param batchRows       rows per chunk per round (0 = whole chunks)
 * @param optimizer       Optimizers spec, e.g. {@code adam:lr=0.01}
 * @param stragglers      StragglerProfile text ("" = none)
 * @param seed            seed of data, split, mini-batches, model initialisation and Theta
 * @param evalEvery       evaluate on the test set every K rounds (and after the last)
 * @param theta           {@code chebyshev} or {@code gaussian:SEED}
 * @param encodeTimeout   seconds a worker has to upload after ENCODE before it is dead for the round
 * @param ignoreFastest   k for the ignore-stragglers baseline (0 = m - (replication - ell))
 * @param warmupRounds    rounds of an unrecorded session (partial, no stragglers) run first, so that JIT
 *                        compilation in the m + 1 JVMs does not count against whichever protocol runs first
 */
public record TrainingSpec(int workers, int replication, int ell, boolean approximate, double deadlineSeconds,
        double errorBound, List<String> protocols, String model, int[] hidden, String dataset, int rounds,
        int batchRows, String optimizer, String stragglers, long seed, int evalEvery, String theta,
        double encodeTimeout, int ignoreFastest, int warmupRounds) {

    public static final List<String> ALL_PROTOCOLS = List.of("partial", "original", "uncoded", "ignore");

    public TrainingSpec {
        if (workers < 1) {
            throw new IllegalArgumentException("--workers must be >= 1, got " + workers);
        }
        if (replication < 1 || replication > workers) {
            throw new IllegalArgumentException("--replication must be in 1.." + workers + ", got " + replication);
        }
        if (ell < 1 || ell > replication) {
            throw new IllegalArgumentException("--ell must be in 1..replication = 1.." + replication + ", got " + ell);
        }
        if (rounds < 1) {
            throw new IllegalArgumentException("--rounds must be >= 1, got " + rounds);
        }
        if (approximate && !(deadlineSeconds > 0)) {
            throw new IllegalArgumentException("approximate mode needs --deadline > 0 seconds");
        }
        if (protocols == null || protocols.isEmpty()) {
            throw new IllegalArgumentException("no protocol given");
        }
        for (String p : protocols) {
            if (!ALL_PROTOCOLS.contains(p)) {
                throw new IllegalArgumentException("unknown protocol '" + p + "' (partial, original, uncoded, ignore"
                        + " or all)");
            }
        }
        protocols = List.copyOf(protocols);
        model = model.toLowerCase(Locale.ROOT);
        hidden = hidden == null ? new int[0] : hidden.clone();
        if (batchRows < 0 || evalEvery < 0 || ignoreFastest < 0 || warmupRounds < 0 || !(encodeTimeout > 0)) {
            throw new IllegalArgumentException("--batch, --eval-every and --ignore-k must be >= 0 and the encode"
                    + " timeout > 0");
        }
        if (ignoreFastest > workers) {
            throw new IllegalArgumentException("--ignore-k must be at most m = " + workers);
        }
        stragglers = stragglers == null ? "" : stragglers;
    }

    /** Parses {@code all} or a comma-separated list. */
    public static List<String> parseProtocols(String text) {
        if (text.equals("all")) {
            return ALL_PROTOCOLS;
        }
        return List.of(text.split(","));
    }

    /** The unrecorded warm-up: the same run with partial only, no stragglers, {@code warmupRounds} rounds. */
    public TrainingSpec warmup() {
        return new TrainingSpec(workers, replication, ell, approximate, deadlineSeconds, errorBound, List.of("partial"),
                model, hidden, dataset, Math.max(1, warmupRounds), batchRows, optimizer, "", seed, 0, theta,
                encodeTimeout, ignoreFastest, 0);
    }

    /** Stragglers the coded protocols tolerate: s = replication - ell. */
    public int tolerated() {
        return replication - ell;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }
}
