package io.gcoding.kernels.internal;

import io.gcoding.model.ModelSpec;

/**
 * What the labels of a chunk can be used for, computed once at upload so that each gradient call validates its
 * labels in O(1). Each field is the first offending row, or -1 when there is none.
 *
 * @param firstNonFinite   first row whose label is NaN or infinite
 * @param firstNonBinary   first row whose label is not 0 or 1
 * @param firstNonClass    first row whose label is not a non-negative integer
 * @param maxClass         largest class index (meaningful when {@code firstNonClass == -1})
 * @param rowOfMaxClass    the row holding {@code maxClass}
 * @param labels           kept for error messages only (the value at an offending row)
 */
public record LabelSummary(int firstNonFinite, int firstNonBinary, int firstNonClass, long maxClass,
        int rowOfMaxClass, double[] labels) {

    public static LabelSummary of(double[] labels) {
        int nonFinite = -1;
        int nonBinary = -1;
        int nonClass = -1;
        long max = -1;
        int rowOfMax = -1;
        for (int i = 0; i < labels.length; i++) {
            double y = labels[i];
            if (nonFinite < 0 && !Double.isFinite(y)) {
                nonFinite = i;
            }
            if (nonBinary < 0 && y != 0.0 && y != 1.0) {
                nonBinary = i;
            }
            boolean classIndex = y >= 0 && y <= Integer.MAX_VALUE && y == Math.rint(y);
            if (!classIndex) {
                if (nonClass < 0) {
                    nonClass = i;
                }
            } else if ((long) y > max) {
                max = (long) y;
                rowOfMax = i;
            }
        }
        return new LabelSummary(nonFinite, nonBinary, nonClass, max, rowOfMax, labels);
    }

    /** Null when the labels suit {@code model}; otherwise a message naming the row, the value and the fix. */
    public String problemFor(ModelSpec model) {
        return switch (model.type()) {
            case LINEAR -> firstNonFinite < 0 ? null
                    : "LINEAR needs finite real labels, but row " + firstNonFinite + " has " + labels[firstNonFinite]
                            + "; clean the data before upload";
            case LOGISTIC -> firstNonBinary < 0 ? null
                    : "LOGISTIC needs labels 0 or 1, but row " + firstNonBinary + " has " + labels[firstNonBinary]
                            + "; map the two classes to 0/1";
            case SOFTMAX, MLP -> {
                if (firstNonClass >= 0) {
                    yield model.type() + " needs class-index labels 0.." + (model.classes() - 1) + ", but row "
                            + firstNonClass + " has " + labels[firstNonClass] + "; labels must be integers";
                }
                yield maxClass < model.classes() ? null
                        : model.type() + " has " + model.classes() + " classes, but row " + rowOfMaxClass
                                + " has label " + maxClass + "; raise classes to at least " + (maxClass + 1)
                                + " or relabel";
            }
        };
    }
}
