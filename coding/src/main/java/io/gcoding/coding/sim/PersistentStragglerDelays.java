package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.coding.KeyValueSpec;
import java.util.SplittableRandom;

/**
 * Stragglers that persist across rounds, as in recorded cloud traces (one node several times slower for episodes of
 * several rounds). Each worker is a two-state Markov chain over consecutive trials: a slow worker stays slow with
 * probability {@code stay}; a normal one turns slow with the probability that makes {@code pSlow} the long-run share
 * of slow rounds, pSlow (1 - stay) / (1 - pSlow). Entering a slow episode draws its slow-down factor uniformly from
 * [slowMin, slowMax], kept for the episode. A chunk takes factor * (a + Exp(b)) seconds. With {@code stay = pSlow}
 * the rounds are i.i.d. (the same straggler rate without persistence), which is the fair comparison for a policy
 * that learns from the past.
 */
public record PersistentStragglerDelays(double shift, double mean, double pSlow, double slowMin, double slowMax,
        double stay) implements DelayModel {

    public PersistentStragglerDelays {
        DelayModels.requireNonNegative("persistent", "a", shift);
        DelayModels.requirePositive("persistent", "b", mean);
        DelayModels.requireProbability("persistent", "stay", stay);
        if (!(pSlow >= 0 && pSlow < 1)) {
            throw new ConfigurationException("persistent: p_slow is the long-run share of slow rounds and must be in"
                    + " [0, 1), got " + DelayModels.format(pSlow));
        }
        if (pSlow * (1 - stay) > 1 - pSlow) {
            throw new ConfigurationException("persistent: p_slow=" + DelayModels.format(pSlow) + " cannot be the share"
                    + " of slow rounds when a slow worker stays slow only with stay=" + DelayModels.format(stay)
                    + " (raise stay to at least " + DelayModels.format(Math.ceil((2 * pSlow - 1) / pSlow * 1e6) / 1e6) + " or lower p_slow)");
        }
        if (!(slowMin >= 1) || !(slowMax >= slowMin) || Double.isInfinite(slowMax)) {
            throw new ConfigurationException("persistent: slow=" + DelayModels.format(slowMin) + "-"
                    + DelayModels.format(slowMax) + " must be a range LO-HI of slow-down factors with 1 <= LO <= HI,"
                    + " e.g. slow=6-12");
        }
    }

    /** P(slow next round | normal now). */
    public double turnSlow() {
        return pSlow == 0 ? 0 : pSlow * (1 - stay) / (1 - pSlow);
    }

    /** One round on its own: each worker slow with the long-run probability p_slow. */
    @Override
    public Trial sample(int[] positions, SplittableRandom rnd) {
        double[] factors = new double[positions.length];
        for (int j = 0; j < positions.length; j++) {
            factors[j] = rnd.nextDouble() < pSlow ? slowFactor(rnd) : 1;
        }
        return sample(positions, factors, rnd);
    }

    /** Consecutive rounds: the slow episodes run across trials. */
    @Override
    public TrialSource trials(int[] positions, long seed, int count) {
        return new ChainTrials(this, positions, seed, count);
    }

    Trial sample(int[] positions, double[] factors, SplittableRandom rnd) {
        double[][] finish = new double[positions.length][];
        for (int j = 0; j < positions.length; j++) {
            finish[j] = StragglerDelays.shiftedExponentialTimes(positions[j], factors[j], shift, mean, rnd);
        }
        return Trial.trusted(finish);
    }

    double slowFactor(SplittableRandom rnd) {
        return slowMin + (slowMax - slowMin) * rnd.nextDouble();
    }

    @Override
    public String spec() {
        return "persistent:a=" + DelayModels.format(shift) + ",b=" + DelayModels.format(mean) + ",p_slow="
                + DelayModels.format(pSlow) + ",slow=" + DelayModels.format(slowMin) + "-" + DelayModels.format(slowMax)
                + ",stay=" + DelayModels.format(stay);
    }

    static PersistentStragglerDelays parse(KeyValueSpec params) {
        params.requireOnly("a", "b", "p_slow", "slow", "stay");
        double[] range = params.range("slow", 6, 12);
        return new PersistentStragglerDelays(params.number("a", 1), params.number("b", 0.5),
                params.number("p_slow", 0.1), range[0], range[1], params.number("stay", 0.9));
    }

    /**
     * The trials of one run: the slow/normal chain of every worker is drawn once, in trial order, from the run's
     * seed; trial t's chunk times come from its own stream, as in {@link SampledTrials}, so a trial does not depend
     * on the threads and a trace replays the run.
     */
    static final class ChainTrials implements TrialSource {
        private final PersistentStragglerDelays model;
        private final int[] positions;
        private final long seed;
        private final double[][] factors;

        ChainTrials(PersistentStragglerDelays model, int[] positions, long seed, int count) {
            if (count < 1) {
                throw new ConfigurationException("need at least one trial, got " + count);
            }
            this.model = model;
            this.positions = positions.clone();
            this.seed = seed;
            this.factors = new double[count][positions.length];
            SplittableRandom chain = new SplittableRandom(SampledTrials.streamSeed(seed, -1));
            for (int j = 0; j < positions.length; j++) {
                boolean slow = chain.nextDouble() < model.pSlow();
                double factor = slow ? model.slowFactor(chain) : 1;
                for (int t = 0; t < count; t++) {
                    if (t > 0) {
                        double u = chain.nextDouble();
                        boolean wasSlow = slow;
                        slow = wasSlow ? u < model.stay() : u < model.turnSlow();
                        factor = !slow ? 1 : wasSlow ? factor : model.slowFactor(chain);
                    }
                    factors[t][j] = factor;
                }
            }
        }

        @Override
        public int count() {
            return factors.length;
        }

        @Override
        public Trial trial(int index) {
            return model.sample(positions, factors[index], new SplittableRandom(SampledTrials.streamSeed(seed, index)));
        }

        @Override
        public String describe() {
            return model.spec() + " (seed " + seed + ", consecutive rounds)";
        }
    }
}
