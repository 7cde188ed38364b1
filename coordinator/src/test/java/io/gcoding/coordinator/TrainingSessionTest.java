package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.model.ModelSpec;
import io.gcoding.training.Optimizers;
import org.junit.jupiter.api.Test;

class TrainingSessionTest {

    @Test
    void aModelThatTurnsNonFiniteStopsTheRunBeforeItIsBroadcast() {
        ModelSpec model = ModelSpec.linear(2);
        TrainingSession session = new TrainingSession("partial", () -> 0, model, new double[3],
                Optimizers.parse("sgd:lr=1e308", 1), 10, 0, null, null, (done, record, params) -> { });
        session.initialParameters();
        ModelDivergedException e = assertThrows(ModelDivergedException.class,
                () -> session.onRound(0, new double[] {1e10, 0, 0}, null));
        assertTrue(e.getMessage().startsWith("model diverged: parameter 0 is -Infinity after the"), e.getMessage());
        assertTrue(e.getMessage().contains("lower the learning rate"), e.getMessage());
    }
}
