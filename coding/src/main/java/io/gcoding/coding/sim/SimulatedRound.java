package io.gcoding.coding.sim;

import io.gcoding.coding.Ordering;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.EventQueueScheduler;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.engine.RoundEngine;
import io.gcoding.coding.engine.RoundOutput;
import io.gcoding.coding.engine.RoundReport;
import io.gcoding.coding.engine.RoundRule;
import io.gcoding.coding.engine.UploadDecoder;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The simulator's driver of the {@link RoundEngine}: simulated workers on an {@link EventQueueScheduler}, playing
 * one round of one protocol per trial. A worker finishes the p-th chunk of its order at the trial's time for
 * position p; its report reaches the PS one message latency later. On ENCODE it pauses after the chunk in flight (as
 * the real worker does) and uploads, arriving one upload latency later, unless the fault model makes it die first
 * (its stream ends, the PS notices one latency later). On RESUME it continues where it paused. Replacements rejoin
 * after {@code rejoinAfter} and compute the round from its start. Nothing here decides coverage, triggers, versions
 * or re-encodes: the engine does, exactly as in the coordinator.
 *
 * <p>Lifecycle: build once per (protocol, ordering, ell, trigger); {@link #play} per trial. Not thread-safe.
 */
final class SimulatedRound implements RoundOutput {
    private static final double[] NO_DATA = new double[0];

    /** The result of one trial. */
    record Outcome(double completion, double triggerTime, double error, StateVector triggerState, int reEncodes,
            int resumes) {
        static final Outcome NEVER = new Outcome(Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.NaN, null,
                0, 0);
    }

    private final RoundEngine engine;
    private final EventQueueScheduler clock = new EventQueueScheduler();
    private final Ordering ordering;
    private final boolean coded;
    private final boolean onCompletion;
    private final double latency;
    private final double uploadLatency;
    private final RoundConditions conditions;
    private final int workers;
    private final int[] done;
    private final boolean[] paused;
    private final boolean[] inFlight;
    private final boolean[] gone;
    private final boolean[] failsOnUpload;
    /** Added to the trial's finish times: the time spent paused, or the start of a replacement. */
    private final double[] offset;
    /** The last progress report the PS received from each worker, and when: the adaptive ordering learns from it. */
    private final int[] lastCount;
    private final double[] lastReport;
    private Trial trial;
    private long trialIndex;
    private Outcome outcome;

    SimulatedRound(RoundRule rule, double latency, RoundConditions conditions) {
        this.ordering = rule.ordering();
        this.coded = rule.kind().layout() == ProtocolKind.Layout.CODED;
        this.onCompletion = rule.uploadRule() == ProtocolKind.UploadRule.ON_COMPLETION;
        this.latency = latency;
        this.uploadLatency = conditions.uploadLatency(latency);
        this.conditions = conditions;
        this.workers = ordering.workers();
        this.done = new int[workers];
        this.paused = new boolean[workers];
        this.inFlight = new boolean[workers];
        this.gone = new boolean[workers];
        this.failsOnUpload = new boolean[workers];
        this.offset = new double[workers];
        this.lastCount = new int[workers];
        this.lastReport = new double[workers];
        this.engine = new RoundEngine(rule, RoundEngine.Timeouts.encodeOnly(conditions.encodeTimeout()),
                UploadDecoder.NONE, clock, this);
    }

    /** Plays trial {@code index} on the rule's orders; completion is +infinity when the round never decodes. */
    Outcome play(long index, Trial t) {
        return play(index, t, ordering);
    }

    /**
     * Plays trial {@code index} on this round's chunk orders (an adaptive ordering's); a protocol of the uncoded
     * layout keeps its own. Positions, and so the trial's times, do not depend on the orders.
     */
    Outcome play(long index, Trial t, Ordering roundOrdering) {
        trial = t;
        trialIndex = index;
        outcome = null;
        clock.reset(0);
        Arrays.fill(done, 0);
        Arrays.fill(paused, false);
        Arrays.fill(inFlight, false);
        Arrays.fill(gone, false);
        Arrays.fill(offset, 0);
        Arrays.fill(lastCount, 0);
        Arrays.fill(lastReport, 0);
        drawFaults();
        if (coded) {
            engine.start(index, roundOrdering);
        } else {
            engine.start(index);
        }
        while (outcome == null && clock.runNext()) {
            // events run until the round is decoded or nothing is left to happen
        }
        if (outcome == null) {
            outcome = Outcome.NEVER;
        }
        return outcome;
    }

    RoundEngine engine() {
        return engine;
    }

    /** What the last trial showed of the workers' speeds (null when it never triggered). */
    io.gcoding.coding.RoundObservation observation() {
        if (outcome == null || !Double.isFinite(outcome.triggerTime()) || !(outcome.triggerTime() > 0)) {
            return null;
        }
        return new io.gcoding.coding.RoundObservation(lastCount, lastReport, outcome.triggerTime());
    }

    private void drawFaults() {
        if (!conditions.hasFaults()) {
            Arrays.fill(failsOnUpload, false);
            return;
        }
        // seeded by trial only, so that every protocol of a trial sees the same deaths
        SplittableRandom random = new SplittableRandom(conditions.seed() * 0x9E3779B97F4A7C15L + trialIndex);
        for (int j = 0; j < workers; j++) {
            failsOnUpload[j] = random.nextDouble() < conditions.uploadFailProb();
        }
    }

    // ------------------------------------------------------------------ simulated workers

    private void scheduleNextChunk(int j) {
        int p = done[j] + 1;
        if (gone[j] || p > ordering.length(j)) {
            return;
        }
        double at = trial.finish(j, p) + offset[j];
        if (at == Double.POSITIVE_INFINITY) {
            return; // the trial says this worker never finishes it: it stops reporting
        }
        inFlight[j] = true;
        clock.at(at, j, () -> chunkDone(j, p));
    }

    private void chunkDone(int j, int p) {
        inFlight[j] = false;
        if (gone[j]) {
            return;
        }
        done[j] = p;
        if (latency == 0) {
            report(j, p); // decided at this very event, as the PS would on arrival
        } else {
            deliver(j, latency, () -> report(j, p));
        }
        if (onCompletion && p == ordering.length(j)) {
            if (failsOnUpload[j]) {
                die(j);
                return;
            }
            deliver(j, uploadLatency, () -> engine.upload(j, 0, NO_DATA));
        }
        if (!paused[j]) {
            scheduleNextChunk(j);
        }
    }

    private void report(int j, int p) {
        if (engine.progress(j, p)) {
            lastCount[j] = p;
            lastReport[j] = clock.now();
        }
    }

    private void onEncode(int j, int version, int s) {
        if (gone[j]) {
            return;
        }
        paused[j] = true;
        if (s == 0) {
            return;
        }
        if (failsOnUpload[j]) {
            die(j);
            return;
        }
        deliver(j, uploadLatency, () -> engine.upload(j, version, NO_DATA));
    }

    private void onResume(int j) {
        if (gone[j] || !paused[j]) {
            return;
        }
        paused[j] = false;
        if (inFlight[j] || done[j] >= ordering.length(j)) {
            return;
        }
        // the next chunk starts now and takes as long as the trial says it takes
        offset[j] = clock.now() - (done[j] == 0 ? 0 : trial.finish(j, done[j]));
        scheduleNextChunk(j);
    }

    /** The worker's process dies: its stream ends, noticed by the PS one latency later; maybe a replacement. */
    private void die(int j) {
        gone[j] = true;
        deliver(j, latency, () -> engine.workerLost(j, "simulated death before uploading"));
        if (Double.isFinite(conditions.rejoinAfter())) {
            clock.at(clock.now() + conditions.rejoinAfter(), j, () -> rejoin(j));
        }
    }

    private void rejoin(int j) {
        if (outcome != null || !engine.workerJoined(j)) {
            return;
        }
        gone[j] = false;
        failsOnUpload[j] = false;
        paused[j] = false;
        done[j] = 0;
        offset[j] = clock.now() + latency; // it gets the round's start one latency later
        scheduleNextChunk(j);
    }

    /**
     * A message that arrives {@code after} seconds from now. Always through the queue, even at zero latency, so that
     * no decision runs inside another (a death noticed while an ENCODE is being delivered, say).
     */
    private void deliver(int worker, double after, Runnable message) {
        clock.at(clock.now() + after, worker, message);
    }

    // ------------------------------------------------------------------ the engine's output port

    @Override
    public void startRound(long round) {
        for (int j = 0; j < workers; j++) {
            scheduleNextChunk(j); // RoundStart's latency is common to every protocol: times count from its arrival
        }
    }

    @Override
    public void encode(long round, int version, StateVector state) {
        for (int j = 0; j < workers; j++) {
            int w = j;
            int s = state.get(j);
            deliver(w, latency, () -> onEncode(w, version, s));
        }
    }

    @Override
    public void resume(long round, int version) {
        for (int j = 0; j < workers; j++) {
            int w = j;
            deliver(w, latency, () -> onResume(w));
        }
    }

    @Override
    public void decoded(long round, double[] gradient, RoundReport report) {
        outcome = new Outcome(clock.now(), report.timing().firstTrigger(), report.closedFormError(),
                report.triggerState(), report.faults().reEncodes(), report.faults().resumes());
    }

    @Override
    public void failed(long round, String reason) {
        outcome = Outcome.NEVER;
    }
}
