package io.gcoding.model;

/**
 * Where each layer's weights and biases sit in the flat parameter vector of a {@link ModelSpec}: per layer, from the
 * input, {@code W_l} as in x out row-major (so {@code logits = x W + b}), then {@code b_l[out]}. LINEAR and LOGISTIC
 * are one layer with one output; SOFTMAX is one layer with K outputs; MLP has one or two ReLU layers before it.
 *
 * <p>This is the one definition of the layout: the backends, the evaluator, the initialisation and the wire (a
 * RoundStart carries d doubles in this order) all read it from here. Immutable.
 */
public final class ParameterLayout {

    private final int[] sizes;
    private final int[] weightOffsets;
    private final int[] biasOffsets;
    private final int count;

    /** @param sizes layer widths from the input to the output (at least two entries, each >= 1, d fits an int) */
    ParameterLayout(int[] sizes) {
        this.sizes = sizes.clone();
        int layers = sizes.length - 1;
        this.weightOffsets = new int[layers];
        this.biasOffsets = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffsets[l] = offset;
            offset += sizes[l] * sizes[l + 1];
            biasOffsets[l] = offset;
            offset += sizes[l + 1];
        }
        this.count = offset;
    }

    /** Number of dense layers (1 for LINEAR, LOGISTIC and SOFTMAX). */
    public int layers() {
        return weightOffsets.length;
    }

    /** Width of layer boundary {@code i}: 0 is the input, {@link #layers()} the output. */
    public int size(int i) {
        return sizes[i];
    }

    /** Offset of {@code W_layer} (in x out, row-major). */
    public int weightOffset(int layer) {
        return weightOffsets[layer];
    }

    /** Entries of {@code W_layer}: in x out. */
    public int weightCount(int layer) {
        return sizes[layer] * sizes[layer + 1];
    }

    /** Offset of {@code b_layer} (out entries). */
    public int biasOffset(int layer) {
        return biasOffsets[layer];
    }

    /** The dimension d of the flat vector. */
    public int parameterCount() {
        return count;
    }
}
