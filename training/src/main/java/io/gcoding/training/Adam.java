package io.gcoding.training;

import io.gcoding.coding.KeyValueSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Adam (Kingma and Ba 2015) with bias correction and optional L2 weight decay added to the gradient (the original
 * "Adam with L2", not AdamW), applied to every parameter.
 */
public final class Adam implements Optimizer {
    private final double lr;
    private final double beta1;
    private final double beta2;
    private final double eps;
    private final double weightDecay;
    private final double gradientScale;
    private final OptimizerState state = new OptimizerState("adam");
    private double[] m;
    private double[] v;
    private long t;

    /** No weight decay; the gradient is used as given (scale 1). */
    public Adam(double lr, double beta1, double beta2, double eps) {
        this(lr, beta1, beta2, eps, 0.0, 1.0);
    }

    /**
     * @param gradientScale the number of rows the summed gradient covers; the update uses gradient / gradientScale
     */
    public Adam(double lr, double beta1, double beta2, double eps, double weightDecay, double gradientScale) {
        OptimizerState.require(lr > 0 && Double.isFinite(lr), "adam: lr must be > 0, got " + lr);
        OptimizerState.require(beta1 >= 0 && beta1 < 1, "adam: beta1 must be in [0, 1), got " + beta1);
        OptimizerState.require(beta2 >= 0 && beta2 < 1, "adam: beta2 must be in [0, 1), got " + beta2);
        OptimizerState.require(eps > 0 && Double.isFinite(eps), "adam: eps must be > 0, got " + eps);
        OptimizerState.require(weightDecay >= 0 && Double.isFinite(weightDecay),
                "adam: wd must be >= 0, got " + weightDecay);
        OptimizerState.requireScale(gradientScale);
        this.lr = lr;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.gradientScale = gradientScale;
    }

    @Override
    public void step(double[] params, double[] gradient) {
        if (state.check(params, gradient)) {
            m = new double[params.length];
            v = new double[params.length];
        }
        t++;
        double inv = 1.0 / gradientScale;
        double correction1 = 1.0 - Math.pow(beta1, t);
        double correction2 = 1.0 - Math.pow(beta2, t);
        for (int i = 0; i < params.length; i++) {
            double g = gradient[i] * inv + weightDecay * params[i];
            m[i] = beta1 * m[i] + (1 - beta1) * g;
            v[i] = beta2 * v[i] + (1 - beta2) * g * g;
            double mHat = m[i] / correction1;
            double vHat = v[i] / correction2;
            params[i] -= lr * mHat / (Math.sqrt(vHat) + eps);
        }
    }

    @Override
    public String describe() {
        return "adam(lr=" + lr + ", beta1=" + beta1 + ", beta2=" + beta2 + ", eps=" + eps + ", wd=" + weightDecay
                + ", gradient/" + KeyValueSpec.format(gradientScale) + ")";
    }

    @Override
    public OptimizerSnapshot snapshot() {
        Map<String, double[]> vectors = new LinkedHashMap<>();
        if (m != null) {
            vectors.put("m", m);
            vectors.put("v", v);
        }
        return new OptimizerSnapshot(describe(), t, vectors);
    }

    @Override
    public void restore(OptimizerSnapshot snapshot) {
        snapshot.requireOwner(describe(), List.of("m", "v"));
        boolean empty = snapshot.length() < 0;
        m = empty ? null : snapshot.vector("m");
        v = empty ? null : snapshot.vector("v");
        t = snapshot.steps();
        state.restored(snapshot.length());
    }
}
