package io.gcoding.coding;

/**
 * Chooses each round's chunk orders at the round boundary, from what past rounds showed. The orders are versioned:
 * the PS announces (version, orders) with RoundStart, and the workers, the encoder and the decoder all use the
 * announced ones, so exact mode stays exact whatever the policy picks. Not thread-safe: the round driver's thread.
 */
public interface OrderingPolicy {

    /** The orders for the next round; the version changes exactly when the orders do (0: the start orders). */
    Versioned next();

    /** What the round just finished showed of the workers' speeds. */
    void observe(RoundObservation round);

    /** The orders the policy starts from (the static ones). */
    Ordering start();

    /** Orders and their version. */
    record Versioned(int version, Ordering ordering) {
    }

    /** The paper's policy: the same orders every round. */
    static OrderingPolicy fixed(Ordering ordering) {
        Versioned only = new Versioned(0, ordering);
        return new OrderingPolicy() {
            @Override
            public Versioned next() {
                return only;
            }

            @Override
            public void observe(RoundObservation round) {
            }

            @Override
            public Ordering start() {
                return ordering;
            }
        };
    }
}
