package io.gcoding.coding.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.ConfigurationException;
import org.junit.jupiter.api.Test;

/** The Markov straggler model: long-run share, persistence, i.i.d. when stay = p_slow, reproducibility. */
class PersistentStragglerDelaysTest {
    private static final int[] POSITIONS = {3, 3, 3, 3, 3, 3, 3, 3};

    /** Per trial and worker: slow (first chunk far above the normal range a + Exp(b) with b tiny). */
    private static boolean[][] slow(String spec, int trials) {
        TrialSource source = DelayModels.parse(spec).trials(POSITIONS, 5, trials);
        boolean[][] slow = new boolean[trials][POSITIONS.length];
        for (int t = 0; t < trials; t++) {
            Trial trial = source.trial(t);
            for (int j = 0; j < POSITIONS.length; j++) {
                slow[t][j] = trial.finish(j, 1) > 2;
            }
        }
        return slow;
    }

    private static double[] shareAndPersistence(boolean[][] slow) {
        int slowRounds = 0;
        int pairs = 0;
        int stayed = 0;
        for (int t = 0; t < slow.length; t++) {
            for (int j = 0; j < slow[t].length; j++) {
                slowRounds += slow[t][j] ? 1 : 0;
                if (t > 0 && slow[t - 1][j]) {
                    pairs++;
                    stayed += slow[t][j] ? 1 : 0;
                }
            }
        }
        return new double[] {slowRounds / (double) (slow.length * slow[0].length), stayed / (double) pairs};
    }

    @Test
    void slowEpisodesPersistAtTheLongRunShare() {
        double[] s = shareAndPersistence(slow("persistent:a=1,b=0.01,p_slow=0.25,slow=6-12,stay=0.9", 4000));
        assertEquals(0.25, s[0], 0.03);
        assertEquals(0.9, s[1], 0.02);
    }

    @Test
    void stayEqualToTheShareGivesIndependentRounds() {
        double[] s = shareAndPersistence(slow("persistent:a=1,b=0.01,p_slow=0.25,slow=6-12,stay=0.25", 4000));
        assertEquals(0.25, s[0], 0.02);
        assertEquals(0.25, s[1], 0.03);
    }

    @Test
    void trialsAreReproducibleAndCumulative() {
        TrialSource a = DelayModels.parse("persistent").trials(POSITIONS, 9, 50);
        TrialSource b = DelayModels.parse("persistent").trials(POSITIONS, 9, 50);
        for (int t = 0; t < 50; t++) {
            assertEquals(a.trial(t), b.trial(t));
            for (int j = 0; j < POSITIONS.length; j++) {
                assertTrue(a.trial(t).finish(j, 2) >= a.trial(t).finish(j, 1));
            }
        }
        assertTrue(a.describe().contains("persistent:a=1,b=0.5,p_slow=0.1,slow=6-12,stay=0.9"), a.describe());
    }

    @Test
    void impossibleParametersSaySo() {
        ConfigurationException e = assertThrows(ConfigurationException.class,
                () -> DelayModels.parse("persistent:p_slow=0.8,stay=0.1"));
        assertTrue(e.getMessage().contains("raise stay"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> DelayModels.parse("persistent:p_slow=1"));
        assertThrows(ConfigurationException.class, () -> DelayModels.parse("persistent:slow=0.5-2"));
    }
}
