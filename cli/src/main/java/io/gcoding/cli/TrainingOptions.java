package io.gcoding.cli;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coordinator.OffLoopListener;
import io.gcoding.coordinator.TrainingSpec;
import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The training options shared by {@code train}, {@code demo} and {@code coordinator} (a picocli mixin). Every option
 * is optional here; each command supplies its own defaults (the demo's are chosen to finish in about three minutes
 * on two cores), so one command's defaults never leak into another's.
 */
final class TrainingOptions {

    @Option(names = {"--workers", "-m"}, description = "Workers m (N = m chunks). Defaults: train 8, demo 8.")
    Integer workers;

    @Option(names = {"--replication", "-r"}, description = "Workers per chunk for partial and original."
            + " Defaults: train 3, demo 2.")
    Integer replication;

    @Option(names = "--ell", paramLabel = "ELL|auto[:MAX]", description = "Communication parameter ell (uploads"
            + " have length d/ell), or auto: the coordinator chooses ell per round in 1..replication (auto:MAX:"
            + " 1..MAX) to minimise the expected round time from the measured worker speeds and the upload cost"
            + " (--upload-bandwidth, or measured from the uploads), and announces it with RoundStart; exact mode,"
            + " static orders, partial protocol. Default: 1.")
    String ell;

    @Option(names = "--upload-bandwidth", paramLabel = "BYTES_PER_S", description = "With --ell auto: one worker's"
            + " upload bandwidth in bytes per second (an upload of ceil(d/ell) doubles costs 8 ceil(d/ell) / B"
            + " seconds). Default: measured from the recent uploads (bytes over ENCODE-to-arrival time).")
    Double uploadBandwidth;

    @Option(names = "--assignment", description = "Chunk assignment of the coded protocols: cyclic | frc | regular"
            + " | csv:PATH (the same parser as simulate). Default: cyclic.")
    String assignment;

    @Option(names = "--ordering", description = "Chunk orders: natural | random | optimal | adaptive | csv:PATH (the"
            + " same parser as simulate; optimal minimises Q_max for ell; adaptive starts from optimal and re-orders"
            + " each round from the measured speeds, announced with RoundStart). Default: optimal.")
    String ordering;

    @Option(names = "--mode", description = "exact | approx. Default: exact.")
    String mode;

    @Option(names = "--deadline", description = "Approximate mode: seconds after the round start. Default: 1.0.")
    Double deadline;

    @Option(names = "--error-bound", description = "Approximate mode: encode early once E(s) <= this. Default: 0.")
    Double errorBound;

    @Option(names = "--protocol", description = "partial | original | complete-cover | uncoded | ignore-stragglers"
            + " (or ignore) | all, or a comma-separated list. Defaults: train partial, demo partial,original,uncoded.")
    String protocol;

    @Option(names = "--model", description = "softmax | mlp | logistic | linear. Default: softmax.")
    String model;

    @Option(names = "--hidden", split = ",", description = "MLP hidden widths, e.g. 128 or 256,128. Default: 128.")
    int[] hidden;

    @Option(names = "--dataset", description = "fashion-mnist | fashion-mnist:rows=N | libsvm:PATH[,TEST] |"
            + " synthetic[:rows=..,features=..,classes=..]. Default: fashion-mnist.")
    String dataset;

    @Option(names = "--data-dir", description = "Directory with the Fashion-MNIST IDX files (default:"
            + " /usr/share/datasets/fashion-mnist).")
    Path dataDir;

    @Option(names = "--rounds", description = "Rounds per protocol. Defaults: train 100, demo 40.")
    Integer rounds;

    @Option(names = "--batch", description = "Rows per chunk per round (mini-batch); 0 = whole chunks."
            + " Defaults: train 0, demo 0.")
    Integer batch;

    @Option(names = "--optimizer", description = "sgd:lr=..,momentum=.. | adam:lr=.. Default: adam:lr=0.01.")
    String optimizer;

    @Option(names = "--stragglers", description = "Injected stragglers, e.g. 'slow=2:3,5:6;fail=7@3;jitter=0.01'"
            + " (slowdown factors, failure rounds counted from each protocol's first round). Defaults: train none,"
            + " demo 'slow=2:10,5:10;fail=7@5'.")
    String stragglers;

    @Option(names = "--seed", description = "Seed of data, split, batches, initial model. Default: 1.")
    Long seed;

    @Option(names = "--eval-every", description = "Test-set evaluation every K rounds (and after the last)."
            + " Default: 10.")
    Integer evalEvery;

    @Option(names = "--theta", description = "Decoding matrix: chebyshev | gaussian:SEED. Default: chebyshev.")
    String theta;

    @Option(names = "--encode-timeout", description = "Seconds a worker has to upload after ENCODE before it is"
            + " declared dead for the round. Default: 10.")
    Double encodeTimeout;

    @Option(names = "--round-timeout", description = "Seconds a round may take before the run fails with a message"
            + " naming the workers and chunks it waited for. Default: 600.")
    Double roundTimeout;

    @Option(names = "--join-timeout", description = "Seconds to wait for every worker to connect; then a session"
            + " starts without the missing ones if its protocol tolerates their absence, or the run fails naming them."
            + " Default: 120.")
    Double joinTimeout;

    @Option(names = "--liveness", description = "Seconds without any message (progress, upload or the heartbeat"
            + " every worker sends each second) after which a connected worker is dead for the round. Default: 10.")
    Double liveness;

    @Option(names = "--ignore-k", description = "k of the ignore-stragglers baseline (0: m - (replication - ell))."
            + " Default: 0.")
    Integer ignoreK;

    @Option(names = "--warmup-rounds", description = "Rounds of an unrecorded warm-up session before each"
            + " protocol's session (the same protocol, no stragglers), so JIT compilation of its code paths does not"
            + " count against its recorded rounds. Default: 3.")
    Integer warmupRounds;

    @Option(names = "--json", description = "Write the results as JSON to this file.")
    Path json;

    @Option(names = "--worker-heap", description = "Heap of each local worker process (train, demo), e.g. 2g or"
            + " 768m; auto: three times the dataset (train and test, dense doubles) plus 256 MB. Default: auto.")
    String workerHeap;

    @Option(names = "--report", paramLabel = "DIR", description = "Write an HTML report into this directory when the"
            + " run ends: index.html (self-contained) with PNG plots of loss and accuracy against wall time, round"
            + " timelines, straggler statistics and condition numbers, and summary.json.")
    Path report;

    @Option(names = "--view", paramLabel = "MODE", description = "Per-round view on stderr: auto (a terminal gets"
            + " one line per worker, redrawn each round; a log or pipe one summary line per round) | live | lines"
            + " | off. Default: auto.")
    LiveView.Mode view;

    @Option(names = "--checkpoint-dir", description = "Write checkpoints here (model, optimizer state, rounds done,"
            + " evaluations; the newest two are kept), every --checkpoint-every rounds and at the end of each protocol.")
    Path checkpointDir;

    @Option(names = "--checkpoint-every", description = "Rounds between checkpoints within a protocol (0: only at"
            + " the end of each protocol). Default: 10.")
    Integer checkpointEvery;

    @Option(names = "--resume", description = "Continue from the newest valid checkpoint in --checkpoint-dir:"
            + " finished protocols are skipped, the current one continues at its next round. The settings must be"
            + " those of the checkpointed run.")
    boolean resume;

    /** The checkpoint options, checked; null when no checkpoint directory is given. */
    TrainingLauncher.Checkpoints checkpoints() {
        if (checkpointDir == null) {
            if (resume) {
                throw new IllegalArgumentException("--resume needs --checkpoint-dir DIR (where the checkpoints are)");
            }
            if (checkpointEvery != null) {
                throw new IllegalArgumentException("--checkpoint-every needs --checkpoint-dir DIR");
            }
            return null;
        }
        int every = checkpointEvery == null ? 10 : checkpointEvery;
        if (every < 0) {
            throw new IllegalArgumentException("--checkpoint-every must be >= 0, got " + every);
        }
        return new TrainingLauncher.Checkpoints(checkpointDir, every, resume);
    }

    /** Builds the spec, taking each unset option from {@code defaults} (keys are the option names without --). */
    TrainingSpec toSpec(Map<String, Object> defaults) {
        Json.requireWritable("--json", json);
        requireReportDirectory();
        return TrainingSpec.builder().workers(pick(workers, defaults, "workers", 8))
                .replication(pick(replication, defaults, "replication", 3)).ell(pick(ell, defaults, "ell", "1"))
                .uploadBandwidth(uploadBandwidth == null ? Double.NaN : uploadBandwidth)
                .assignment(pick(assignment, defaults, "assignment", "cyclic"))
                .ordering(pick(ordering, defaults, "ordering", "optimal"))
                .mode(TrainingSpec.Mode.parse(pick(mode, defaults, "mode", "exact")))
                .deadline(pick(deadline, defaults, "deadline", 1.0))
                .errorBound(pick(errorBound, defaults, "error-bound", 0.0))
                .protocols(ProtocolKind.parseList(pick(protocol, defaults, "protocol", "partial")))
                .model(pick(model, defaults, "model", "softmax")).hidden(hidden)
                .dataset(pick(dataset, defaults, "dataset", "fashion-mnist"))
                .rounds(pick(rounds, defaults, "rounds", 100)).batch(pick(batch, defaults, "batch", 0))
                .optimizer(pick(optimizer, defaults, "optimizer", "adam:lr=0.01"))
                .stragglers(pick(stragglers, defaults, "stragglers", "")).seed(pick(seed, defaults, "seed", 1L))
                .evalEvery(pick(evalEvery, defaults, "eval-every", 10)).theta(pick(theta, defaults, "theta", "chebyshev"))
                .encodeTimeout(pick(encodeTimeout, defaults, "encode-timeout", 10.0))
                .roundTimeout(pick(roundTimeout, defaults, "round-timeout", 600.0))
                .joinTimeout(pick(joinTimeout, defaults, "join-timeout", 120.0))
                .livenessTimeout(pick(liveness, defaults, "liveness", 10.0))
                .ignoreK(pick(ignoreK, defaults, "ignore-k", 0))
                .warmupRounds(pick(warmupRounds, defaults, "warmup-rounds", 3)).build();
    }

    /**
     * The live view {@code --view} asks for, on stderr, drawn on a thread of its own (off the coordinator loop); a
     * view redrawn in place skips rounds it has fallen behind on. Close it when the run is over.
     */
    OffLoopListener liveView() {
        LiveView live = LiveView.onStderr(view == null ? LiveView.Mode.AUTO : view);
        return new OffLoopListener(live, live.mode() == LiveView.Mode.LIVE);
    }

    /** Checked before any work: a long run must not end by failing to write its report. */
    private void requireReportDirectory() {
        if (report == null) {
            return;
        }
        Path existing = report.toAbsolutePath();
        while (existing != null && !java.nio.file.Files.exists(existing)) {
            existing = existing.getParent();
        }
        String problem = existing == null ? "has no existing parent"
                : !java.nio.file.Files.isDirectory(existing) ? "is (or is inside) a file, not a directory"
                : !java.nio.file.Files.isWritable(existing) ? "is in a directory this user cannot write" : null;
        if (problem != null) {
            throw new io.gcoding.coding.ConfigurationException("--report " + report + " " + problem
                    + ": give a directory that exists or can be created");
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> T pick(T value, Map<String, Object> defaults, String key, T fallback) {
        if (value != null) {
            return value;
        }
        Object d = defaults.get(key);
        return d == null ? fallback : (T) d;
    }
}
