package io.gcoding.kernels;

/** The models a backend can differentiate. Losses are SUMS over rows, so chunk gradients add up to the full gradient. */
public enum ModelType {
    /** Linear least squares: loss 0.5 * (x.w + b - y)^2 per row; labels are real numbers. */
    LINEAR,
    /** Binary logistic regression: cross-entropy of sigmoid(x.w + b); labels are 0 or 1. */
    LOGISTIC,
    /** Multinomial softmax regression: cross-entropy of softmax(x W + b); labels are class indices 0..K-1. */
    SOFTMAX,
    /** MLP with one or two ReLU hidden layers and a softmax output; labels are class indices. */
    MLP
}
