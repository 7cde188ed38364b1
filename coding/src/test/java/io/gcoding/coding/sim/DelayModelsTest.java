package io.gcoding.coding.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.ConfigurationException;
import org.junit.jupiter.api.Test;

class DelayModelsTest {
    private static final int[] FOUR = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4};

    @Test
    void specsParseWithDefaultsAndPrintBack() {
        assertEquals(new ExponentialDelays(1), DelayModels.parse("exp"));
        assertEquals(new ShiftedExponentialDelays(2, 0.5), DelayModels.parse("shifted-exp:a=2,b=0.5"));
        assertEquals(new ParetoDelays(1, 1.5), DelayModels.parse("pareto"));
        assertEquals(new StragglerDelays(1, 0.5, 0.2, 3, 10, 0.1), DelayModels.parse("stragglers"));
        StragglerDelays s = (StragglerDelays) DelayModels.parse("stragglers:p_slow=0.25,slow=2-4,p_fail=0");
        assertEquals(2, s.slowMin());
        assertEquals(4, s.slowMax());
        assertEquals("stragglers:a=1,b=0.5,p_slow=0.25,slow=2-4,p_fail=0", s.spec());
        assertEquals(s, DelayModels.parse(s.spec()), "spec() rebuilds the same model");
    }

    @Test
    void badSpecsSayWhatIsWrongAndWhatIsValid() {
        assertMessage("gamma", "unknown delay model 'gamma'");
        assertMessage("exp:rate=2", "unknown parameter 'rate' (valid: mean)");
        assertMessage("exp:mean=-1", "mean must be a positive number");
        assertMessage("exp:mean", "is not key=value");
        assertMessage("stragglers:p_fail=1.5", "p_fail is a probability");
        assertMessage("stragglers:p_fail=0.6,p_slow=0.6", "exceeds 1");
        assertMessage("stragglers:slow=10-3", "1 <= LO <= HI");
        assertMessage("stragglers:slow=fast", "not a range LO-HI");
        assertMessage("shifted-exp:a=x", "a=x is not a number");
        assertMessage("exp:mean=1,mean=2", "given twice");
    }

    @Test
    void sampledTimesAreCumulativeAndMatchTheModelMean() {
        SampledTrials trials = new SampledTrials(DelayModels.parse("shifted-exp:a=1,b=2"), FOUR, 3, 2000);
        double sum = 0;
        int n = 0;
        for (int t = 0; t < trials.count(); t++) {
            Trial trial = trials.trial(t);
            for (int j = 0; j < trial.workers(); j++) {
                double previous = 0;
                for (int p = 1; p <= 4; p++) {
                    double chunk = trial.finish(j, p) - previous;
                    assertTrue(chunk >= 1, "a + Exp(b) is at least a");
                    sum += chunk;
                    n++;
                    previous = trial.finish(j, p);
                }
            }
        }
        assertEquals(3.0, sum / n, 0.05, "mean chunk time a + b");
        assertEquals(trials.trial(17), trials.trial(17), "a trial is a function of (seed, index)");
        assertTrue(!trials.trial(17).equals(trials.trial(18)));
    }

    @Test
    void stragglerClassesAppearWithTheirProbabilities() {
        SampledTrials trials = new SampledTrials(DelayModels.parse("stragglers:a=1,b=0.01,p_slow=0.3,slow=5-5,p_fail=0.2"),
                FOUR, 9, 2000);
        int failed = 0;
        int slow = 0;
        int failedBeforeFirst = 0;
        int workers = 0;
        for (int t = 0; t < trials.count(); t++) {
            Trial trial = trials.trial(t);
            for (int j = 0; j < trial.workers(); j++) {
                workers++;
                int done = trial.finishedCount(j, 4);
                if (done < 4) {
                    failed++;
                    failedBeforeFirst += done == 0 ? 1 : 0;
                } else if (trial.finish(j, 1) > 4) { // a normal chunk takes about 1, a slow one about 5
                    slow++;
                }
            }
        }
        assertEquals(0.2, failed / (double) workers, 0.02);
        assertEquals(0.3, slow / (double) workers, 0.02);
        assertEquals(0.25, failedBeforeFirst / (double) failed, 0.05, "a failed worker stops after 0..3 chunks");
    }

    private static void assertMessage(String spec, String text) {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> DelayModels.parse(spec));
        assertTrue(e.getMessage().contains(text), spec + ": " + e.getMessage());
    }
}
