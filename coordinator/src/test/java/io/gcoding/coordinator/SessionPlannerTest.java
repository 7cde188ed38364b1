package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.TriggerPolicy;
import io.gcoding.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionPlannerTest {
    private final ModelSpec model = ModelSpec.softmax(4, 3);

    private TrainingSpec spec(boolean approximate) {
        return new TrainingSpec(8, 3, 2, approximate, 0.5, 0, TrainingSpec.ALL_PROTOCOLS, "softmax", null, "synthetic",
                5, 0, "adam:lr=0.01", "", 1, 0, "chebyshev", 3, 0, 0);
    }

    @Test
    void protocolsShareTheMachineryWithTheirOwnRules() {
        SessionPlan partial = SessionPlanner.plan("partial", spec(false), model, 10);
        assertEquals(0, partial.rule().waitFor());
        assertFalse(partial.rule().completeOnly());
        assertEquals(2, partial.config().ell());
        assertEquals(3, partial.config().orders()[0].length);
        assertEquals(10, partial.config().firstRound());

        SessionPlan original = SessionPlanner.plan("original", spec(false), model, 0);
        assertTrue(original.rule().completeOnly());
        assertEquals(8 - (3 - 2), original.rule().waitFor(), "the fastest m - s with s = replication - ell");

        SessionPlan uncoded = SessionPlanner.plan("uncoded", spec(false), model, 0);
        assertEquals(8, uncoded.rule().waitFor());
        assertEquals(1, uncoded.config().ell());
        for (int j = 0; j < 8; j++) {
            assertArrayEquals(new int[] {j}, uncoded.config().orders()[j], "each chunk on one worker");
        }
        assertFalse(uncoded.rescale());

        SessionPlan ignore = SessionPlanner.plan("ignore", spec(false), model, 0);
        assertEquals(7, ignore.rule().waitFor());
        assertTrue(ignore.rescale());
    }

    @Test
    void approximateModeUsesTheDeadline() {
        SessionPlan partial = SessionPlanner.plan("partial", spec(true), model, 0);
        assertEquals(new TriggerPolicy.Deadline(0.5, 0), partial.rule().trigger());
        assertEquals(List.of("partial", "original", "uncoded", "ignore"), TrainingSpec.parseProtocols("all"));
    }
}
