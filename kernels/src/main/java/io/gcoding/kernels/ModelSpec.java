package io.gcoding.kernels;

import java.util.Arrays;

/**
 * Shape of a model and the layout of its flat parameter vector (dimension {@link #parameterCount()}).
 *
 * <p>Layout, which every backend and the coordinator share:
 * <ul>
 *   <li>LINEAR, LOGISTIC: {@code w[0..inputDim-1], b}.</li>
 *   <li>SOFTMAX: {@code W} as inputDim x classes row-major (logits = x W + b), then {@code b[classes]}.</li>
 *   <li>MLP: for each layer l (sizes inputDim, hidden..., classes): {@code W_l} as in x out row-major,
 *       then {@code b_l[out]}; layers in order from the input.</li>
 * </ul>
 *
 * @param type       the model
 * @param inputDim   features per row (e.g. 784 for Fashion-MNIST)
 * @param classes    output classes (1 for LINEAR and LOGISTIC)
 * @param hidden     hidden layer widths (MLP only: one or two entries; empty otherwise)
 */
public record ModelSpec(ModelType type, int inputDim, int classes, int[] hidden) {

    public ModelSpec {
        if (type == null) {
            throw new IllegalArgumentException("model type is null");
        }
        if (inputDim < 1) {
            throw new IllegalArgumentException("inputDim must be >= 1, got " + inputDim);
        }
        hidden = hidden == null ? new int[0] : hidden.clone();
        switch (type) {
            case LINEAR, LOGISTIC -> {
                if (classes != 1) {
                    throw new IllegalArgumentException(type + " has one output; classes must be 1, got " + classes);
                }
                if (hidden.length != 0) {
                    throw new IllegalArgumentException(type + " has no hidden layers");
                }
            }
            case SOFTMAX -> {
                if (classes < 2) {
                    throw new IllegalArgumentException("SOFTMAX needs >= 2 classes, got " + classes);
                }
                if (hidden.length != 0) {
                    throw new IllegalArgumentException("SOFTMAX has no hidden layers; use MLP");
                }
            }
            case MLP -> {
                if (classes < 2) {
                    throw new IllegalArgumentException("MLP needs >= 2 classes, got " + classes);
                }
                if (hidden.length < 1 || hidden.length > 2) {
                    throw new IllegalArgumentException("MLP takes one or two hidden layers, got " + hidden.length);
                }
                for (int h : hidden) {
                    if (h < 1) {
                        throw new IllegalArgumentException("hidden layer width must be >= 1, got " + h);
                    }
                }
            }
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
        int[] sizes = new int[hidden.length + 2];
        sizes[0] = inputDim;
        System.arraycopy(hidden, 0, sizes, 1, hidden.length);
        sizes[sizes.length - 1] = classes;
        return sizes;
    }

    /** Dimension d of the flat parameter vector. */
    public int parameterCount() {
        int[] sizes = layerSizes();
        int d = 0;
        for (int l = 0; l + 1 < sizes.length; l++) {
            d += sizes[l] * sizes[l + 1] + sizes[l + 1];
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
        return type + "(in=" + inputDim + ", classes=" + classes
                + (hidden.length > 0 ? ", hidden=" + Arrays.toString(hidden) : "") + ", d=" + parameterCount() + ")";
    }
}
