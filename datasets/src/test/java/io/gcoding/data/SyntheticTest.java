package io.gcoding.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.model.ModelSpec;
import org.junit.jupiter.api.Test;

class SyntheticTest {

    @Test
    void defaultsAreThreeClassSoftmax() throws Exception {
        DatasetSpec s = DatasetSpec.parse("synthetic");
        assertEquals(SyntheticSpec.defaults(), s);
        TrainTest data = s.load(null, 1);
        assertEquals(4000, data.train().rows());
        assertEquals(1000, data.test().rows());
        assertEquals(20, data.train().features());
        assertEquals(3, data.train().classes());
        assertEquals(ModelSpec.softmax(20, 3), s.suggestedModel(data));
    }

    @Test
    void logisticHasOneOutputAndZeroOneLabels() {
        Synthetic.Result r = Synthetic.generate((SyntheticSpec) DatasetSpec.parse("synthetic:task=logistic,rows=300"), 2);
        assertEquals(ModelSpec.logistic(20), r.model());
        for (double y : r.data().train().y()) {
            assertTrue(y == 0.0 || y == 1.0);
        }
        assertEquals(Task.BINARY, Task.infer(r.data().train()));
        // classes=2 with task=logistic means binary too
        assertEquals(1, ((SyntheticSpec) DatasetSpec.parse("synthetic:task=logistic,classes=2")).classes());
    }

    @Test
    void sameSeedSameDataOtherSeedOtherData() throws Exception {
        DatasetSpec s = DatasetSpec.parse("synthetic:rows=50,test=10,features=3");
        assertArrayEquals(s.load(null, 1).train().x(), s.load(null, 1).train().x());
        assertArrayEquals(s.load(null, 1).test().y(), s.load(null, 1).test().y());
        assertTrue(!java.util.Arrays.equals(s.load(null, 1).train().x(), s.load(null, 2).train().x()));
    }

    @Test
    void textRoundTripsAndBadOptionsAreNamed() {
        DatasetSpec s = DatasetSpec.parse("synthetic:rows=100,features=5,classes=7,separation=2.5");
        assertEquals(s, DatasetSpec.parse(s.text()));
        assertEquals(DatasetSpec.parse("synthetic:task=linear"), DatasetSpec.parse(DatasetSpec.parse("synthetic:task=linear").text()));

        IllegalArgumentException typo = assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.parse("synthetic:row=100"));
        assertTrue(typo.getMessage().contains("synthetic: unknown parameter 'row'")
                && typo.getMessage().contains("rows"),
                typo.getMessage());
        IllegalArgumentException classes = assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.parse("synthetic:task=linear,classes=3"));
        assertTrue(classes.getMessage().contains("classes must be 1"), classes.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("synthetic:classes=1"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("synthetic:rows=0"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("synthetic:rows=many"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("synthetic:separation=-1"));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("synthetic:rows"));
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> DatasetSpec.parse("mnist"));
        assertTrue(unknown.getMessage().contains("fashion-mnist"), unknown.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse(" "));
        assertThrows(IllegalArgumentException.class, () -> DatasetSpec.parse("fashion-mnist:rows=-5"));
    }
}
