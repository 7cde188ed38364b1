package io.gcoding.model;

import java.util.Arrays;

/**
 * A model: its type and shape, validated once here, and the layout of its flat parameter vector
 * ({@link #layout()}, dimension {@link #parameterCount()}). The coordinator, the wire and every backend use this one
 * record, so a model the coordinator accepts is a model every worker can compute.
 *
 * <p>Rules: LINEAR and LOGISTIC have one output ({@code classes == 1}); SOFTMAX and MLP have {@code classes >= 2};
 * only an MLP has hidden layers, one or two, each at least 1 wide; d is at most {@link #MAX_PARAMETERS}.
 *
 * @param type     the model
 * @param inputDim features per row (e.g. 784 for Fashion-MNIST)
 * @param classes  outputs: 1 for LINEAR and LOGISTIC, the number of classes for SOFTMAX and MLP
 * @param hidden   hidden layer widths (MLP only: one or two entries; empty otherwise)
 */
public record ModelSpec(ModelType type, int inputDim, int classes, int[] hidden) {

    /**
     * The largest d: a parameter vector or gradient of d doubles must fit in one Java byte array (d * 8 bytes), as
     * the wire carries it.
     */
    public static final int MAX_PARAMETERS = Integer.MAX_VALUE / 8;

    public ModelSpec {
        if (type == null) {
            throw new IllegalArgumentException("model type is missing; choose linear, logistic, softmax or mlp");
        }
        if (inputDim < 1) {
            throw new IllegalArgumentException(type.label() + ": inputDim must be >= 1, got " + inputDim);
        }
        hidden = hidden == null ? new int[0] : hidden.clone();
        switch (type) {
            case LINEAR, LOGISTIC -> {
                if (classes != 1) {
                    throw new IllegalArgumentException(type.label() + " has one output, so classes must be 1, got "
                            + classes + (type == ModelType.LOGISTIC ? "; use softmax for several classes" : ""));
                }
            }
            case SOFTMAX, MLP -> {
                if (classes < 2) {
                    throw new IllegalArgumentException(type.label() + " needs classes >= 2, got " + classes
                            + "; use logistic for one 0/1 output");
                }
            }
        }
        if (type != ModelType.MLP && hidden.length != 0) {
            throw new IllegalArgumentException(type.label() + " has no hidden layers (got "
                    + Arrays.toString(hidden) + "); use mlp for hidden layers");
        }
        if (type == ModelType.MLP && (hidden.length < 1 || hidden.length > 2)) {
            throw new IllegalArgumentException("mlp takes one or two hidden layers, got " + hidden.length
                    + " (e.g. hidden 128 or 256,128)");
        }
        for (int h : hidden) {
            if (h < 1) {
                throw new IllegalArgumentException("mlp: hidden layer width must be >= 1, got " + h);
            }
        }
        long d = dimension(sizes(inputDim, hidden, classes));
        if (d > MAX_PARAMETERS) {
            throw new IllegalArgumentException(type.label() + " with " + d + " parameters is too large: d must be at"
                    + " most " + MAX_PARAMETERS + " (a vector of d doubles travels in one message); use fewer"
                    + " features or narrower layers");
        }
    }

    public static ModelSpec linear(int inputDim) {
        return new ModelSpec(ModelType.LINEAR, inputDim, 1, new int[0]);
    }

    public static ModelSpec logistic(int inputDim) {
        return new ModelSpec(ModelType.LOGISTIC, inputDim, 1, new int[0]);
    }

    public static ModelSpec softmax(int inputDim, int classes) {
        return new ModelSpec(ModelType.SOFTMAX, inputDim, classes, new int[0]);
    }

    public static ModelSpec mlp(int inputDim, int classes, int... hidden) {
        return new ModelSpec(ModelType.MLP, inputDim, classes, hidden);
    }

    /** Layer widths from the input to the output: inputDim, hidden..., outputs. */
    public int[] layerSizes() {
        return sizes(inputDim, hidden, classes);
    }

    /** Offsets of every layer's weights and biases in the flat parameter vector. */
    public ParameterLayout layout() {
        return new ParameterLayout(layerSizes());
    }

    /** Dimension d of the flat parameter vector. */
    public int parameterCount() {
        return (int) dimension(layerSizes());
    }

    private static int[] sizes(int inputDim, int[] hidden, int classes) {
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        return sizes;
    }

    private static long dimension(int[] sizes) {
        long d = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            d += (long) sizes[l] * sizes[l + 1] + sizes[l + 1];
        }
        return d;
    }

    @Override
    public int[] hidden() {
        return hidden.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ModelSpec other && type == other.type && inputDim == other.inputDim
                && classes == other.classes && Arrays.equals(hidden, other.hidden);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * (31 * type.hashCode() + inputDim) + classes) + Arrays.hashCode(hidden);
    }

    @Override
    public String toString() {
        return type.label() + "(in=" + inputDim + ", classes=" + classes
                + (hidden.length > 0 ? ", hidden=" + Arrays.toString(hidden) : "") + ", d=" + parameterCount() + ")";
    }
}
