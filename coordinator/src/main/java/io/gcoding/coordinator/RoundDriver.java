package io.gcoding.coordinator;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.EllPolicy;
import io.gcoding.coding.FixedCode;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.OrderingPolicy;
import io.gcoding.coding.QmaxCalculator;
import io.gcoding.coding.RoundObservation;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.RoundOutput;
import io.gcoding.coding.engine.RoundReport;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.coding.engine.UploadDecoder;
import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.RoundView;
import io.gcoding.protocol.SessionConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The coordinator's driver of the {@link RoundEngine}: it turns validated messages into engine events and the
 * engine's decisions into frames for the workers, on the coordinator loop. Nothing here decides coverage, triggers,
 * versions or faults (the engine does, exactly as in the simulator); this class only moves messages, measures what
 * the wire adds (trigger latency, message counts) and reports E(s) and cond(A_i) through the workers' own solver.
 * Also the {@link RoundView} the validator checks messages against.
 *
 * <p>Lifecycle: {@link #startRound} for each round; every other method is an event. Single-threaded: everything
 * runs on the coordinator loop.
 */
final class RoundDriver implements RoundView, RoundOutput {
    private static final Logger LOG = LoggerFactory.getLogger(RoundDriver.class);

    /** Receives each decoded round, or the reason a round failed. */
    interface Listener {
        void onDecoded(long round, double[] gradient, RoundRecord record);

        void onFailed(long round, String reason);
    }

    private final SessionConfig config;
    private final RoundEngine engine;
    private final OrderingPolicy policy;
    private OrderingPolicy.Versioned orders;
    /** Chooses each round's ell ({@code --ell auto}); the Config's every round otherwise. */
    private final EllPolicy ellPolicy;
    /** The current round's ell, Theta, block layout and encoder (of the current orders). */
    private int ell;
    private DecodingMatrix theta;
    private BlockLayout layout;
    private MinNormEncoder encoder;
    /** Per ell a round used: its Theta and block layout (the workers build the same from the Config). */
    private final java.util.Map<Integer, DecodingMatrix> thetas = new java.util.TreeMap<>();
    private final java.util.Map<Integer, BlockLayout> layouts = new java.util.TreeMap<>();
    /** Encoders of the current orders, per ell (cleared when the orders change). */
    private final java.util.Map<Integer, MinNormEncoder> encoders = new java.util.TreeMap<>();
    /** Per worker, the last progress report the engine accepted this round, and when (for the ordering policy). */
    private final int[] lastCount;
    private final double[] lastReport;
    /** The code of workers that upload on completion (null: they upload on ENCODE). */
    private final FixedCode fixedCode;
    private final ClusterMembership members;
    private final EventLoop loop;
    private final CoordinatorMetrics metrics;
    private final Listener listener;

    private EncodedFrame roundStartFrame;
    private double[] parameters;
    /** Arrival time of the message being handled, NaN while a timer runs. */
    private double arrival = Double.NaN;
    private double triggerLatencyMs;
    private long progressMessages;
    private final RoundTimeline.Recorder timeline;

    RoundDriver(SessionPlan plan, ClusterMembership members, EventLoop loop, CoordinatorMetrics metrics,
            Listener listener) {
        this.config = plan.config();
        this.policy = plan.orderingPolicy();
        this.ellPolicy = plan.ellPolicy();
        this.orders = new OrderingPolicy.Versioned(0, plan.rule().ordering());
        useEll(config.ell());
        this.lastCount = new int[config.workers()];
        this.lastReport = new double[config.workers()];
        this.members = members;
        this.loop = loop;
        this.metrics = metrics;
        this.listener = listener;
        this.fixedCode = plan.rule().fixedCode();
        RoundRule rule = plan.rule();
        this.engine = RoundEngine.perEll(rule, plan.timeouts(), e -> UploadDecoder.forRule(rule.withEll(e),
                thetaAt(e), layoutAt(e)), loop, this);
        int[] loads = new int[config.workers()];
        for (int j = 0; j < loads.length; j++) {
            loads[j] = engine.load(j);
        }
        this.timeline = new RoundTimeline.Recorder(loads);
    }

    /** Starts a round with these parameters; workers that are not connected are dead for it. */
    void startRound(long round, double[] params) {
        parameters = params;
        triggerLatencyMs = Double.NaN;
        progressMessages = 0;
        timeline.clear();
        java.util.Arrays.fill(lastCount, 0);
        java.util.Arrays.fill(lastReport, 0);
        OrderingPolicy.Versioned next = policy.next();
        if (next.version() != orders.version()) {
            // the encoder reports E(s) and cond(A_i) on the orders the workers compute in
            encoders.clear();
            LOG.info("round {}: chunk orders version {} (adaptive), Q_max {} (static {})", round, next.version(),
                    QmaxCalculator.qmax(next.ordering(), config.ell()), QmaxCalculator.qmax(policy.start(),
                            config.ell()));
        }
        orders = next;
        int chosen = ellPolicy.next(orders.ordering());
        if (chosen != ell) {
            LOG.info("round {}: ell {} (was {}): uploads of {} values; expected round seconds per ell {}", round,
                    chosen, ell, layoutAt(chosen).blockLength(), rounded(ellPolicy.lastExpected()));
        } else if (LOG.isDebugEnabled() && !ellPolicy.lastExpected().isEmpty()) {
            LOG.debug("round {}: ell {}; expected round seconds per ell {}", round, chosen,
                    rounded(ellPolicy.lastExpected()));
        }
        useEll(chosen);
        engine.start(round, orders.ordering(), ell);
        for (int j = 0; j < config.workers(); j++) {
            if (!members.isConnected(j)) {
                engine.workerLost(j, "not connected at the round start");
            }
        }
    }

    private static String rounded(java.util.SortedMap<Integer, Double> expected) {
        StringBuilder b = new StringBuilder("{");
        expected.forEach((e, t) -> b.append(b.length() > 1 ? ", " : "").append(e).append('=')
                .append(String.format(java.util.Locale.ROOT, "%.3f", t)));
        return b.append('}').toString();
    }

    /** This round's ell, with its Theta, layout and encoder (cached per ell; the encoder per ell and orders). */
    private void useEll(int roundEll) {
        ell = roundEll;
        theta = thetaAt(roundEll);
        layout = layoutAt(roundEll);
        encoder = encoders.computeIfAbsent(roundEll, e -> new MinNormEncoder(theta, orders.ordering()));
    }

    private DecodingMatrix thetaAt(int e) {
        return thetas.computeIfAbsent(e, x -> DecodingMatrix.fromSpec(config.thetaSpec(), x, config.workers()));
    }

    private BlockLayout layoutAt(int e) {
        return layouts.computeIfAbsent(e, x -> new BlockLayout(config.parameterCount(), x));
    }

    void onProgress(int worker, Messages.Progress progress, double arrivalSeconds) {
        progressMessages++;
        metrics.progressAccepted();
        arrival = arrivalSeconds;
        int before = engine.reported(worker);
        try {
            if (engine.progress(worker, progress.chunksDone())) {
                timeline.progress(worker, before, engine.reported(worker), arrivalSeconds - engine.startTime());
                lastCount[worker] = progress.chunksDone();
                lastReport[worker] = arrivalSeconds - engine.startTime();
            }
        } finally {
            arrival = Double.NaN;
        }
    }

    void onUpload(int worker, Messages.Upload upload, double arrivalSeconds) {
        metrics.uploadAccepted();
        arrival = arrivalSeconds;
        if (engine.awaitsUpload(worker, upload.version())) {
            // before the engine sees it: the last needed upload decodes the round inside engine.upload
            timeline.upload(worker, upload.version(), arrivalSeconds - engine.startTime());
        }
        try {
            engine.upload(worker, upload.version(), upload.vector());
        } finally {
            arrival = Double.NaN;
        }
    }

    /** Worker j reported that it failed this round (an exception, out of memory): dead for the round. */
    void onWorkerFailed(int worker, String reason) {
        engine.workerLost(worker, "it failed the round: " + reason);
    }

    /** Worker j sent nothing (not even a heartbeat) for {@code seconds}: frozen or cut off, dead for the round. */
    void onWorkerSilent(int worker, double seconds) {
        if (engine.active() && !engine.isDead(worker)) {
            engine.workerLost(worker, String.format(java.util.Locale.ROOT,
                    "silent for %.1f s (no progress, upload or heartbeat)", seconds));
        }
    }

    /** Worker j's stream ended: dead for this round (PROTOCOL.md §6); it may rejoin later. */
    void onWorkerGone(int worker) {
        engine.workerLost(worker, "its stream ended");
    }

    /** A (replacement) worker joined and has the session Config: it takes part if the round still collects. */
    void onWorkerJoined(int worker) {
        if (engine.workerJoined(worker) && roundStartFrame != null) {
            members.send(worker, roundStartFrame);
        }
    }

    boolean roundInProgress() {
        return engine.active();
    }

    // ------------------------------------------------------------------ the engine's output port

    @Override
    public void startRound(long round) {
        // ell 0 and order version 0: the Config's, so a session at one ell on static orders sends what it always did
        int announcedEll = ell == config.ell() ? 0 : ell;
        roundStartFrame = EncodedFrame.of(new Messages.RoundStart(round, parameters, orders.version(),
                orders.version() == 0 ? new int[0][] : orders.ordering().orders(), announcedEll));
        members.broadcast(roundStartFrame);
    }

    @Override
    public void encode(long round, int version, StateVector state) {
        members.broadcast(EncodedFrame.of(new Messages.Encode(round, version, state.toArray())));
        if (Double.isNaN(triggerLatencyMs)) {
            // a timer (the deadline) has no message: its latency is how late the loop ran it
            double cause = Double.isNaN(arrival) ? engine.startTime() + engine.rule().trigger().deadlineSeconds()
                    : arrival;
            triggerLatencyMs = (loop.now() - cause) * 1e3;
        }
        if (version > 0) {
            LOG.info("round {}: re-issuing ENCODE version {} with s = {}", round, version, state);
        }
    }

    @Override
    public void resume(long round, int version) {
        LOG.info("round {}: coverage lost, RESUME (version {}); waiting for {}", round, version, engine.waitingFor());
        members.broadcast(EncodedFrame.of(new Messages.Resume(round, version)));
    }

    @Override
    public void workerDead(long round, int worker, String reason) {
        metrics.workerDead();
        LOG.warn("round {}: worker {} is dead for the round: {}", round, worker, reason);
    }

    @Override
    public void decoded(long round, double[] gradient, RoundReport report) {
        // the same coefficients the workers used: the true E(s) and the worst condition number of the round
        // (PROTOCOL.md §2); small solves, but not free at large m, so they are not on the decode path
        double error;
        double condition;
        if (fixedCode != null) {
            boolean[] uploaded = new boolean[config.workers()];
            for (int j = 0; j < uploaded.length; j++) {
                uploaded[j] = report.state().get(j) > 0;
            }
            FixedCode.Decoding d = fixedCode.decoding(uploaded);
            error = d.coefficientError();
            condition = d.condition();
        } else {
            MinNormEncoder.RoundPlan plan = encoder.plan(report.state());
            error = plan.coefficientError();
            condition = plan.worstCondition();
        }
        RoundRecord record = new RoundRecord(report, triggerLatencyMs, error, condition, progressMessages,
                timeline.snapshot(), orders.version(), ell);
        observe(report);
        metrics.round(record);
        listener.onDecoded(round, gradient, record);
    }

    /** What the round showed of the workers' speeds, for the next round's orders; dead workers say nothing. */
    private void observe(RoundReport report) {
        double censoredAt = report.timing().triggerSeconds();
        if (!(censoredAt > 0)) {
            return;
        }
        int[] chunks = lastCount.clone();
        for (int j : report.faults().dead()) {
            chunks[j] = -1;
        }
        RoundObservation seen = new RoundObservation(chunks, lastReport, censoredAt);
        policy.observe(seen);
        ellPolicy.observe(seen);
        // the upload cost as measured: each used upload's size and its ENCODE -> arrival time
        long bytes = 8L * layout.blockLength();
        for (double seconds : report.uploadLatency()) {
            ellPolicy.observeUpload(bytes, seconds);
        }
    }

    @Override
    public void failed(long round, String reason) {
        LOG.error(reason);
        listener.onFailed(round, reason);
    }

    // ------------------------------------------------------------------ RoundView, for the validator

    @Override
    public int workers() {
        return config.workers();
    }

    @Override
    public long round() {
        return engine.round();
    }

    @Override
    public int stateVersion() {
        return engine.version();
    }

    @Override
    public boolean uploadExpected(int worker) {
        return engine.awaitsUpload(worker, engine.version());
    }

    @Override
    public int load(int worker) {
        return engine.load(worker);
    }

    @Override
    public int reportedProgress(int worker) {
        return engine.reported(worker);
    }

    @Override
    public boolean hasUploaded(int worker) {
        return engine.hasUploaded(worker);
    }

    @Override
    public boolean roundOpen() {
        return engine.active();
    }

    @Override
    public long firstRound() {
        return config.firstRound();
    }

    @Override
    public int uploadLength() {
        return layout.blockLength();
    }

    @Override
    public int ell() {
        return ell;
    }
}
