package io.gcoding.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** The models gcoding trains. Losses are SUMS over rows, so chunk gradients add up to the full gradient. */
public enum ModelType {
    /** Linear least squares: loss 0.5 * (x.w + b - y)^2 per row; labels are real numbers. */
    LINEAR,
    /** Binary logistic regression: cross-entropy of sigmoid(x.w + b); labels are 0 or 1. */
    LOGISTIC,
    /** Multinomial softmax regression: cross-entropy of softmax(x W + b); labels are class indices 0..K-1. */
    SOFTMAX,
    /** MLP with one or two ReLU hidden layers and a softmax output; labels are class indices. */
    MLP;

    /** How the command line and the wire spell it: {@code linear}, {@code logistic}, {@code softmax}, {@code mlp}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The type a {@link #label()} names (case and surrounding blanks ignored).
     *
     * @throws IllegalArgumentException naming the text and the choices
     */
    public static ModelType parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        for (ModelType type : values()) {
            if (type.label().equals(t)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown model '" + text + "'; choose one of "
                + Arrays.stream(values()).map(ModelType::label).collect(Collectors.joining(", ")));
    }
}
