package io.gcoding.coding.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.OrderingSpec;
import io.gcoding.coding.engine.ProtocolKind;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --ordering adaptive} in the simulator: consecutive rounds, exact on every round, faster when it can be. */
class AdaptiveSimulationTest {
    private static final List<Integer> ELLS = List.of(1, 2);

    private static SimulationResult run(String delays, int trials) {
        List<Scenario> scenarios = List.of(
                Scenario.build(new AssignmentSpec("cyclic", 12, 3, 1), new OrderingSpec("optimal", 1), ELLS),
                Scenario.build(new AssignmentSpec("cyclic", 12, 3, 1), new OrderingSpec("adaptive", 1), ELLS));
        TrialSource source = DelayModels.parse(delays).trials(Simulator.positionsNeeded(scenarios), 3, trials);
        SimulationSettings settings = new SimulationSettings(ELLS, "chebyshev", 0, 0, new double[0], true, false, 20,
                4);
        return Simulator.run(scenarios, source, settings, done -> { });
    }

    private static double partialMean(SimulationResult r, int scenario, int ell) {
        return r.scenarios().get(scenario).ells().get(ell).stats().get(ProtocolKind.PARTIAL).mean();
    }

    @Test
    void persistentStragglersAreAvoidedAndEveryRoundStaysExact() {
        SimulationResult r = run("persistent:p_slow=0.25,slow=6-12,stay=0.9", 250);
        for (int e = 0; e < ELLS.size(); e++) {
            SimulationResult.EllResult adaptive = r.scenarios().get(1).ells().get(e);
            assertNull(r.scenarios().get(0).ells().get(e).adaptive(), "a static ordering has no adaptive stats");
            // the engine, on each round's announced orders, triggers exactly when the oracle on those orders says
            assertEquals(r.trials(), adaptive.oracleMatches());
            assertTrue(adaptive.encoderCheck().states() > 0);
            assertTrue(adaptive.encoderCheck().maxDifference() < 1e-9, adaptive.encoderCheck().toString());
            assertEquals(250, adaptive.adaptive().rounds());
            assertTrue(adaptive.adaptive().reordered() > 200, adaptive.adaptive().toString());
            double ratio = partialMean(r, 1, e) / partialMean(r, 0, e);
            assertTrue(ratio < 0.95, "ell " + ELLS.get(e) + ": adaptive / static = " + ratio);
        }
    }

    @Test
    void independentRoundsCostAlmostNothing() {
        SimulationResult r = run("persistent:p_slow=0.25,slow=6-12,stay=0.25", 250);
        for (int e = 0; e < ELLS.size(); e++) {
            double ratio = partialMean(r, 1, e) / partialMean(r, 0, e);
            assertTrue(ratio < 1.03, "ell " + ELLS.get(e) + ": adaptive / static = " + ratio);
            assertEquals(r.trials(), r.scenarios().get(1).ells().get(e).oracleMatches());
        }
    }
}
