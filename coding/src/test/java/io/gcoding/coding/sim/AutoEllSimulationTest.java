package io.gcoding.coding.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.OrderingSpec;
import io.gcoding.coding.UploadCost;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code simulate --ell auto} against every fixed ell on the same consecutive trials. */
class AutoEllSimulationTest {

    @Test
    void autoTakesTheChosenEllsRoundAndBeatsEveryFixedEll() {
        Scenario s = Scenario.build(new AssignmentSpec("cyclic", 20, 3, 1), new OrderingSpec("optimal", 1),
                List.of(1, 2, 3));
        TrialSource trials = DelayModels.parse("persistent:p_slow=0.05,slow=6-12,stay=0.9")
                .trials(Simulator.positionsNeeded(List.of(s)), 1, 400);
        AutoEllSimulation.Result r = AutoEllSimulation.run(s, trials, 0, UploadCost.parse("d=1e7,bandwidth=1.25e7"),
                1);
        assertEquals(1, r.chosen()[0], "round 0: nothing measured yet, the smallest ell");
        for (int t = 0; t < 400; t++) {
            assertEquals(r.fixedCompletion().get(r.chosen()[t])[t], r.autoCompletion()[t], "trial " + t);
        }
        assertTrue(r.timesChosen(1) > 0 && r.timesChosen(2) > 0, "both regimes occur: " + r.timesChosen(1) + ", "
                + r.timesChosen(2));
        double best = r.fixedMean(r.bestFixed());
        assertTrue(r.autoMean() < 0.98 * best, "auto " + r.autoMean() + " vs best fixed ell " + r.bestFixed() + " "
                + best);
    }
}
