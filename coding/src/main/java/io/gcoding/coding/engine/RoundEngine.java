package io.gcoding.coding.engine;

import io.gcoding.coding.CoverageTracker;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.StateVector;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One round of the parameter server, from start to decoded gradient, faults included (PROTOCOL.md §2 and §6;
 * Ramamoorthy, Meng, Girimaji, "Leveraging partial stragglers within gradient coding", NeurIPS 2024). The simulator
 * and the coordinator drive the same engine; it meets the world only through a {@link Scheduler} (time) and a
 * {@link RoundOutput} (messages), so everything the protocol decides is decided here, once: coverage, the trigger,
 * state versions, who is dead, what is re-encoded, RESUME, and what each {@link ProtocolKind} waits for.
 *
 * <p>Lifecycle: {@link #start} a round; feed it {@link #progress}, {@link #upload}, {@link #workerLost} and
 * {@link #workerJoined} events; it calls {@link RoundOutput#decoded} (or {@link RoundOutput#failed}) once per round,
 * from which the driver may start the next. Progress that arrives while an ENCODE is out is kept, and counts as soon
 * as the round collects again (after a RESUME, or in a re-issued ENCODE). Single-threaded: the driver's thread.
 */
public final class RoundEngine {

    /** Where the round is. */
    public enum Phase { IDLE, COLLECTING, ENCODING, FINISHED, FAILED }

    /**
     * Timeouts of PROTOCOL.md §6, in seconds of the scheduler's clock. The encode timeout adapts: once
     * {@link #ADAPT_AFTER} uploads have been seen, a worker asked to upload is given {@link #ADAPT_FACTOR} times
     * the p99 of the recent ENCODE -> upload latencies, at least {@code encodeFloor} and at most {@code encode},
     * so that a frozen worker costs about one round rather than the whole configured timeout.
     *
     * @param encode      the longest wait for an upload (and the wait until enough latencies were seen)
     * @param encodeFloor the shortest adaptive wait
     * @param round       how long a round may take before it fails with a message naming whom it waited for
     */
    public record Timeouts(double encode, double encodeFloor, double round) {
        public static final int ADAPT_AFTER = 20;
        public static final double ADAPT_FACTOR = 4;

        public Timeouts {
            if (!(encode > 0) || !(encodeFloor > 0) || !(round > 0)) {
                throw new IllegalArgumentException("timeouts must be > 0 s, got encode " + encode + ", floor "
                        + encodeFloor + ", round " + round);
            }
            encodeFloor = Math.min(encodeFloor, encode);
        }

        /** The encode timeout adapts down to min(1 s, encode). */
        public Timeouts(double encode, double round) {
            this(encode, Math.min(1.0, encode), round);
        }

        /** The simulator's default: encode timeout as given, no round timeout. */
        public static Timeouts encodeOnly(double encode) {
            return new Timeouts(encode, Double.POSITIVE_INFINITY);
        }
    }

    // replaced only at a round boundary, by start(round, ordering): the adaptive orderings of OrderingPolicy
    private RoundRule rule;
    private Ordering ordering;
    private CoverageTracker tracker;
    private final Scheduler scheduler;
    private final RoundOutput output;
    /** The decoder of each ell a round may use; {@link #decoder} is the current round's. */
    private final java.util.function.IntFunction<UploadDecoder> decoders;
    private UploadDecoder decoder;
    private final Timeouts timeouts;
    private final boolean onCompletion;
    private final boolean everyChunk;
    private final int workers;

    private final int[] reported;
    private final boolean[] complete;
    private final boolean[] dead;
    private final double[][] uploads;
    private final double[] uploadTime;
    private final List<Integer> deadThisRound = new ArrayList<>();
    private final UploadLatencies latencies = new UploadLatencies(200);
    private int completeCount;
    private int[] encodedState;
    private int expectedUploads;
    private int receivedUploads;

    private long round = -1;
    private int version;
    private Phase phase = Phase.IDLE;
    private double startTime;
    private double firstTrigger;
    private double lastEncode;
    private int[] progressAtTrigger;
    private StateVector triggerState;
    private int reEncodes;
    private int resumes;
    private Scheduler.Cancellable deadlineTimer;
    private Scheduler.Cancellable encodeTimer;
    private Scheduler.Cancellable roundTimer;

    /** Every round at the rule's ell, decoded by {@code decoder}. */
    public RoundEngine(RoundRule rule, Timeouts timeouts, UploadDecoder decoder, Scheduler scheduler,
            RoundOutput output) {
        this(rule, timeouts, onlyAt(rule.ell(), decoder), scheduler, output);
    }

    private static java.util.function.IntFunction<UploadDecoder> onlyAt(int ell, UploadDecoder decoder) {
        return other -> {
            if (other != ell) {
                throw new IllegalArgumentException("this engine decodes ell = " + ell + " only, not " + other);
            }
            return decoder;
        };
    }

    /**
     * An engine whose rounds may each have their own ell ({@link #start(long, Ordering, int)}, {@code --ell auto}).
     *
     * @param decoders the decoder of a round at a given ell (the rule's ell first); the caller caches them
     */
    public static RoundEngine perEll(RoundRule rule, Timeouts timeouts,
            java.util.function.IntFunction<UploadDecoder> decoders, Scheduler scheduler, RoundOutput output) {
        return new RoundEngine(rule, timeouts, decoders, scheduler, output);
    }

    private RoundEngine(RoundRule rule, Timeouts timeouts, java.util.function.IntFunction<UploadDecoder> decoders,
            Scheduler scheduler, RoundOutput output) {
        this.decoders = decoders;
        this.decoder = decoders.apply(rule.ell());
        this.rule = rule;
        this.ordering = rule.ordering();
        this.tracker = new CoverageTracker(ordering, rule.ell());
        this.timeouts = timeouts;
        this.scheduler = scheduler;
        this.output = output;
        this.onCompletion = rule.uploadRule() == ProtocolKind.UploadRule.ON_COMPLETION;
        this.everyChunk = rule.kind().counting() == ProtocolKind.Counting.EVERY_CHUNK;
        this.workers = ordering.workers();
        this.reported = new int[workers];
        this.complete = new boolean[workers];
        this.dead = new boolean[workers];
        this.uploads = new double[workers][];
        this.uploadTime = new double[workers];
        this.encodedState = new int[workers];
    }

    // ------------------------------------------------------------------ events

    /**
     * Begins round t with the chunk orders of this round (an {@link io.gcoding.coding.OrderingPolicy} may change
     * them between rounds): a permutation of the same assignment, so loads and holders stay.
     *
     * @throws IllegalArgumentException when {@code roundOrdering} belongs to another assignment
     */
    public void start(long newRound, Ordering roundOrdering) {
        start(newRound, roundOrdering, rule.ell());
    }

    /**
     * Begins round t with this round's chunk orders and ell ({@code --ell auto}): the trigger waits for coverage
     * ell, and the uploads are decoded with that ell's Theta and block layout.
     *
     * @throws io.gcoding.coding.ConfigurationException when the rule's protocol cannot change ell
     *                                                   ({@link RoundRule#withEll})
     */
    public void start(long newRound, Ordering roundOrdering, int roundEll) {
        boolean newEll = roundEll != rule.ell();
        if (newEll) {
            RoundRule atEll = rule.withEll(roundEll);
            decoder = decoders.apply(roundEll);
            rule = atEll;
        }
        if (!roundOrdering.equals(ordering)) {
            rule = rule.withOrdering(roundOrdering);
            ordering = roundOrdering;
        }
        if (newEll || tracker.ordering() != ordering) {
            tracker = new CoverageTracker(ordering, rule.ell());
        }
        start(newRound);
    }

    /** Begins round t now: RoundStart goes out, the deadline and the round timeout are armed. */
    public void start(long newRound) {
        cancelTimers();
        round = newRound;
        version = 0;
        phase = Phase.COLLECTING;
        startTime = scheduler.now();
        firstTrigger = Double.NaN;
        lastEncode = Double.NaN;
        progressAtTrigger = null;
        triggerState = null;
        reEncodes = 0;
        resumes = 0;
        tracker.reset();
        Arrays.fill(reported, 0);
        Arrays.fill(complete, false);
        Arrays.fill(dead, false);
        clearUploads();
        encodedState = new int[workers];
        completeCount = 0;
        deadThisRound.clear();
        output.startRound(round);
        scheduleDeadline();
        if (Double.isFinite(timeouts.round())) {
            long r = round;
            roundTimer = scheduler.at(startTime + timeouts.round(), () -> onRoundTimeout(r));
        }
    }

    /**
     * Worker j has finished {@code count} chunks of the current round (cumulative). Kept while an ENCODE is out
     * (workers finish the chunk in flight), counted while the round collects.
     *
     * @return false when the report changes nothing (stale, dead worker, not above the last one)
     * @throws IllegalArgumentException when the count exceeds the worker's load (validate first)
     */
    public boolean progress(int worker, int count) {
        if (!active() || dead[worker]) {
            return false;
        }
        if (count > ordering.length(worker)) {
            throw new IllegalArgumentException("worker " + worker + " reports " + count + " chunks done but holds only "
                    + ordering.length(worker));
        }
        if (count <= reported[worker]) {
            return false;
        }
        reported[worker] = count;
        if (phase == Phase.COLLECTING) {
            absorb(worker);
            decide();
        }
        return true;
    }

    /**
     * Worker j's encoded vector for state version {@code forVersion} (ENCODE uploads), or for version 0 on
     * completion (protocols that upload on completion).
     *
     * @return false when no such upload is awaited (stale, duplicate, not asked)
     */
    public boolean upload(int worker, int forVersion, double[] vector) {
        if (!awaitsUpload(worker, forVersion)) {
            return false;
        }
        uploads[worker] = vector;
        uploadTime[worker] = scheduler.now();
        if (!onCompletion) {
            latencies.add(uploadTime[worker] - lastEncode);
        }
        if (onCompletion) {
            reported[worker] = ordering.length(worker);
            markComplete(worker);
            decide();
        } else if (++receivedUploads == expectedUploads) {
            finish(encodedState);
        }
        return true;
    }

    /** Worker j is gone (stream ended, or it could not start the round): dead for the rest of this round. */
    public void workerLost(int worker, String why) {
        if (!active() || dead[worker]) {
            return;
        }
        markDead(worker, why);
        if (phase == Phase.ENCODING && encodedState[worker] > 0 && uploads[worker] == null) {
            afterFailure();
        }
    }

    /**
     * A replacement for worker j has joined. While the round still collects it computes the round from its start
     * and counts again (s_j restarts at 0); once an ENCODE is out the state is fixed and it helps from the next
     * round. Protocols that wait for every worker (uncoded) need this to finish a round in which a worker died.
     *
     * @return true when it takes part in this round (the driver then sends it the round's start)
     */
    public boolean workerJoined(int worker) {
        if (phase != Phase.COLLECTING || !dead[worker] || uploads[worker] != null) {
            return false;
        }
        dead[worker] = false;
        reported[worker] = 0;
        return true;
    }

    // ------------------------------------------------------------------ queries (message validation, logs)

    public long round() {
        return round;
    }

    /** The current state version (0 until a failure re-issues ENCODE or RESUME). */
    public int version() {
        return version;
    }

    public Phase phase() {
        return phase;
    }

    /** Collecting or encoding. */
    public boolean active() {
        return phase == Phase.COLLECTING || phase == Phase.ENCODING;
    }

    public RoundRule rule() {
        return rule;
    }

    /** The current encode timeout: adaptive (see {@link Timeouts}). */
    public double encodeTimeout() {
        if (latencies.count() < Timeouts.ADAPT_AFTER) {
            return timeouts.encode();
        }
        double adaptive = Timeouts.ADAPT_FACTOR * latencies.p99();
        return Math.max(timeouts.encodeFloor(), Math.min(timeouts.encode(), adaptive));
    }

    /** When the current round started, on the scheduler's clock. */
    public double startTime() {
        return startTime;
    }

    public int load(int worker) {
        return ordering.length(worker);
    }

    /** The latest cumulative progress of worker j in this round (kept during ENCODE too). */
    public int reported(int worker) {
        return reported[worker];
    }

    public boolean isDead(int worker) {
        return dead[worker];
    }

    /** s_j of the outstanding ENCODE (0 when none is out or worker j is not in it). */
    public int encodedState(int worker) {
        return phase == Phase.ENCODING ? encodedState[worker] : 0;
    }

    /** Whether an upload of worker j for {@code forVersion} would be used. */
    public boolean awaitsUpload(int worker, int forVersion) {
        if (dead[worker] || uploads[worker] != null || forVersion != version) {
            return false;
        }
        return onCompletion ? phase == Phase.COLLECTING : phase == Phase.ENCODING && encodedState[worker] > 0;
    }

    public boolean hasUploaded(int worker) {
        return uploads[worker] != null;
    }

    /** The live coverage view (read only). */
    public CoverageTracker tracker() {
        return tracker;
    }

    /** Who the round is waiting for, in words (for logs and failure messages). */
    public String waitingFor() {
        if (phase == Phase.ENCODING) {
            StringBuilder b = new StringBuilder("uploads of state version " + version + " from workers");
            for (int j = 0; j < workers; j++) {
                if (encodedState[j] > 0 && uploads[j] == null) {
                    b.append(' ').append(j);
                }
            }
            return b.toString();
        }
        if (rule.waitFor() > 0) {
            StringBuilder b = new StringBuilder(completeCount + " of " + rule.waitFor()
                    + " needed workers complete; not complete:");
            for (int j = 0; j < workers; j++) {
                if (!complete[j]) {
                    b.append(' ').append(j).append(dead[j] ? " (dead)" : "");
                }
            }
            return b.toString();
        }
        StringBuilder b = new StringBuilder(tracker.underCoveredChunks() + " chunks covered fewer than " + rule.ell()
                + " times; their live holders are workers");
        boolean[] named = new boolean[workers];
        for (int i = 0; i < rule.chunks(); i++) {
            if (tracker.coverage(i) < rule.ell()) {
                for (int j : ordering.assignment().holdersOf(i)) {
                    if (!dead[j] && !named[j] && tracker.progress(j) < ordering.positionOf(j, i)) {
                        named[j] = true;
                        b.append(' ').append(j);
                    }
                }
            }
        }
        if (!deadThisRound.isEmpty()) {
            b.append("; dead this round: ").append(deadThisRound);
        }
        return b.toString();
    }

    // ------------------------------------------------------------------ internals

    /** Moves worker j's reported progress into the state, by the protocol's counting rule. */
    private void absorb(int worker) {
        if (everyChunk) {
            tracker.advance(worker, reported[worker]);
        } else if (!onCompletion && reported[worker] == ordering.length(worker)) {
            markComplete(worker);
        }
    }

    private void markComplete(int worker) {
        if (!complete[worker]) {
            complete[worker] = true;
            completeCount++;
            tracker.advance(worker, ordering.length(worker));
        }
    }

    /** Fires when the protocol's rule (or the deadline) says so; @return true when it did */
    private boolean decide() {
        if (phase != Phase.COLLECTING) {
            return false;
        }
        boolean satisfied = rule.waitFor() == 0 ? rule.trigger().coverageReached(tracker)
                : completeCount >= rule.waitFor();
        boolean late = scheduler.now() - startTime >= rule.trigger().deadlineSeconds();
        // an empty state decodes nothing: past the deadline, the first report after it fires instead
        if (!(satisfied || late) || tracker.total() == 0) {
            return false;
        }
        if (Double.isNaN(firstTrigger)) {
            firstTrigger = scheduler.now();
            progressAtTrigger = reported.clone();
            triggerState = tracker.state();
        }
        if (onCompletion) {
            lastEncode = firstTrigger;
            finish(tracker.state().toArray());
        } else {
            issueEncode();
        }
        return true;
    }

    private void issueEncode() {
        phase = Phase.ENCODING;
        encodedState = tracker.state().toArray();
        clearUploads();
        expectedUploads = 0;
        for (int s : encodedState) {
            expectedUploads += s > 0 ? 1 : 0;
        }
        lastEncode = scheduler.now();
        cancel(deadlineTimer);
        cancel(encodeTimer);
        long r = round;
        int v = version;
        encodeTimer = scheduler.at(lastEncode + encodeTimeout(), () -> onEncodeTimeout(r, v));
        output.encode(round, version, new StateVector(encodedState));
    }

    private void onEncodeTimeout(long forRound, int forVersion) {
        if (forRound != round || forVersion != version || phase != Phase.ENCODING) {
            return;
        }
        for (int j = 0; j < workers; j++) {
            if (encodedState[j] > 0 && uploads[j] == null && !dead[j]) {
                markDead(j, String.format(java.util.Locale.ROOT, "no upload within the encode timeout of %.3g s",
                        encodeTimeout()));
            }
        }
        afterFailure();
    }

    /**
     * Worker j is dead for the round. Its coverage is dropped, except that an upload it already delivered for the
     * outstanding state still stands (it is in hand) until a new version is needed.
     */
    private void markDead(int worker, String why) {
        dead[worker] = true;
        deadThisRound.add(worker);
        if (uploads[worker] == null) {
            dropFromState(worker);
        }
        output.workerDead(round, worker, why);
    }

    private void dropFromState(int worker) {
        tracker.drop(worker);
        if (complete[worker]) {
            complete[worker] = false;
            completeCount--;
        }
    }

    /**
     * A worker of the outstanding ENCODE is dead (PROTOCOL.md §6): a new state version, and the state rebuilt from
     * every live worker's latest progress (reports that arrived during the ENCODE count now). Then either a new
     * ENCODE, or RESUME and collect again.
     */
    private void afterFailure() {
        cancel(encodeTimer);
        version++;
        for (int j = 0; j < workers; j++) {
            if (dead[j] && uploads[j] != null) {
                dropFromState(j); // its upload was for the old version and cannot be redone
            }
        }
        clearUploads();
        phase = Phase.COLLECTING;
        for (int j = 0; j < workers; j++) {
            if (!dead[j]) {
                absorb(j);
            }
        }
        if (decide()) {
            reEncodes++;
            return;
        }
        resumes++;
        output.resume(round, version);
        scheduleDeadline();
    }

    /** Decodes {@code state}, which the tracker holds (during an ENCODE the tracker does not move). */
    private void finish(int[] state) {
        cancelTimers();
        phase = Phase.FINISHED;
        double now = scheduler.now();
        double[][] used = new double[workers][];
        double[] latency = new double[workers];
        double since = onCompletion ? startTime : lastEncode;
        for (int j = 0; j < workers; j++) {
            boolean counts = state[j] > 0 && uploads[j] != null;
            used[j] = counts ? uploads[j] : null;
            latency[j] = counts ? uploadTime[j] - since : Double.NaN;
        }
        int[] chunksUsed = chunksUsed(state);
        double[] gradient = decoder.decode(used);
        if (gradient != null && rule.kind().rescales() && chunksUsed.length > 0) {
            double scale = (double) rule.chunks() / chunksUsed.length;
            for (int x = 0; x < gradient.length; x++) {
                gradient[x] *= scale;
            }
        }
        int versions = version + 1;
        RoundReport report = new RoundReport(round, new RoundReport.Timing(startTime, firstTrigger, lastEncode, now),
                new StateVector(state), triggerState, progressAtTrigger, latency,
                new RoundReport.Faults(versions, reEncodes, resumes,
                        deadThisRound.stream().mapToInt(Integer::intValue).toArray()),
                chunksUsed, tracker.closedFormError());
        output.decoded(round, gradient, report);
    }

    private void onRoundTimeout(long forRound) {
        if (forRound != round || !active()) {
            return;
        }
        String why = "round " + round + " did not finish within the round timeout of " + timeouts.round()
                + " s: waiting for " + waitingFor();
        cancelTimers();
        phase = Phase.FAILED;
        output.failed(round, why);
    }

    private int[] chunksUsed(int[] state) {
        boolean[] used = new boolean[rule.chunks()];
        int n = 0;
        for (int j = 0; j < state.length; j++) {
            for (int p = 1; p <= state[j]; p++) {
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

    private void scheduleDeadline() {
        double at = startTime + rule.trigger().deadlineSeconds();
        if (Double.isFinite(at)) {
            cancel(deadlineTimer);
            long r = round;
            deadlineTimer = scheduler.at(at, () -> {
                if (r == round) {
                    decide();
                }
            });
        }
    }

    private void clearUploads() {
        Arrays.fill(uploads, null);
        receivedUploads = 0;
    }

    private void cancelTimers() {
        cancel(deadlineTimer);
        cancel(encodeTimer);
        cancel(roundTimer);
        deadlineTimer = null;
        encodeTimer = null;
        roundTimer = null;
    }

    private static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }
}
