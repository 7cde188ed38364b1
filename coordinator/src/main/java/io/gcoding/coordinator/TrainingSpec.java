package io.gcoding.coordinator;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.Assignments;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.OrderingSpec;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.sim.TraceSchedule;
import io.gcoding.training.Optimizers;
import io.gcoding.training.inject.StragglerProfile;
import java.util.List;
import java.util.Locale;

/**
 * Everything a training run is asked to do, as the {@code train}/{@code demo}/{@code coordinator} commands collect
 * it; built with {@link #builder()} and validated in {@link Builder#build()}, so that a bad combination fails before
 * any process is started. Immutable.
 */
public final class TrainingSpec {

    /** Exact decoding, or approximate with a deadline. */
    public enum Mode {
        EXACT, APPROX;

        public static Mode parse(String text) {
            return switch (text == null ? "" : text.trim().toLowerCase(Locale.ROOT)) {
                case "exact" -> EXACT;
                case "approx" -> APPROX;
                default -> throw new ConfigurationException("--mode must be exact or approx, got " + text);
            };
        }
    }

    private final Builder b;

    private TrainingSpec(Builder b) {
        this.b = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this spec's values, to derive a variant. */
    public Builder toBuilder() {
        return b.copy();
    }

    /** m. */
    public int workers() {
        return b.workers;
    }

    /** Workers per chunk for the coded protocols. */
    public int replication() {
        return b.replication;
    }

    /**
     * Communication parameter of the coded protocols (uncoded layouts use 1); with {@code --ell auto} the first
     * round's, 1.
     */
    public int ell() {
        return b.autoEll ? 1 : b.ell;
    }

    /** {@code --ell auto}: ell per round, or null for one ell every round. */
    public SessionPlan.AutoEll autoEll() {
        return b.autoEll ? new SessionPlan.AutoEll(b.autoEllMax == 0 ? b.replication : b.autoEllMax,
                b.uploadBandwidth) : null;
    }

    /** {@code --ell} as given: a number, {@code auto} or {@code auto:MAX}. */
    public String ellText() {
        return b.autoEll ? "auto" + (b.autoEllMax == 0 ? "" : ":" + b.autoEllMax) : Integer.toString(b.ell);
    }

    /** {@code --upload-bandwidth} in bytes per second, NaN when measured (or not {@code --ell auto}). */
    public double uploadBandwidth() {
        return b.uploadBandwidth;
    }

    /** {@code cyclic}, {@code frc}, {@code regular} or {@code csv:PATH} (as in {@code simulate}). */
    public String assignment() {
        return b.assignment;
    }

    /** {@code natural}, {@code random}, {@code optimal} or {@code csv:PATH} (as in {@code simulate}). */
    public String ordering() {
        return b.ordering;
    }

    public Mode mode() {
        return b.mode;
    }

    public boolean approximate() {
        return b.mode == Mode.APPROX;
    }

    /** Approximate mode: seconds after the round start. */
    public double deadlineSeconds() {
        return b.deadline;
    }

    /** Approximate mode: encode early once E(s) is at most this (0: only at the deadline). */
    public double errorBound() {
        return b.errorBound;
    }

    /** Protocols to run, one session each, in this order. */
    public List<ProtocolKind> protocols() {
        return b.protocols;
    }

    /** linear | logistic | softmax | mlp. */
    public String model() {
        return b.model;
    }

    public int[] hidden() {
        return b.hidden.clone();
    }

    public String dataset() {
        return b.dataset;
    }

    public int rounds() {
        return b.rounds;
    }

    /** Rows per chunk per round (0 = whole chunks). */
    public int batchRows() {
        return b.batch;
    }

    public String optimizer() {
        return b.optimizer;
    }

    /** Injected straggler profile ("" = none). */
    public String stragglers() {
        return b.stragglers;
    }

    /** Seed of data, split, mini-batches, model initialisation, Theta and the seeded assignments/orderings. */
    public long seed() {
        return b.seed;
    }

    public int evalEvery() {
        return b.evalEvery;
    }

    public String theta() {
        return b.theta;
    }

    /** Seconds a worker has to upload after ENCODE before it is dead for the round. */
    public double encodeTimeout() {
        return b.encodeTimeout;
    }

    /** Seconds a round may take before the run fails with a message naming whom it waited for. */
    public double roundTimeout() {
        return b.roundTimeout;
    }

    /** Seconds to wait for every worker to connect before a session starts without the missing ones, or fails. */
    public double joinTimeout() {
        return b.joinTimeout;
    }

    /** Seconds without any message (progress, upload, heartbeat) after which a connected worker is dead. */
    public double livenessTimeout() {
        return b.livenessTimeout;
    }

    /** k of ignore-stragglers (0 = m - (replication - ell)). */
    public int ignoreFastest() {
        return b.ignoreK;
    }

    /** Rounds of an unrecorded warm-up session (the same protocol, no stragglers) before each protocol's session. */
    public int warmupRounds() {
        return b.warmupRounds;
    }

    /** The unrecorded warm-up before {@code protocol}'s session: that protocol only, no stragglers, {@code warmupRounds} rounds. */
    public TrainingSpec warmup(ProtocolKind protocol) {
        return toBuilder().protocols(List.of(protocol)).rounds(Math.max(1, b.warmupRounds))
                .stragglers("").evalEvery(0).warmupRounds(0).build();
    }

    /** Stragglers the coded protocols tolerate: s = replication - ell. */
    public int tolerated() {
        return b.replication - ell();
    }

    public AssignmentSpec assignmentSpec() {
        return new AssignmentSpec(b.assignment, b.workers, b.replication, b.seed);
    }

    public OrderingSpec orderingSpec() {
        return new OrderingSpec(b.ordering, b.seed);
    }

    /** The injected stragglers in words (labelled INJECTED), or "" when none. */
    public String stragglerDescription() {
        return b.stragglerDescription;
    }

    @Override
    public String toString() {
        return "TrainingSpec[m=" + b.workers + ", r=" + b.replication + ", ell=" + ellText() + ", " + b.assignment + "/"
                + b.ordering + ", " + b.mode + ", protocols=" + ProtocolKind.labels(b.protocols) + ", model=" + b.model
                + ", dataset=" + b.dataset + ", rounds=" + b.rounds + "]";
    }

    /** Defaults are those of {@code train}; every setter returns the builder. */
    public static final class Builder {
        private int workers = 8;
        private int replication = 3;
        private int ell = 1;
        private boolean autoEll;
        /** The largest ell of --ell auto:MAX; 0: the replication. */
        private int autoEllMax;
        private double uploadBandwidth = Double.NaN;
        private String assignment = "cyclic";
        private String ordering = "optimal";
        private Mode mode = Mode.EXACT;
        private double deadline = 1.0;
        private double errorBound;
        private List<ProtocolKind> protocols = List.of(ProtocolKind.PARTIAL);
        private String model = "softmax";
        private int[] hidden = new int[0];
        private String dataset = "fashion-mnist";
        private int rounds = 100;
        private int batch;
        private String optimizer = "adam:lr=0.01";
        private String stragglers = "";
        private long seed = 1;
        private int evalEvery = 10;
        private String theta = "chebyshev";
        private double encodeTimeout = 10;
        private double roundTimeout = 600;
        private double joinTimeout = 120;
        private double livenessTimeout = 10;
        private int ignoreK;
        private int warmupRounds = 3;
        private String stragglerDescription = "";

        private Builder() {
        }

        private Builder copy() {
            Builder c = new Builder();
            c.workers = workers;
            c.replication = replication;
            c.ell = ell;
            c.autoEll = autoEll;
            c.autoEllMax = autoEllMax;
            c.uploadBandwidth = uploadBandwidth;
            c.assignment = assignment;
            c.ordering = ordering;
            c.mode = mode;
            c.deadline = deadline;
            c.errorBound = errorBound;
            c.protocols = protocols;
            c.model = model;
            c.hidden = hidden.clone();
            c.dataset = dataset;
            c.rounds = rounds;
            c.batch = batch;
            c.optimizer = optimizer;
            c.stragglers = stragglers;
            c.seed = seed;
            c.evalEvery = evalEvery;
            c.theta = theta;
            c.encodeTimeout = encodeTimeout;
            c.roundTimeout = roundTimeout;
            c.joinTimeout = joinTimeout;
            c.livenessTimeout = livenessTimeout;
            c.ignoreK = ignoreK;
            c.warmupRounds = warmupRounds;
            c.stragglerDescription = stragglerDescription;
            return c;
        }

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder replication(int v) {
            replication = v;
            return this;
        }

        public Builder ell(int v) {
            ell = v;
            autoEll = false;
            return this;
        }

        /**
         * {@code --ell}: a number, {@code auto} (ell per round in 1..replication) or {@code auto:MAX} (in 1..MAX).
         *
         * @throws ConfigurationException when it is none of these
         */
        public Builder ell(String text) {
            String t = text.strip().toLowerCase(Locale.ROOT);
            try {
                if (t.equals("auto")) {
                    autoEll = true;
                    autoEllMax = 0;
                } else if (t.startsWith("auto:")) {
                    autoEll = true;
                    autoEllMax = Integer.parseInt(t.substring(5));
                    if (autoEllMax < 1) {
                        throw new ConfigurationException("--ell auto:MAX needs MAX >= 1, got " + autoEllMax);
                    }
                } else {
                    ell(Integer.parseInt(t));
                }
            } catch (NumberFormatException e) {
                throw new ConfigurationException("--ell must be a number, auto or auto:MAX, got '" + text + "'");
            }
            return this;
        }

        /** {@code --ell auto}: one worker's upload bandwidth in bytes per second (NaN: measure it). */
        public Builder uploadBandwidth(double bytesPerSecond) {
            uploadBandwidth = bytesPerSecond;
            return this;
        }

        public Builder assignment(String v) {
            assignment = v.strip();
            return this;
        }

        public Builder ordering(String v) {
            ordering = v.strip();
            return this;
        }

        public Builder mode(Mode v) {
            mode = v;
            return this;
        }

        public Builder deadline(double seconds) {
            deadline = seconds;
            return this;
        }

        public Builder errorBound(double v) {
            errorBound = v;
            return this;
        }

        public Builder protocols(List<ProtocolKind> v) {
            protocols = List.copyOf(v);
            return this;
        }

        public Builder model(String v) {
            model = v.toLowerCase(Locale.ROOT);
            return this;
        }

        public Builder hidden(int[] v) {
            hidden = v == null ? new int[0] : v.clone();
            return this;
        }

        public Builder dataset(String v) {
            dataset = v;
            return this;
        }

        public Builder rounds(int v) {
            rounds = v;
            return this;
        }

        public Builder batch(int rows) {
            batch = rows;
            return this;
        }

        public Builder optimizer(String v) {
            optimizer = v;
            return this;
        }

        public Builder stragglers(String v) {
            stragglers = v == null ? "" : v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder evalEvery(int v) {
            evalEvery = v;
            return this;
        }

        public Builder theta(String v) {
            theta = v;
            return this;
        }

        public Builder encodeTimeout(double seconds) {
            encodeTimeout = seconds;
            return this;
        }

        public Builder roundTimeout(double seconds) {
            roundTimeout = seconds;
            return this;
        }

        public Builder joinTimeout(double seconds) {
            joinTimeout = seconds;
            return this;
        }

        public Builder livenessTimeout(double seconds) {
            livenessTimeout = seconds;
            return this;
        }

        public Builder ignoreK(int v) {
            ignoreK = v;
            return this;
        }

        public Builder warmupRounds(int v) {
            warmupRounds = v;
            return this;
        }

        /** @throws ConfigurationException naming the option and the fix */
        public TrainingSpec build() {
            if (workers < 1) {
                throw new ConfigurationException("--workers must be >= 1, got " + workers);
            }
            if (replication < 1 || replication > workers) {
                throw new ConfigurationException("--replication must be in 1.." + workers + ", got " + replication);
            }
            if (autoEll) {
                checkAutoEll();
            } else if (!Double.isNaN(uploadBandwidth)) {
                throw new ConfigurationException("--upload-bandwidth only applies to --ell auto");
            } else if (ell < 1 || ell > replication) {
                throw new ConfigurationException("--ell must be in 1..replication = 1.." + replication + ", got "
                        + ell);
            }
            if (rounds < 1) {
                throw new ConfigurationException("--rounds must be >= 1, got " + rounds);
            }
            if (mode == Mode.APPROX && !(deadline > 0)) {
                throw new ConfigurationException("approximate mode needs --deadline > 0 seconds");
            }
            if (protocols.isEmpty()) {
                throw new ConfigurationException("no protocol given (--protocol partial, original, ... or all)");
            }
            if (batch < 0 || evalEvery < 0 || ignoreK < 0 || warmupRounds < 0) {
                throw new ConfigurationException("--batch, --eval-every, --ignore-k and --warmup-rounds must be >= 0");
            }
            if (!(encodeTimeout > 0) || !(roundTimeout > 0) || !(joinTimeout > 0) || !(livenessTimeout > 0)) {
                throw new ConfigurationException("--encode-timeout, --round-timeout, --join-timeout and --liveness"
                        + " must be > 0 seconds");
            }
            if (ignoreK > workers) {
                throw new ConfigurationException("--ignore-k must be at most m = " + workers);
            }
            // the same parsers as simulate: an unknown kind fails here, before any process starts
            Assignment a = new AssignmentSpec(assignment, workers, replication, seed).build();
            new OrderingSpec(ordering, seed);
            Optimizers.parse(optimizer, 1); // its syntax; the scale is the data's
            DecodingMatrix.fromSpec(theta, autoEll ? (autoEllMax == 0 ? replication : autoEllMax) : ell, workers);
            io.gcoding.model.ModelType.parse(model);
            stragglerDescription = checkStragglers(a);
            return new TrainingSpec(copy());
        }

        /** {@code --ell auto}: something to choose from, for protocols whose rounds can change ell, in exact mode. */
        private void checkAutoEll() {
            if (replication < 2) {
                throw new ConfigurationException("--ell auto chooses ell in 1..replication, but --replication "
                        + replication + " leaves only ell = 1: raise --replication or give a fixed --ell");
            }
            if (autoEllMax > replication) {
                throw new ConfigurationException("--ell auto:" + autoEllMax + " exceeds --replication " + replication
                        + " (exact decoding needs every chunk on ell workers)");
            }
            if (autoEllMax == 1) {
                throw new ConfigurationException("--ell auto:1 leaves only ell = 1: give --ell 1 instead");
            }
            if (!Double.isNaN(uploadBandwidth) && (!(uploadBandwidth > 0) || Double.isInfinite(uploadBandwidth))) {
                throw new ConfigurationException("--upload-bandwidth must be a positive number of bytes per second,"
                        + " got " + io.gcoding.coding.KeyValueSpec.format(uploadBandwidth));
            }
            if (mode != Mode.EXACT) {
                throw new ConfigurationException("--ell auto minimises the exact round time: use --mode exact");
            }
            if (new OrderingSpec(ordering, seed).isAdaptive()) {
                throw new ConfigurationException("--ell auto runs on static orders: use --ordering optimal (or"
                        + " natural, random, csv:PATH), not adaptive");
            }
            for (ProtocolKind kind : protocols) {
                if (!io.gcoding.coding.engine.RoundRule.changesEll(kind)) {
                    throw new ConfigurationException("--ell auto applies to protocols that wait for coverage and"
                            + " upload on ENCODE (partial), not " + kind.label() + ": run it separately with a"
                            + " fixed --ell");
                }
            }
        }

        /** The workers parse the same spec; a bad one (or a trace that does not fit) fails here first. */
        private String checkStragglers(Assignment a) {
            if (stragglers.isBlank()) {
                return "";
            }
            if (TraceSchedule.isTrace(stragglers)) {
                int[] loads = new int[a.workers()];
                Assignment plain = Assignments.uncoded(a.chunks(), a.workers());
                for (int j = 0; j < loads.length; j++) {
                    loads[j] = Math.max(a.load(j), j < plain.workers() ? plain.load(j) : 0);
                }
                return TraceSchedule.parse(stragglers, loads).describe();
            }
            return StragglerProfile.parse(stragglers, seed).validate(workers).describe();
        }
    }
}
