package io.gcoding.coding.sim;

import io.gcoding.coding.AdaptiveOrderingPolicy;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.OrderingPolicy;
import io.gcoding.coding.QmaxCalculator;
import io.gcoding.coding.RoundObservation;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.TriggerPolicy;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coding.engine.RoundRule;
import java.util.EnumMap;
import java.util.Map;

/**
 * Plays every protocol of PROTOCOL.md §5 on one trial, for one ordering and one ell, through the same
 * {@link io.gcoding.coding.engine.RoundEngine} the coordinator drives ({@link SimulatedRound} is the simulator's
 * driver). The rounds are built once and replayed per trial. Not thread-safe: one per thread.
 *
 * <p>Exact mode: a protocol's completion time is the instant its last needed upload reaches the PS; the oracle is
 * computed from the finish times ({@link OracleTime}). Approx mode: for each deadline T, E(s) of the state the PS
 * decodes when the round is played with the deadline trigger.
 *
 * <p>Adaptive ordering: trial t is round t of one run. Before each trial the {@link OrderingPolicy} picks the orders
 * every coded protocol, the oracle and the encoder check use; after it, the policy learns from the partial
 * protocol's progress timestamps. Trials must then be evaluated in order (the simulator runs them on one thread).
 */
public final class ProtocolEvaluator {
    private final Ordering ordering;
    private final int ell;
    private final OrderingPolicy policy;
    private final String theta;
    private int version;
    private Ordering roundOrdering;
    private int roundQmax;
    private AdaptiveStats adaptive;
    private final int tolerated;
    private final int ignoreK;
    private final Map<ProtocolKind, SimulatedRound> exactRounds = new EnumMap<>(ProtocolKind.class);
    private final Map<ProtocolKind, SimulatedRound[]> approxRounds = new EnumMap<>(ProtocolKind.class);
    private final int[] uncodedLoads;
    private OracleTime oracle;
    private MinNormEncoder encoder;
    private final int deadlines;
    private final double[] deadlineTimes;
    private EncoderCheck check = EncoderCheck.NONE;

    public ProtocolEvaluator(Ordering ordering, int ell, SimulationSettings settings) {
        this(ordering, ell, settings, false);
    }

    /** @param adaptive re-choose the orders every trial ({@link AdaptiveOrderingPolicy}, seeded by the run's seed) */
    public ProtocolEvaluator(Ordering ordering, int ell, SimulationSettings settings, boolean adaptive) {
        this.ordering = ordering;
        this.ell = ell;
        this.theta = settings.theta();
        this.policy = adaptive ? new AdaptiveOrderingPolicy(ordering, ell, settings.conditions().seed())
                : OrderingPolicy.fixed(ordering);
        this.roundOrdering = ordering;
        this.roundQmax = adaptive ? QmaxCalculator.qmax(ordering, ell) : 0;
        this.adaptive = adaptive ? new AdaptiveStats(0, 0, 0, roundQmax, roundQmax, roundQmax) : null;
        this.tolerated = RoundRule.tolerated(ordering, ell);
        RoundConditions conditions = settings.conditions();
        double[] t = settings.deadlines();
        this.deadlines = t.length;
        this.deadlineTimes = t;
        int k = 0;
        int[] plainLoads = null;
        for (ProtocolKind kind : ProtocolKind.values()) {
            if (!kind.runsRounds()) {
                continue;
            }
            RoundRule exactRule = RoundRule.of(kind, ordering, ell, TriggerPolicy.exact(), settings.ignoreK());
            if (kind == ProtocolKind.IGNORE_STRAGGLERS) {
                k = exactRule.waitFor();
            }
            if (kind.layout() == ProtocolKind.Layout.UNCODED) {
                plainLoads = loads(exactRule.ordering());
            }
            if (settings.exact()) {
                exactRounds.put(kind, new SimulatedRound(exactRule, settings.latency(), conditions));
            }
            if (settings.approx() && kind.inApproxMode()) {
                SimulatedRound[] rounds = new SimulatedRound[t.length];
                for (int d = 0; d < t.length; d++) {
                    RoundRule rule = RoundRule.of(kind, ordering, ell,
                            TriggerPolicy.deadline(t[d], conditions.errorBound()), settings.ignoreK());
                    rounds[d] = new SimulatedRound(rule, settings.latency(), conditions);
                }
                approxRounds.put(kind, rounds);
            }
        }
        this.ignoreK = k;
        this.uncodedLoads = plainLoads;
        this.oracle = new OracleTime(ordering, ell);
        this.encoder = new MinNormEncoder(DecodingMatrix.fromSpec(settings.theta(), ell, ordering.workers()), ordering);
    }

    private static int[] loads(Ordering o) {
        int[] loads = new int[o.workers()];
        for (int j = 0; j < loads.length; j++) {
            loads[j] = o.length(j);
        }
        return loads;
    }

    /** Per worker of the uncoded layout, how many trial positions the uncoded baselines read. */
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

    /** How the adaptive ordering behaved so far; null for a static one. */
    public AdaptiveStats adaptiveStats() {
        return adaptive;
    }

    /** The encoder comparison accumulated so far. */
    public EncoderCheck encoderCheck() {
        return check;
    }

    /**
     * Evaluates trial {@code index}.
     *
     * @param verify also decode the partial protocol's states through the real encoder (slow; a sample of trials)
     */
    void evaluate(int index, Trial trial, boolean verify, OutcomeTable out) {
        if (adaptive != null) {
            chooseOrders();
        }
        SimulatedRound learnFrom = null;
        for (Map.Entry<ProtocolKind, SimulatedRound> e : exactRounds.entrySet()) {
            int p = e.getKey().ordinal();
            SimulatedRound.Outcome o = e.getValue().play(index, trial, roundOrdering);
            if (e.getKey() == ProtocolKind.PARTIAL) {
                learnFrom = e.getValue();
            }
            out.completion[p][index] = o.completion();
            out.exactError[p][index] = o.error();
            out.triggerStates[p][index] = o.triggerState();
            out.reEncodes[p][index] = o.reEncodes();
            out.resumes[p][index] = o.resumes();
            if (verify && e.getKey() == ProtocolKind.PARTIAL && o.triggerState() != null) {
                verify(e.getValue());
            }
        }
        if (!exactRounds.isEmpty()) {
            double o = oracle.of(trial);
            int p = ProtocolKind.ORACLE.ordinal();
            out.completion[p][index] = o;
            out.exactError[p][index] = o == Double.POSITIVE_INFINITY ? Double.NaN : 0;
        }
        for (Map.Entry<ProtocolKind, SimulatedRound[]> e : approxRounds.entrySet()) {
            SimulatedRound[] rounds = e.getValue();
            for (int d = 0; d < deadlines; d++) {
                SimulatedRound.Outcome o = rounds[d].play(index, trial, roundOrdering);
                if (learnFrom == null && e.getKey() == ProtocolKind.PARTIAL) {
                    learnFrom = rounds[d];
                }
                // nothing had arrived by the deadline: no gradient at T, the whole of it is missing (the PS itself
                // encodes at the first report after T, which is later than the deadline being measured)
                out.approxError[e.getKey().ordinal()][d][index] = o.triggerTime() > deadlineTimes[d] ? 1 : o.error();
                if (verify && e.getKey() != ProtocolKind.IGNORE_STRAGGLERS && o.triggerState() != null) {
                    verify(rounds[d]);
                }
            }
        }
        if (adaptive != null && learnFrom != null) {
            RoundObservation seen = learnFrom.observation();
            if (seen != null) {
                policy.observe(seen);
            }
        }
    }

    /** The policy's orders for this round; the oracle and the encoder follow a new version. */
    private void chooseOrders() {
        OrderingPolicy.Versioned next = policy.next();
        if (next.version() != version) {
            version = next.version();
            roundOrdering = next.ordering();
            roundQmax = QmaxCalculator.qmax(roundOrdering, ell);
            oracle = new OracleTime(roundOrdering, ell);
            encoder = new MinNormEncoder(DecodingMatrix.fromSpec(theta, ell, roundOrdering.workers()), roundOrdering);
        }
        boolean reordered = !roundOrdering.equals(ordering);
        adaptive = adaptive.plus(new AdaptiveStats(1, reordered ? 1 : 0, version, adaptive.staticQmax(), roundQmax,
                roundQmax));
    }

    private void verify(SimulatedRound round) {
        StateVector state = round.engine().tracker().state();
        MinNormEncoder.RoundPlan plan = encoder.plan(state);
        check = check.plus(plan.coefficientError(), round.engine().tracker().closedFormError(), plan.worstCondition());
    }
}
