package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.ProtocolRule;
import io.gcoding.coding.RoundProtocol;
import io.gcoding.coding.TriggerPolicy;

/**
 * Evaluates every protocol of PROTOCOL.md §5 on one trial, for one ordering and one ell, by driving the same
 * {@link RoundProtocol} / {@link ProtocolRule} / {@link TriggerPolicy} objects the coordinator uses, through
 * {@link Replay}. The round state machines are built once and restarted per trial. Not thread-safe: one per
 * thread.
 *
 * <p>Completion times (the paper's exact mode, Ramamoorthy, Meng, Girimaji, "Leveraging partial stragglers within
 * gradient coding", NeurIPS 2024): partial = ENCODE time + 2 latencies (progress report, ENCODE, upload: tau + 3L);
 * original, complete-cover, uncoded and ignore-stragglers = the moment their last needed upload arrives (finish +
 * L); oracle = tau from {@link OracleTime}. Approx mode: for each deadline T the coefficient error E(s) of the
 * state the PS holds when it encodes (at T, or earlier when its rule fires first).
 */
public final class ProtocolEvaluator {
    private final Ordering ordering;
    private final double latency;
    private final double[] deadlines;
    private final int[] codedLoads;
    private final int[] uncodedLoads;
    private final int tolerated;
    private final int ignoreK;
    private final RoundProtocol partial;
    private final RoundProtocol original;
    private final RoundProtocol completeCover;
    private final RoundProtocol uncoded;
    private final RoundProtocol ignore;
    private final RoundProtocol[] partialAt;
    private final RoundProtocol[] originalAt;
    private final RoundProtocol[] ignoreAt;
    private final OracleTime oracle;
    private final MinNormEncoder encoder;
    private final boolean exact;
    private final boolean approx;
    private EncoderCheck check = EncoderCheck.NONE;

    public ProtocolEvaluator(Ordering ordering, int ell, SimulationSettings settings) {
        this.ordering = ordering;
        this.latency = settings.latency();
        this.deadlines = settings.deadlines();
        this.exact = settings.exact();
        this.approx = settings.approx();
        int m = ordering.workers();
        int minReplication = ordering.assignment().minReplication();
        this.tolerated = minReplication - ell;
        if (tolerated < 0) {
            throw new ConfigurationException("ell = " + ell + " exceeds the minimum replication " + minReplication
                    + " of " + ordering.assignment().name() + ": the original protocol needs replication s + ell"
                    + " (raise --replication or lower --ell)");
        }
        Ordering plain = UncodedBaseline.ordering(ordering.assignment().chunks(), m);
        this.ignoreK = ignoreK(settings.ignoreK(), m - tolerated, plain.workers());
        this.codedLoads = loads(ordering);
        this.uncodedLoads = loads(plain);
        TriggerPolicy now = TriggerPolicy.exact();
        this.partial = new RoundProtocol(ordering, ell, ProtocolRule.partial(now));
        this.original = new RoundProtocol(ordering, ell, ProtocolRule.original(m - tolerated, now));
        this.completeCover = new RoundProtocol(ordering, ell, ProtocolRule.completeCover(now));
        this.uncoded = new RoundProtocol(plain, 1, ProtocolRule.fastest("uncoded", plain.workers(), now));
        this.ignore = new RoundProtocol(plain, 1, ProtocolRule.fastest("ignore-stragglers", ignoreK, now));
        this.partialAt = new RoundProtocol[deadlines.length];
        this.originalAt = new RoundProtocol[deadlines.length];
        this.ignoreAt = new RoundProtocol[deadlines.length];
        for (int d = 0; d < deadlines.length; d++) {
            TriggerPolicy at = TriggerPolicy.deadline(deadlines[d], 0);
            partialAt[d] = new RoundProtocol(ordering, ell, ProtocolRule.partial(at));
            originalAt[d] = new RoundProtocol(ordering, ell, ProtocolRule.original(m - tolerated, at));
            ignoreAt[d] = new RoundProtocol(plain, 1, ProtocolRule.fastest("ignore-stragglers", ignoreK, at));
        }
        this.oracle = new OracleTime(ordering, ell);
        this.encoder = new MinNormEncoder(DecodingMatrix.fromSpec(settings.theta(), ell, m), ordering);
    }

    private static int ignoreK(int requested, int defaultK, int uncodedWorkers) {
        int k = requested == 0 ? Math.min(defaultK, uncodedWorkers) : requested;
        if (k > uncodedWorkers) {
            throw new ConfigurationException("--k " + k + " exceeds the " + uncodedWorkers + " workers of the uncoded"
                    + " baseline (use --k between 1 and " + uncodedWorkers + ")");
        }
        return k;
    }

    private static int[] loads(Ordering o) {
        int[] loads = new int[o.workers()];
        for (int j = 0; j < loads.length; j++) {
            loads[j] = o.length(j);
        }
        return loads;
    }

    /** Per worker, how many positions the coded protocols read from a trial. */
    public int[] codedLoads() {
        return codedLoads.clone();
    }

    /** Per worker of the uncoded layout, how many positions the uncoded baselines read. */
    public int[] uncodedLoads() {
        return uncodedLoads.clone();
    }

    /** s = min replication - ell: the stragglers the original protocol tolerates. */
    public int tolerated() {
        return tolerated;
    }

    public int ignoreK() {
        return ignoreK;
    }

    public Ordering ordering() {
        return ordering;
    }

    /** The encoder comparison accumulated so far. */
    public EncoderCheck encoderCheck() {
        return check;
    }

    /**
     * Evaluates trial {@code index}. {@code coded} and {@code uncodedEvents} must hold this trial's events for
     * {@link #codedLoads()} and {@link #uncodedLoads()}.
     *
     * @param verify also decode the states through the real encoder (slow; for a sample of trials)
     */
    void evaluate(int index, Trial trial, EventStream coded, EventStream uncodedEvents, boolean verify,
                  OutcomeTable out) {
        if (exact) {
            double tau = Replay.run(partial, coded, latency, Double.POSITIVE_INFINITY);
            record(out, Protocol.PARTIAL, index, tau + 2 * latency, partial);
            record(out, Protocol.ORIGINAL, index, Replay.run(original, coded, latency, Double.POSITIVE_INFINITY),
                    original);
            record(out, Protocol.COMPLETE_COVER, index,
                    Replay.run(completeCover, coded, latency, Double.POSITIVE_INFINITY), completeCover);
            record(out, Protocol.UNCODED, index,
                    Replay.run(uncoded, uncodedEvents, latency, Double.POSITIVE_INFINITY), uncoded);
            record(out, Protocol.IGNORE_STRAGGLERS, index,
                    Replay.run(ignore, uncodedEvents, latency, Double.POSITIVE_INFINITY), ignore);
            double o = oracle.of(trial);
            out.completion[Protocol.ORACLE.ordinal()][index] = o;
            out.exactError[Protocol.ORACLE.ordinal()][index] = o == Double.POSITIVE_INFINITY ? Double.NaN : 0;
            if (verify && tau != Double.POSITIVE_INFINITY) {
                verify(partial);
            }
        }
        if (approx) {
            for (int d = 0; d < deadlines.length; d++) {
                out.approxError[Protocol.PARTIAL.ordinal()][d][index] = errorAt(partialAt[d], coded, d, verify);
                out.approxError[Protocol.ORIGINAL.ordinal()][d][index] = errorAt(originalAt[d], coded, d, verify);
                out.approxError[Protocol.IGNORE_STRAGGLERS.ordinal()][d][index] =
                        errorAt(ignoreAt[d], uncodedEvents, d, false);
            }
        }
    }

    private static void record(OutcomeTable out, Protocol p, int index, double time, RoundProtocol protocol) {
        out.completion[p.ordinal()][index] = time;
        out.exactError[p.ordinal()][index] =
                time == Double.POSITIVE_INFINITY ? Double.NaN : protocol.tracker().closedFormError();
    }

    /**
     * E(s) of the state the PS encodes with at deadline d. When nothing at all has arrived by then, the state is
     * empty and E = 1 (the protocol itself would wait for the first report; at T there is nothing to decode).
     * For the uncoded layout (ell = 1, one holder per chunk) E is the fraction of chunks lost.
     */
    private double errorAt(RoundProtocol protocol, EventStream events, int d, boolean verify) {
        Replay.run(protocol, events, latency, deadlines[d]);
        if (verify) {
            verify(protocol);
        }
        return protocol.tracker().closedFormError();
    }

    private void verify(RoundProtocol protocol) {
        MinNormEncoder.RoundPlan plan = encoder.plan(protocol.tracker().state());
        check = check.plus(plan.coefficientError(), protocol.tracker().closedFormError(), plan.worstCondition());
    }
}
