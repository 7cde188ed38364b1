package io.gcoding.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ModelSpecTest {

    @Test
    void parseAcceptsEveryLabelAndListsTheChoicesOtherwise() {
        for (ModelType type : ModelType.values()) {
            assertEquals(type, ModelType.parse(type.label()));
            assertEquals(type, ModelType.parse(" " + type.name() + " "));
        }
        assertEquals("mlp", ModelType.MLP.label());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelType.parse("cnn"));
        assertTrue(e.getMessage().contains("'cnn'") && e.getMessage().contains("linear, logistic, softmax, mlp"),
                e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> ModelType.parse(null));
    }

    @Test
    void classesFollowTheType() {
        assertEquals(1, ModelSpec.linear(3).classes());
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(ModelType.LOGISTIC, 3, 2, null)).getMessage().contains("classes must be 1"));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelType.LINEAR, 3, 0, null));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> ModelSpec.softmax(3, 1)).getMessage()
                .contains("classes >= 2"));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.mlp(3, 1, 4));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.linear(0));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(null, 3, 1, null));
    }

    @Test
    void onlyAnMlpHasOneOrTwoHiddenLayers() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> new ModelSpec(ModelType.SOFTMAX, 3, 4, new int[] {5})).getMessage().contains("use mlp"));
        assertThrows(IllegalArgumentException.class, () -> new ModelSpec(ModelType.LINEAR, 3, 1, new int[] {5}));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.mlp(3, 4));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.mlp(3, 4, 5, 5, 5));
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.mlp(3, 4, 0));
        assertEquals(2, ModelSpec.mlp(3, 4, 5, 6).hidden().length);
    }

    @Test
    void aModelTooLargeForOneMessageIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.mlp(100_000, 10, 100_000));
        assertTrue(e.getMessage().contains("too large"), e.getMessage());
        assertEquals(ModelSpec.MAX_PARAMETERS, ModelSpec.linear(ModelSpec.MAX_PARAMETERS - 1).parameterCount());
        assertThrows(IllegalArgumentException.class, () -> ModelSpec.linear(ModelSpec.MAX_PARAMETERS));
    }

    @Test
    void layoutPutsEachLayersWeightsThenBiases() {
        ModelSpec model = ModelSpec.mlp(4, 3, 5, 2);
        ParameterLayout layout = model.layout();
        assertArrayEquals(new int[] {4, 5, 2, 3}, model.layerSizes());
        assertEquals(3, layout.layers());
        assertEquals(0, layout.weightOffset(0));
        assertEquals(20, layout.weightCount(0));
        assertEquals(20, layout.biasOffset(0));
        assertEquals(25, layout.weightOffset(1));
        assertEquals(35, layout.biasOffset(1));
        assertEquals(37, layout.weightOffset(2));
        assertEquals(43, layout.biasOffset(2));
        assertEquals(46, layout.parameterCount());
        assertEquals(46, model.parameterCount());
        assertEquals(8, ModelSpec.linear(7).parameterCount());
        assertEquals(7 * 4 + 4, ModelSpec.softmax(7, 4).layout().parameterCount());
    }

    @Test
    void isAnImmutableValue() {
        int[] hidden = {5};
        ModelSpec model = ModelSpec.mlp(3, 2, hidden);
        hidden[0] = 9;
        model.hidden()[0] = 9;
        assertArrayEquals(new int[] {5}, model.hidden());
        assertEquals(ModelSpec.mlp(3, 2, 5), model);
        assertEquals(ModelSpec.mlp(3, 2, 5).hashCode(), model.hashCode());
        assertNotEquals(ModelSpec.mlp(3, 2, 6), model);
        assertEquals("mlp(in=3, classes=2, hidden=[5], d=32)", model.toString());
    }
}
