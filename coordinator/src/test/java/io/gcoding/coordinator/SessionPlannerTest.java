package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.TriggerPolicy;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.model.ModelSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class SessionPlannerTest {
    private final ModelSpec model = ModelSpec.softmax(4, 3);

    private TrainingSpec spec(boolean approximate) {
        return TrainingSpec.builder().workers(8).replication(3).ell(2)
                .mode(approximate ? TrainingSpec.Mode.APPROX : TrainingSpec.Mode.EXACT).deadline(0.5)
                .protocols(ProtocolKind.trainable()).dataset("synthetic").rounds(5).encodeTimeout(3).build();
    }

    @Test
    void protocolsShareTheMachineryWithTheirOwnRules() {
        SessionPlan partial = SessionPlanner.plan(ProtocolKind.PARTIAL, spec(false), model, 10);
        assertEquals(0, partial.rule().waitFor());
        assertEquals(ProtocolKind.Counting.EVERY_CHUNK, partial.rule().kind().counting());
        assertEquals(2, partial.config().ell());
        assertEquals(3, partial.config().orders()[0].length);
        assertEquals(10, partial.config().firstRound());

        SessionPlan original = SessionPlanner.plan(ProtocolKind.ORIGINAL, spec(false), model, 0);
        assertEquals(ProtocolKind.Counting.COMPLETE_WORKERS, original.rule().kind().counting());
        assertEquals(8 - (3 - 2), original.rule().waitFor(), "the fastest m - s with s = replication - ell");

        SessionPlan uncoded = SessionPlanner.plan(ProtocolKind.UNCODED, spec(false), model, 0);
        assertEquals(8, uncoded.rule().waitFor());
        assertEquals(1, uncoded.config().ell());
        for (int j = 0; j < 8; j++) {
            assertArrayEquals(new int[] {j}, uncoded.config().orders()[j], "each chunk on one worker");
        }
        assertFalse(uncoded.rule().kind().rescales());
        assertEquals(ProtocolKind.UploadRule.ON_COMPLETION, uncoded.rule().uploadRule());
        assertEquals(ProtocolKind.UploadRule.ON_COMPLETION, uncoded.config().uploadRule());

        SessionPlan ignore = SessionPlanner.plan(ProtocolKind.IGNORE_STRAGGLERS, spec(false), model, 0);
        assertEquals(7, ignore.rule().waitFor());
        assertTrue(ignore.rule().kind().rescales());
    }

    @Test
    void originalUploadsOnCompletionWithTheFixedCodeOnlyInExactModeWithEllOne() {
        TrainingSpec.Builder b = TrainingSpec.builder().workers(6).replication(3).ell(1)
                .protocols(List.of(ProtocolKind.ORIGINAL)).dataset("synthetic").rounds(5).deadline(0.5);
        SessionPlan exact = SessionPlanner.plan(ProtocolKind.ORIGINAL, b.build(), model, 0);
        assertEquals(ProtocolKind.UploadRule.ON_COMPLETION, exact.rule().uploadRule());
        assertEquals(ProtocolKind.UploadRule.ON_COMPLETION, exact.config().uploadRule(), "told to the workers");
        assertTrue(exact.rule().fixedCode() != null);

        SessionPlan approx = SessionPlanner.plan(ProtocolKind.ORIGINAL, b.mode(TrainingSpec.Mode.APPROX).build(),
                model, 0);
        assertEquals(ProtocolKind.UploadRule.ON_ENCODE, approx.config().uploadRule(), "the deadline's state, decoded"
                + " optimally");
        SessionPlan ell2 = SessionPlanner.plan(ProtocolKind.ORIGINAL, spec(false), model, 0);
        assertEquals(ProtocolKind.UploadRule.ON_ENCODE, ell2.config().uploadRule(), "no fixed code for ell > 1");
        assertEquals(ProtocolKind.UploadRule.ON_ENCODE, SessionPlanner.plan(ProtocolKind.PARTIAL, spec(false), model,
                0).config().uploadRule());
    }

    @Test
    void approximateModeUsesTheDeadline() {
        SessionPlan partial = SessionPlanner.plan(ProtocolKind.PARTIAL, spec(true), model, 0);
        assertEquals(new TriggerPolicy.Deadline(0.5, 0), partial.rule().trigger());
        assertEquals(List.of(ProtocolKind.PARTIAL, ProtocolKind.ORIGINAL, ProtocolKind.COMPLETE_COVER,
                ProtocolKind.UNCODED, ProtocolKind.IGNORE_STRAGGLERS), ProtocolKind.parseList("all"));
        assertEquals(List.of(ProtocolKind.IGNORE_STRAGGLERS), ProtocolKind.parseList("ignore"), "the old name");
    }

    @Test
    void assignmentAndOrderingComeFromTheSameSpecsAsSimulate() {
        TrainingSpec frc = TrainingSpec.builder().workers(6).replication(3).assignment("frc").ordering("random")
                .dataset("synthetic").build();
        SessionPlan plan = SessionPlanner.plan(ProtocolKind.PARTIAL, frc, model, 0);
        // FRC(6, 3): workers 0-2 hold chunks 0-2, workers 3-5 hold chunks 3-5, each in a seeded random order
        for (int j = 0; j < 6; j++) {
            int[] sorted = plan.config().orders()[j].clone();
            java.util.Arrays.sort(sorted);
            assertArrayEquals(j < 3 ? new int[] {0, 1, 2} : new int[] {3, 4, 5}, sorted);
        }
        assertEquals(plan.config().orders()[0].length, 3);
        org.junit.jupiter.api.Assertions.assertThrows(io.gcoding.coding.ConfigurationException.class,
                () -> TrainingSpec.builder().assignment("spiral").build());
    }
}
