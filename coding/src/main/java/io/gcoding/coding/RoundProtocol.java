package io.gcoding.coding;

import java.util.Optional;

/**
 * The parameter server's per-round state machine (PROTOCOL.md §2 and §6), shared by the simulator (simulated time)
 * and the coordinator (real time): time is passed in, never read.
 *
 * <p>Lifecycle per round: {@link #start}; feed {@link #onProgress} with every cumulative report and call
 * {@link #onTime} at {@link #nextDeadline()}; the first non-empty answer is the ENCODE to broadcast. While
 * encoding, a worker that does not deliver is reported with {@link #onWorkerDead}: the answer is a new ENCODE
 * (next state version, s_j = 0) when coverage still holds, otherwise a RESUME and the round collects progress
 * again. {@link #finish()} closes the round. Single-threaded: one owner drives it.
 */
public final class RoundProtocol {

    /** Where the round is. */
    public enum Phase { IDLE, COLLECTING, ENCODING, FINISHED }

    /** What the PS tells workers. */
    public sealed interface Action permits Encode, Resume {
        long round();

        int version();
    }

    /** ENCODE(t, version, s): workers use exactly their first s_j chunks. */
    public record Encode(long round, int version, StateVector state, double time) implements Action {
    }

    /** RESUME(t, version): coverage was lost after a worker died; keep computing and reporting. */
    public record Resume(long round, int version) implements Action {
    }

    private final Ordering ordering;
    private final ProtocolRule rule;
    private final CoverageTracker tracker;
    private final boolean[] finishedAll;
    private final boolean[] dead;
    private int finishedWorkers;
    private long round = -1;
    private int version;
    private double startTime;
    private Phase phase = Phase.IDLE;

    public RoundProtocol(Ordering ordering, int ell, ProtocolRule rule) {
        this.ordering = ordering;
        this.rule = rule;
        this.tracker = new CoverageTracker(ordering, ell);
        this.finishedAll = new boolean[ordering.workers()];
        this.dead = new boolean[ordering.workers()];
        if (rule.waitFor() > ordering.workers()) {
            throw new ConfigurationException(rule.name() + " waits for " + rule.waitFor() + " workers but there are only "
                    + ordering.workers());
        }
        if (rule.waitFor() == 0 && rule.trigger() instanceof TriggerPolicy.Exact) {
            ordering.assignment().requireExactlyDecodable(ell);
        }
    }

    /** Begins round t at time {@code now} (seconds on the driver's clock). */
    public void start(long round, double now) {
        this.round = round;
        this.version = 0;
        this.startTime = now;
        this.phase = Phase.COLLECTING;
        tracker.reset();
        java.util.Arrays.fill(finishedAll, false);
        java.util.Arrays.fill(dead, false);
        finishedWorkers = 0;
    }

    /**
     * A cumulative progress report: worker j has finished {@code count} chunks of round t. Reports of other rounds,
     * from dead workers, or after the ENCODE are ignored (workers stop at the ENCODE).
     *
     * @return the ENCODE to broadcast if this report completes the rule
     */
    public Optional<Encode> onProgress(long reportRound, int worker, int count, double now) {
        if (phase != Phase.COLLECTING || reportRound != round || dead[worker]) {
            return Optional.empty();
        }
        int load = ordering.length(worker);
        if (count > load) {
            throw new IllegalArgumentException("worker " + worker + " reports " + count + " chunks done but holds only "
                    + load);
        }
        if (count == load && !finishedAll[worker]) {
            finishedAll[worker] = true;
            finishedWorkers++;
        }
        if (!rule.completeOnly() || count == load) {
            tracker.advance(worker, count);
        }
        return decide(now);
    }

    /** Time passes: fires the deadline of approximate mode. */
    public Optional<Encode> onTime(double now) {
        return phase == Phase.COLLECTING ? decide(now) : Optional.empty();
    }

    /**
     * Worker j is dead for this round (no upload within the encode timeout, or its connection dropped): s_j = 0, a
     * new state version, and either a new ENCODE or a RESUME (PROTOCOL.md §6).
     */
    public Optional<Action> onWorkerDead(int worker, double now) {
        if (phase == Phase.IDLE || phase == Phase.FINISHED || dead[worker]) {
            return Optional.empty();
        }
        dead[worker] = true;
        tracker.drop(worker);
        if (finishedAll[worker]) {
            finishedAll[worker] = false;
            finishedWorkers--;
        }
        if (phase == Phase.COLLECTING) {
            return Optional.empty();
        }
        version++;
        Optional<Encode> again = decideNow(now, true);
        if (again.isPresent()) {
            return Optional.of(again.get());
        }
        phase = Phase.COLLECTING;
        return Optional.of(new Resume(round, version));
    }

    /**
     * A replacement for a worker that died in this round has joined and computes the round from its start. While the
     * round is still collecting, its progress counts again (s_j restarts from 0); once an ENCODE is out the state is
     * fixed, so it only helps from the next round. Needed by protocols that wait for every worker (uncoded), which
     * could never finish a round in which a worker died otherwise.
     *
     * @return true when the worker counts again in this round
     */
    public boolean onWorkerRejoined(int worker) {
        if (phase != Phase.COLLECTING || !dead[worker]) {
            return false;
        }
        dead[worker] = false;
        return true;
    }

    /** The next time {@link #onTime} must be called, or +infinity. */
    public double nextDeadline() {
        return phase == Phase.COLLECTING ? startTime + rule.trigger().deadlineSeconds() : Double.POSITIVE_INFINITY;
    }

    /** Every upload of the current version arrived and was decoded. */
    public void finish() {
        phase = Phase.FINISHED;
    }

    public Phase phase() {
        return phase;
    }

    public long round() {
        return round;
    }

    public int version() {
        return version;
    }

    public ProtocolRule rule() {
        return rule;
    }

    /** Live coverage view (read-only use: E(s), per-chunk counts). */
    public CoverageTracker tracker() {
        return tracker;
    }

    public int finishedWorkers() {
        return finishedWorkers;
    }

    public boolean isDead(int worker) {
        return dead[worker];
    }

    private Optional<Encode> decide(double now) {
        return decideNow(now, false);
    }

    private Optional<Encode> decideNow(double now, boolean afterFailure) {
        double elapsed = now - startTime;
        boolean fire;
        if (rule.waitFor() > 0) {
            fire = finishedWorkers >= rule.waitFor() || elapsed >= rule.trigger().deadlineSeconds();
            // after a failure the remaining finished workers must still cover, or the decode would be wrong
            fire = fire && (!afterFailure || tracker.isCovered() || !(rule.trigger() instanceof TriggerPolicy.Exact));
        } else {
            fire = rule.trigger().shouldEncode(tracker, elapsed);
        }
        // an empty state decodes nothing: past the deadline, the first report after it fires instead
        if (!fire || tracker.state().total() == 0) {
            return Optional.empty();
        }
        phase = Phase.ENCODING;
        return Optional.of(new Encode(round, version, tracker.state(), now));
    }
}
