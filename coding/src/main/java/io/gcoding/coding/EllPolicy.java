package io.gcoding.coding;

/**
 * Chooses each round's ell at the round boundary from what past rounds showed ({@code --ell auto}). The PS announces
 * the chosen ell with RoundStart; the workers encode with that ell's Theta and upload ceil(d / ell) values, and the
 * PS triggers on coverage ell and decodes with the same Theta, so exact mode stays exact whatever is chosen. Not
 * thread-safe: the round driver's thread.
 */
public interface EllPolicy {

    /** The ell of the next round, whose chunk orders are {@code orders}. */
    int next(Ordering orders);

    /** What the round just decoded showed of the workers' speeds. */
    void observe(RoundObservation round);

    /** One upload of the round just decoded: its size and its ENCODE-to-arrival time. */
    void observeUpload(long bytes, double seconds);

    /** The largest ell this policy may choose. */
    int maxEll();

    /** Per candidate ell, the expected round seconds behind the last choice (empty: no estimate was made). */
    default java.util.SortedMap<Integer, Double> lastExpected() {
        return java.util.Collections.emptySortedMap();
    }

    /** The paper's: the session's ell every round. */
    static EllPolicy fixed(int ell) {
        if (ell < 1) {
            throw new ConfigurationException("ell must be >= 1, got " + ell);
        }
        return new EllPolicy() {
            @Override
            public int next(Ordering orders) {
                return ell;
            }

            @Override
            public void observe(RoundObservation round) {
            }

            @Override
            public void observeUpload(long bytes, double seconds) {
            }

            @Override
            public int maxEll() {
                return ell;
            }
        };
    }
}
