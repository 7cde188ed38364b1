package io.gcoding.training;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class OptimizerTest {
    /** f(w) = 0.5 sum a_i (w_i - c_i)^2, badly conditioned (a from 0.1 to 10). */
    private static final double[] A = {0.1, 1.0, 3.0, 10.0};
    private static final double[] C = {1.0, -2.0, 0.5, 3.0};

    private static double[] quadraticGradient(double[] w) {
        double[] g = new double[w.length];
        for (int i = 0; i < w.length; i++) {
            g[i] = A[i] * (w[i] - C[i]);
        }
        return g;
    }

    private static double distance(double[] w) {
        double s = 0;
        for (int i = 0; i < w.length; i++) {
            s += (w[i] - C[i]) * (w[i] - C[i]);
        }
        return Math.sqrt(s);
    }

    @Test
    void sgdWithMomentumConvergesOnAQuadratic() {
        Optimizer sgd = new Sgd(0.15, 0.9);
        double[] w = new double[4];
        for (int t = 0; t < 1000; t++) {
            sgd.step(w, quadraticGradient(w));
        }
        assertTrue(distance(w) < 1e-8, "distance to the optimum " + distance(w));
    }

    @Test
    void adamConvergesOnAQuadratic() {
        Optimizer adam = new Adam(0.01, 0.9, 0.999, 1e-8);
        double[] w = new double[4];
        for (int t = 0; t < 5000; t++) {
            adam.step(w, quadraticGradient(w));
        }
        assertTrue(distance(w) < 1e-3, "distance to the optimum " + distance(w));
    }

    @Test
    void sgdFirstStepsByHand() {
        // scale 2: the summed gradient covers two rows, so the mean gradient is half of it
        Optimizer sgd = new Sgd(0.1, 0.9, 0.0, 2.0);
        double[] w = {1.0, -2.0};
        sgd.step(w, new double[] {4.0, 2.0}); // g = (2, 1); v = g; w -= 0.1 v
        assertArrayEquals(new double[] {0.8, -2.1}, w, 1e-15);
        sgd.step(w, new double[] {4.0, 2.0}); // v = 0.9 (2, 1) + (2, 1) = (3.8, 1.9)
        assertArrayEquals(new double[] {0.8 - 0.38, -2.1 - 0.19}, w, 1e-15);
    }

    @Test
    void weightDecayAddsL2() {
        Optimizer sgd = new Sgd(0.1, 0.0, 0.5, 1.0);
        double[] w = {2.0};
        sgd.step(w, new double[] {1.0}); // g = 1 + 0.5 * 2 = 2
        assertArrayEquals(new double[] {1.8}, w, 1e-15);
    }

    @Test
    void adamFirstStepsByHand() {
        double lr = 0.01;
        double eps = 1e-8;
        Optimizer adam = new Adam(lr, 0.9, 0.999, eps, 0.0, 1.0);
        double[] w = {1.0, -2.0};
        adam.step(w, new double[] {3.0, -0.5});
        // after bias correction m_hat = g and v_hat = g^2: the first step is lr * g / (|g| + eps)
        assertArrayEquals(new double[] {1.0 - lr * 3.0 / (3.0 + eps), -2.0 + lr * 0.5 / (0.5 + eps)}, w, 1e-15);
        double[] before = w.clone();
        adam.step(w, new double[] {1.0, 1.0});
        double m0 = 0.9 * 0.1 * 3.0 + 0.1 * 1.0;
        double v0 = 0.999 * 0.001 * 9.0 + 0.001 * 1.0;
        double m1 = 0.9 * 0.1 * -0.5 + 0.1 * 1.0;
        double v1 = 0.999 * 0.001 * 0.25 + 0.001 * 1.0;
        double c1 = 1 - 0.9 * 0.9;
        double c2 = 1 - 0.999 * 0.999;
        assertEquals(before[0] - lr * (m0 / c1) / (Math.sqrt(v0 / c2) + eps), w[0], 1e-15);
        assertEquals(before[1] - lr * (m1 / c1) / (Math.sqrt(v1 / c2) + eps), w[1], 1e-15);
    }

    @Test
    void gradientScaleMakesSumAndMeanAgree() {
        double[] sumStep = {0.0};
        double[] meanStep = {0.0};
        Optimizers.parse("adam:lr=0.1", 1000).step(sumStep, new double[] {-5000.0});
        Optimizers.parse("adam:lr=0.1", 1).step(meanStep, new double[] {-5.0});
        assertEquals(meanStep[0], sumStep[0], 1e-15);
    }

    @Test
    void badGradientsAreRefusedAndLeaveParametersAlone() {
        Optimizer sgd = new Sgd(0.1, 0.9);
        double[] w = {1.0, 2.0};
        IllegalArgumentException nan = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(w, new double[] {0.5, Double.NaN}));
        assertTrue(nan.getMessage().contains("entry 1 is NaN"), nan.getMessage());
        assertArrayEquals(new double[] {1.0, 2.0}, w);
        assertThrows(IllegalArgumentException.class, () -> sgd.step(w, new double[] {1.0}));
        sgd.step(w, new double[] {1.0, 1.0});
        IllegalArgumentException changed = assertThrows(IllegalArgumentException.class,
                () -> sgd.step(new double[3], new double[3]));
        assertTrue(changed.getMessage().contains("changed from 2 to 3"), changed.getMessage());
    }

    @Test
    void parsingDefaultsAndDescriptions() {
        OptimizerSpec sgd = OptimizerSpec.parse("sgd");
        assertEquals(OptimizerSpec.Kind.SGD, sgd.kind());
        assertEquals(0.1, sgd.lr());
        assertEquals(0.0, sgd.momentum());
        OptimizerSpec sgdM = OptimizerSpec.parse("sgd:lr=0.05,momentum=0.9,wd=1e-4");
        assertEquals(0.9, sgdM.momentum());
        assertEquals(1e-4, sgdM.weightDecay());
        OptimizerSpec adam = OptimizerSpec.parse("adam:lr=0.002");
        assertEquals(0.002, adam.lr());
        assertEquals(0.9, adam.beta1());
        assertEquals(0.999, adam.beta2());
        assertEquals(1e-8, adam.eps());
        assertEquals(adam, OptimizerSpec.parse(adam.text()));
        assertEquals(sgdM, OptimizerSpec.parse(sgdM.text()));
        String d = Optimizers.parse("sgd:lr=0.05,momentum=0.9", 60000).describe();
        assertTrue(d.contains("lr=0.05") && d.contains("momentum=0.9") && d.contains("60000"), d);
        assertTrue(adam.create(640).describe().startsWith("adam(lr=0.002"), adam.create(640).describe());
    }

    @Test
    void parsingErrorsSayWhatIsAllowed() {
        IllegalArgumentException kind = assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("rmsprop"));
        assertTrue(kind.getMessage().contains("use sgd") && kind.getMessage().contains("adam"), kind.getMessage());
        IllegalArgumentException key = assertThrows(IllegalArgumentException.class,
                () -> OptimizerSpec.parse("sgd:lr=0.1,beta1=0.9"));
        assertTrue(key.getMessage().contains("sgd: unknown parameter 'beta1'") && key.getMessage().contains("momentum"),
                key.getMessage());
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("sgd:lr=0"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("sgd:lr=fast"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("sgd:momentum=1"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("adam:beta2=1.0"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("adam:eps=0"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("adam:wd=-1"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse("adam:lr=0.1,lr=0.2"));
        assertThrows(IllegalArgumentException.class, () -> OptimizerSpec.parse(""));
        IllegalArgumentException scale = assertThrows(IllegalArgumentException.class,
                () -> Optimizers.parse("adam", 0));
        assertTrue(scale.getMessage().contains("gradientScale"), scale.getMessage());
    }
}
