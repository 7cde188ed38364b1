package io.gcoding.kernels.internal;

import io.gcoding.kernels.ModelSpec;

/**
 * Offsets of each layer's weights and bias in the flat parameter vector, exactly as documented on
 * {@link ModelSpec}: per layer, W (in x out, row-major) then b (out). LINEAR and LOGISTIC are one layer with one
 * output; SOFTMAX is one layer with K outputs; MLP has one or two ReLU layers before it.
 */
public final class ParameterLayout {

    private final int[] sizes;
    private final long[] weightOffsets;
    private final long[] biasOffsets;
    private final long count;

    public ParameterLayout(ModelSpec model) {
        this.sizes = model.layerSizes();
        int layers = sizes.length - 1;
        this.weightOffsets = new long[layers];
        this.biasOffsets = new long[layers];
        long offset = 0;
        for (int l = 0; l < layers; l++) {
            weightOffsets[l] = offset;
            offset += (long) sizes[l] * sizes[l + 1];
            biasOffsets[l] = offset;
            offset += sizes[l + 1];
        }
        this.count = offset;
    }

    public int layers() {
        return weightOffsets.length;
    }

    /** Width of layer boundary {@code i}: 0 is the input, {@code layers()} the output. */
    public int size(int i) {
        return sizes[i];
    }

    public long weightOffset(int layer) {
        return weightOffsets[layer];
    }

    public long weightCount(int layer) {
        return (long) sizes[layer] * sizes[layer + 1];
    }

    public long biasOffset(int layer) {
        return biasOffsets[layer];
    }

    public long parameterCount() {
        return count;
    }
}
