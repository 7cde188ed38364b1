package io.gcoding.coding.engine;

import io.gcoding.coding.Assignments;
import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.FixedCode;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.Orderings;
import io.gcoding.coding.TriggerPolicy;

/**
 * A {@link ProtocolKind} resolved against one configuration: the ordering (layout) the round is played on, its
 * ell, the trigger and the number of complete workers it waits for. Both the simulator and the coordinator build
 * their rules here, so defaults and checks exist once.
 *
 * @param kind     the protocol
 * @param ordering the chunk orders of the protocol's layout (the coded assignment, or the uncoded layout)
 * @param ell      the communication parameter of the layout (1 for the uncoded layout)
 * @param trigger  exact, or deadline with an error bound
 * @param waitFor  complete workers waited for (0: the protocol waits for coverage)
 * @param fixedCode the code of workers that upload on completion; null when they upload on ENCODE
 */
public record RoundRule(ProtocolKind kind, Ordering ordering, int ell, TriggerPolicy trigger, int waitFor,
        FixedCode fixedCode) {

    public RoundRule {
        if (!kind.runsRounds()) {
            throw new ConfigurationException(kind.label() + " is not played as rounds");
        }
        if (waitFor < 0 || waitFor > ordering.workers()) {
            throw new ConfigurationException(kind.label() + " waits for " + waitFor + " workers but its layout has "
                    + ordering.workers());
        }
        if (fixedCode != null && (ell != 1 || fixedCode.ordering() != ordering)) {
            throw new IllegalArgumentException(kind.label() + ": a fixed code needs ell = 1 and the rule's own ordering");
        }
    }

    /** When workers upload: on completion where the protocol prefers it and a fixed code exists, else on ENCODE. */
    public ProtocolKind.UploadRule uploadRule() {
        return fixedCode != null ? ProtocolKind.UploadRule.ON_COMPLETION : ProtocolKind.UploadRule.ON_ENCODE;
    }

    /**
     * @param coded      the coded assignment's ordering (its chunks and workers also define the uncoded layout)
     * @param ell        the coded protocols' ell
     * @param requestedK k of ignore-stragglers, 0 for the default m - s (s = min replication - ell)
     */
    public static RoundRule of(ProtocolKind kind, Ordering coded, int ell, TriggerPolicy trigger, int requestedK) {
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
        int m = coded.workers();
        int tolerated = tolerated(coded, ell);
        Ordering ordering = kind.layout() == ProtocolKind.Layout.CODED ? coded
                : Orderings.natural(Assignments.uncoded(coded.assignment().chunks(), m));
        int layoutEll = kind.layout() == ProtocolKind.Layout.CODED ? ell : 1;
        int waitFor = switch (kind.waitRule()) {
            case COVERAGE -> 0;
            case ALL -> ordering.workers();
            case FASTEST_M_MINUS_S -> {
                if (tolerated < 0) {
                    throw new ConfigurationException("ell = " + ell + " exceeds the minimum replication "
                            + coded.assignment().minReplication() + " of " + coded.assignment().name() + ": the"
                            + " original protocol needs replication s + ell (raise --replication or lower --ell)");
                }
                yield m - tolerated;
            }
            case FASTEST_K -> fastestK(requestedK, m - Math.max(0, tolerated), ordering.workers());
        };
        if (kind.waitRule() == ProtocolKind.Wait.COVERAGE && trigger.isExact()) {
            ordering.assignment().requireExactlyDecodable(layoutEll);
        }
        return new RoundRule(kind, ordering, layoutEll, trigger, waitFor, fixedCodeFor(kind, ordering, layoutEll,
                trigger));
    }

    /**
     * The uncoded layouts always upload on completion (coefficients 1); the original protocol does in exact mode with
     * ell = 1, where Tandon et al.'s code applies (checked by {@link FixedCode#forOrdering}).
     */
    private static FixedCode fixedCodeFor(ProtocolKind kind, Ordering ordering, int ell, TriggerPolicy trigger) {
        if (kind.uploadRule() != ProtocolKind.UploadRule.ON_COMPLETION) {
            return null;
        }
        boolean uncoded = kind.layout() == ProtocolKind.Layout.UNCODED;
        if (!uncoded && (ell != 1 || !trigger.isExact())) {
            return null;
        }
        FixedCode code = FixedCode.forOrdering(ordering).orElse(null);
        if (code == null && uncoded) {
            throw new IllegalStateException("no fixed code for the uncoded layout of " + ordering.assignment().name());
        }
        return code;
    }

    /** s = min replication - ell: the stragglers original gradient coding tolerates (negative: none possible). */
    public static int tolerated(Ordering coded, int ell) {
        return coded.assignment().minReplication() - ell;
    }

    private static int fastestK(int requested, int defaultK, int workers) {
        if (requested < 0) {
            throw new ConfigurationException("k of ignore-stragglers must be >= 1 (or 0 for m - s), got " + requested);
        }
        int k = requested == 0 ? Math.max(1, Math.min(defaultK, workers)) : requested;
        if (k > workers) {
            throw new ConfigurationException("k = " + k + " of ignore-stragglers exceeds the " + workers
                    + " workers of the uncoded layout (use k between 1 and " + workers + ")");
        }
        return k;
    }

    /**
     * Whether rounds can still finish while these workers are absent (never joined, or gone for good): the protocol's
     * wait rule can be met by the others, and in exact mode every chunk keeps ell holders among them.
     */
    public boolean toleratesAbsent(java.util.Collection<Integer> absent) {
        boolean[] gone = new boolean[workers()];
        int present = workers();
        for (int j : absent) {
            if (j >= 0 && j < gone.length && !gone[j]) {
                gone[j] = true;
                present--;
            }
        }
        if (!trigger.isExact()) {
            return present > 0; // the deadline decodes whatever the others deliver
        }
        return switch (kind.waitRule()) {
            case ALL -> present == workers();
            case FASTEST_M_MINUS_S, FASTEST_K -> present >= waitFor;
            case COVERAGE -> {
                for (int i = 0; i < chunks(); i++) {
                    int holders = 0;
                    for (int j : ordering.assignment().holdersOf(i)) {
                        holders += gone[j] ? 0 : 1;
                    }
                    if (holders < ell) {
                        yield false;
                    }
                }
                yield true;
            }
        };
    }

    /**
     * The same rule on other chunk orders of the same assignment (an adaptive ordering's round).
     *
     * @throws IllegalArgumentException when {@code other} orders another assignment
     */
    public RoundRule withOrdering(Ordering other) {
        if (!other.assignment().equals(ordering.assignment())) {
            throw new IllegalArgumentException("the round's orders are for " + other.assignment().name()
                    + ", the rule's layout is " + ordering.assignment().name());
        }
        if (other == ordering) {
            return this;
        }
        return new RoundRule(kind, other, ell, trigger, waitFor, fixedCode == null ? null : fixedCode.reordered(other));
    }

    /**
     * The same rule at another ell ({@code --ell auto}: the ell of one round). Only the protocols that wait for
     * coverage on the coded layout and upload on ENCODE can change ell between rounds: their coefficients follow the
     * ENCODE state, while the others' wait rule or fixed code is tied to the session's ell.
     *
     * @throws ConfigurationException when the protocol cannot change ell, or exact mode cannot decode at it
     */
    public RoundRule withEll(int other) {
        if (other == ell) {
            return this;
        }
        if (!changesEll(kind) || fixedCode != null) {
            throw new ConfigurationException(kind.label() + " cannot change ell between rounds (ell per round needs a"
                    + " protocol that waits for coverage and uploads on ENCODE, such as partial)");
        }
        if (other < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + other);
        }
        if (trigger.isExact()) {
            ordering.assignment().requireExactlyDecodable(other);
        }
        return new RoundRule(kind, ordering, other, trigger, waitFor, null);
    }

    /** Whether a protocol's rounds may each have their own ell ({@link #withEll}). */
    public static boolean changesEll(ProtocolKind kind) {
        return kind.layout() == ProtocolKind.Layout.CODED && kind.waitRule() == ProtocolKind.Wait.COVERAGE
                && kind.uploadRule() == ProtocolKind.UploadRule.ON_ENCODE;
    }

    /** N. */
    public int chunks() {
        return ordering.assignment().chunks();
    }

    public int workers() {
        return ordering.workers();
    }
}
