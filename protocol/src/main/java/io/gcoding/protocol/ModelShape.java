package io.gcoding.protocol;

import java.util.Arrays;
import java.util.Locale;

/**
 * The model as the wire names it (kept free of the kernels module, which the coordinator-side protocol code does not
 * need): type ({@code linear}, {@code logistic}, {@code softmax}, {@code mlp}), input width, classes, hidden widths.
 * {@link #parameterCount()} follows the flat layout of kernels' {@code ModelSpec}.
 */
public record ModelShape(String type, int inputDim, int classes, int[] hidden) {

    public ModelShape {
        type = type == null ? "" : type.toLowerCase(Locale.ROOT);
        if (!(type.equals("linear") || type.equals("logistic") || type.equals("softmax") || type.equals("mlp"))) {
            throw new IllegalArgumentException("unknown model type '" + type + "' (linear, logistic, softmax, mlp)");
        }
        if (inputDim < 1 || classes < 1) {
            throw new IllegalArgumentException("model needs inputDim, classes >= 1");
        }
        hidden = hidden == null ? new int[0] : hidden.clone();
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("hidden width must be >= 1, got " + h);
            }
        }
        if (!type.equals("mlp") && hidden.length > 0) {
            throw new IllegalArgumentException(type + " has no hidden layers");
        }
    }

    /** d of the flat layout: per layer in x out weights then out biases. */
    public int parameterCount() {
        long d = 0;
        int in = inputDim;
        for (int h : hidden) {
            d += (long) in * h + h;
            in = h;
        }
        d += (long) in * classes + classes;
        if (d > Integer.MAX_VALUE / 8) {
            throw new IllegalArgumentException("model too large for one message: d = " + d);
        }
        return (int) d;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelShape s && type.equals(s.type) && inputDim == s.inputDim && classes == s.classes
                && Arrays.equals(hidden, s.hidden);
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + inputDim * 7 + classes + Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return type + "(in=" + inputDim + ", classes=" + classes + (hidden.length > 0 ? ", hidden="
                + Arrays.toString(hidden) : "") + ")";
    }
}
