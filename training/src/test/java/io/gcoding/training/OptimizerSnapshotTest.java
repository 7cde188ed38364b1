package io.gcoding.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Export, restore, continue: the continued steps are bit for bit those of an optimizer that never stopped. */
class OptimizerSnapshotTest {

    private static double[] gradient(double[] w, int t) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = (i + 1) * (w[i] - 0.5 * i) + Math.sin(t + i);
        }
        return g;
    }

    private static Supplier<Optimizer> factory(String spec) {
        return () -> Optimizers.parse(spec, 3.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd:lr=0.05,momentum=0.9,wd=0.01", "adam:lr=0.01,wd=0.001"})
    void restoredOptimizerContinuesExactly(String spec) {
        Optimizer original = factory(spec).get();
        double[] w = {1.0, -2.0, 0.25, 3.0};
        for (int t = 0; t < 7; t++) {
            original.step(w, gradient(w, t));
        }
        OptimizerSnapshot snapshot = original.snapshot();
        double[] saved = w.clone();
        for (int t = 7; t < 15; t++) {
            original.step(w, gradient(w, t));
        }

        Optimizer resumed = factory(spec).get();
        resumed.restore(snapshot);
        double[] w2 = saved;
        for (int t = 7; t < 15; t++) {
            resumed.step(w2, gradient(w2, t));
        }
        assertArrayEquals(w, w2, 0.0, "bit for bit");
        assertEquals(7, snapshot.steps());
        assertEquals(4, snapshot.length());
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd:lr=0.05,momentum=0.9", "adam:lr=0.01"})
    void snapshotIsACopyAndEmptyBeforeTheFirstStep(String spec) {
        Optimizer o = factory(spec).get();
        OptimizerSnapshot empty = o.snapshot();
        assertEquals(-1, empty.length());
        assertEquals(0, empty.steps());
        double[] w = {1.0, 2.0};
        o.step(w, new double[] {1.0, 1.0});
        OptimizerSnapshot one = o.snapshot();
        double[] first = one.vector(one.names().get(0));
        o.step(w, new double[] {5.0, 5.0});
        assertArrayEquals(first, one.vector(one.names().get(0)), 0.0, "later steps do not change a snapshot");

        Optimizer fresh = factory(spec).get();
        fresh.restore(empty); // restoring the state before the first step: sized on the first step as usual
        double[] w3 = {1.0, 2.0};
        fresh.step(w3, new double[] {1.0, 1.0});
        assertArrayEquals(fresh.snapshot().vector(one.names().get(0)), first, 0.0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sgd:lr=0.05,momentum=0.9", "adam:lr=0.01"})
    void snapshotOfOtherSettingsIsRefused(String spec) {
        Optimizer o = factory(spec).get();
        o.step(new double[] {1.0, 2.0}, new double[] {1.0, 1.0});
        OptimizerSnapshot s = o.snapshot();
        Optimizer otherScale = Optimizers.parse(spec, 4.0);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> otherScale.restore(s));
        assertTrue(e.getMessage().contains("belongs to"), e.getMessage());
        Optimizer otherKind = Optimizers.parse(spec.startsWith("sgd") ? "adam" : "sgd", 3.0);
        assertThrows(IllegalArgumentException.class, () -> otherKind.restore(s));
        // a restored optimizer still refuses a model of another length
        Optimizer same = factory(spec).get();
        same.restore(s);
        assertThrows(IllegalArgumentException.class,
                () -> same.step(new double[] {1.0, 2.0, 3.0}, new double[] {1.0, 1.0, 1.0}));
    }
}
