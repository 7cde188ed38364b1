package io.gcoding.coordinator;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.GradientDecoder;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.ProtocolRule;
import io.gcoding.coding.RoundProtocol;
import io.gcoding.coding.StateVector;
import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.RoundView;
import io.gcoding.protocol.SessionConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the rounds of one session in real time: broadcasts the model, feeds validated progress into the shared
 * {@link RoundProtocol} (which alone decides coverage, the trigger and failure handling, exactly as in the
 * simulator), broadcasts ENCODE once, collects the uploads of the current state version, decodes, and hands the
 * gradient to its {@link Listener}. Also the {@link RoundView} that the validator checks messages against.
 *
 * <p>Lifecycle: {@link #startRound} for each round; every other method is an event. Single-threaded: everything
 * runs on the coordinator loop.
 */
public final class RoundDriver implements RoundView {
    private static final Logger LOG = LoggerFactory.getLogger(RoundDriver.class);

    /** Receives each decoded round. */
    public interface Listener {
        void onDecoded(long round, double[] gradient, RoundRecord record);
    }

    private final SessionConfig config;
    private final Ordering ordering;
    private final RoundProtocol protocol;
    private final DecodingMatrix theta;
    private final MinNormEncoder encoder;
    private final BlockLayout layout;
    private final boolean rescale;
    private final long encodeTimeoutNanos;
    private final ClusterMembership members;
    private final Clock clock;
    private final Timers timers;
    private final CoordinatorMetrics metrics;
    private final Listener listener;
    private final UploadCollector collector;
    private final int[] reported;
    private final long epochNanos;

    private long round = -1;
    private EncodedFrame roundStartFrame;
    private long roundStartNanos;
    private long firstEncodeNanos;
    private double triggerLatencyMs;
    private int[] progressAtTrigger;
    private int versions;
    private long progressMessages;
    private final List<Integer> deadThisRound = new ArrayList<>();
    private Timers.Cancellable deadline;
    private Timers.Cancellable encodeTimeout;

    /**
     * @param rescale            multiply the decoded gradient by N / (chunks used): the "ignore stragglers" baseline
     * @param encodeTimeoutNanos how long a worker asked to upload may take before it is dead for the round
     */
    RoundDriver(SessionConfig config, ProtocolRule rule, boolean rescale, long encodeTimeoutNanos,
            ClusterMembership members, Clock clock, Timers timers, CoordinatorMetrics metrics, Listener listener) {
        this.config = config;
        this.ordering = config.ordering();
        this.protocol = new RoundProtocol(ordering, config.ell(), rule);
        this.theta = DecodingMatrix.fromSpec(config.thetaSpec(), config.ell(), config.workers());
        this.encoder = new MinNormEncoder(theta, ordering);
        this.layout = new BlockLayout(config.parameterCount(), config.ell());
        this.rescale = rescale;
        this.encodeTimeoutNanos = encodeTimeoutNanos;
        this.members = members;
        this.clock = clock;
        this.timers = timers;
        this.metrics = metrics;
        this.listener = listener;
        this.collector = new UploadCollector(config.workers());
        this.reported = new int[config.workers()];
        this.epochNanos = clock.nanoTime();
    }

    /** Broadcasts RoundStart(round, params) and starts collecting progress. */
    void startRound(long newRound, double[] params) {
        round = newRound;
        java.util.Arrays.fill(reported, 0);
        collector.clear();
        deadThisRound.clear();
        versions = 0;
        progressMessages = 0;
        firstEncodeNanos = -1;
        triggerLatencyMs = Double.NaN;
        progressAtTrigger = null;
        roundStartNanos = clock.nanoTime();
        protocol.start(round, seconds(roundStartNanos));
        roundStartFrame = EncodedFrame.of(new Messages.RoundStart(round, params));
        members.broadcast(roundStartFrame);
        for (int j = 0; j < config.workers(); j++) {
            if (!members.isConnected(j)) {
                deadThisRound.add(j);
                protocol.onWorkerDead(j, seconds(roundStartNanos));
            }
        }
        scheduleDeadline();
    }

    void onProgress(int worker, Messages.Progress progress, long arrivalNanos) {
        reported[worker] = progress.chunksDone();
        progressMessages++;
        metrics.progressAccepted();
        protocol.onProgress(round, worker, progress.chunksDone(), seconds(arrivalNanos))
                .ifPresent(e -> issueEncode(e, arrivalNanos));
    }

    void onUpload(int worker, Messages.Upload upload, long arrivalNanos) {
        metrics.uploadAccepted();
        if (collector.accept(worker, upload.vector(), arrivalNanos)) {
            decode();
        }
    }

    /** Worker j's stream ended: dead for this round (PROTOCOL.md §6); it may rejoin later. */
    void onWorkerGone(int worker) {
        reported[worker] = 0;
        if (protocol.phase() == RoundProtocol.Phase.COLLECTING || protocol.phase() == RoundProtocol.Phase.ENCODING) {
            markDead(worker, "its stream ended");
            protocol.onWorkerDead(worker, seconds(clock.nanoTime())).ifPresent(this::apply);
        }
    }

    /** A (replacement) worker joined and has the session Config: it joins the round if the round still collects. */
    void onWorkerJoined(int worker) {
        reported[worker] = 0;
        if (protocol.phase() == RoundProtocol.Phase.COLLECTING && roundStartFrame != null) {
            protocol.onWorkerRejoined(worker);
            members.send(worker, roundStartFrame);
        }
    }

    boolean roundInProgress() {
        return protocol.phase() == RoundProtocol.Phase.COLLECTING || protocol.phase() == RoundProtocol.Phase.ENCODING;
    }

    void cancelTimers() {
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        if (encodeTimeout != null) {
            encodeTimeout.cancel();
            encodeTimeout = null;
        }
    }

    // ------------------------------------------------------------------ internals

    private void issueEncode(RoundProtocol.Encode e, long causeNanos) {
        int[] s = e.state().toArray();
        members.broadcast(EncodedFrame.of(new Messages.Encode(round, e.version(), s)));
        long sent = clock.nanoTime();
        collector.begin(e.version(), s, sent);
        versions++;
        if (firstEncodeNanos < 0) {
            firstEncodeNanos = sent;
            triggerLatencyMs = (sent - causeNanos) / 1e6;
            progressAtTrigger = reported.clone();
        }
        if (deadline != null) {
            deadline.cancel();
            deadline = null;
        }
        if (encodeTimeout != null) {
            encodeTimeout.cancel();
        }
        long r = round;
        int version = e.version();
        encodeTimeout = timers.schedule(encodeTimeoutNanos, () -> onEncodeTimeout(r, version));
    }

    private void apply(RoundProtocol.Action action) {
        if (action instanceof RoundProtocol.Encode e) {
            LOG.info("round {}: re-issuing ENCODE version {} with s = {}", round, e.version(), e.state());
            issueEncode(e, clock.nanoTime());
        } else if (action instanceof RoundProtocol.Resume r) {
            LOG.info("round {}: coverage lost, RESUME (version {})", round, r.version());
            collector.clear();
            versions++;
            if (encodeTimeout != null) {
                encodeTimeout.cancel();
                encodeTimeout = null;
            }
            members.broadcast(EncodedFrame.of(new Messages.Resume(round, r.version())));
            scheduleDeadline();
        }
    }

    private void onEncodeTimeout(long forRound, int version) {
        if (forRound != round || protocol.phase() != RoundProtocol.Phase.ENCODING || collector.version() != version) {
            return;
        }
        Optional<RoundProtocol.Action> last = Optional.empty();
        for (int j : collector.missing()) {
            markDead(j, "no upload within the encode timeout of " + encodeTimeoutNanos / 1e9 + " s");
            Optional<RoundProtocol.Action> a = protocol.onWorkerDead(j, seconds(clock.nanoTime()));
            if (a.isPresent()) {
                last = a;
            }
        }
        last.ifPresent(this::apply);
    }

    private void markDead(int worker, String why) {
        if (!deadThisRound.contains(worker)) {
            deadThisRound.add(worker);
        }
        metrics.workerDead();
        LOG.warn("round {}: worker {} is dead for the round: {}", round, worker, why);
    }

    private void scheduleDeadline() {
        double at = protocol.nextDeadline();
        if (Double.isFinite(at)) {
            long delay = (long) ((at - seconds(clock.nanoTime())) * 1e9);
            long r = round;
            deadline = timers.schedule(delay, () -> onDeadline(r, at));
        }
    }

    private void onDeadline(long forRound, double at) {
        if (forRound == round && protocol.phase() == RoundProtocol.Phase.COLLECTING) {
            protocol.onTime(seconds(clock.nanoTime()))
                    .ifPresent(e -> issueEncode(e, epochNanos + (long) (at * 1e9)));
        }
    }

    private void decode() {
        int[] s = collector.state();
        double[] gradient = GradientDecoder.decode(theta, collector.uploads(), layout);
        int[] used = chunksUsed(s);
        if (rescale && used.length > 0) {
            double scale = (double) config.chunks() / used.length;
            for (int x = 0; x < gradient.length; x++) {
                gradient[x] *= scale;
            }
        }
        long done = clock.nanoTime();
        // the same pinv(A_i) the workers used: the true E(s) (not only its closed form for generic Theta) and
        // the worst condition number of the A_i in this round (PROTOCOL.md §2), measured after the decode so
        // that it never delays the round
        MinNormEncoder.RoundPlan plan = encoder.plan(new StateVector(s));
        protocol.finish();
        cancelTimers();
        RoundRecord record = new RoundRecord(round, (done - roundStartNanos) / 1e9,
                (firstEncodeNanos - roundStartNanos) / 1e9, triggerLatencyMs, (done - collector.sentNanos()) / 1e6, s,
                versions, used, progressAtTrigger, collector.latenciesMillis(),
                deadThisRound.stream().mapToInt(Integer::intValue).toArray(), plan.coefficientError(),
                plan.worstCondition(), progressMessages);
        metrics.round(record);
        listener.onDecoded(round, gradient, record);
    }

    private int[] chunksUsed(int[] s) {
        boolean[] used = new boolean[config.chunks()];
        int n = 0;
        for (int j = 0; j < s.length; j++) {
            for (int p = 1; p <= s[j]; p++) {
                int c = ordering.chunkAt(j, p);
                if (!used[c]) {
                    used[c] = true;
                    n++;
                }
            }
        }
        int[] out = new int[n];
        int k = 0;
        for (int c = 0; c < used.length; c++) {
            if (used[c]) {
                out[k++] = c;
            }
        }
        return out;
    }

    private double seconds(long nanos) {
        return (nanos - epochNanos) / 1e9;
    }

    // ------------------------------------------------------------------ RoundView, for the validator

    @Override
    public int workers() {
        return config.workers();
    }

    @Override
    public long round() {
        return round;
    }

    @Override
    public int stateVersion() {
        return protocol.version();
    }

    @Override
    public boolean encoding() {
        return protocol.phase() == RoundProtocol.Phase.ENCODING && collector.active();
    }

    @Override
    public int load(int worker) {
        return ordering.length(worker);
    }

    @Override
    public int reportedProgress(int worker) {
        return reported[worker];
    }

    @Override
    public int encodedState(int worker) {
        return collector.state(worker);
    }

    @Override
    public boolean hasUploaded(int worker) {
        return collector.has(worker);
    }

    @Override
    public int uploadLength() {
        return layout.blockLength();
    }
}
