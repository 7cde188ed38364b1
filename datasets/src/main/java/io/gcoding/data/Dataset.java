package io.gcoding.data;

/**
 * A dense, labelled dataset held in memory.
 *
 * <p>The arrays are shared, not copied (Fashion-MNIST's training features are 376 MB as doubles): treat them as
 * immutable. For the same reason {@code equals} compares the arrays by identity, as records do.
 *
 * @param name     what the data is, for logs (e.g. {@code fashion-mnist/train})
 * @param rows     number of examples
 * @param features values per example
 * @param classes  number of classes for multi-class data (labels are class indices 0..classes-1); 1 for regression
 *                 (real labels) and binary data (labels 0 or 1)
 * @param x        features, row-major, {@code rows * features} finite values
 * @param y        one label per row
 */
public record Dataset(String name, int rows, int features, int classes, double[] x, double[] y) {

    public Dataset {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a dataset needs a name");
        }
        if (rows < 1 || features < 1 || classes < 1) {
            throw new IllegalArgumentException(name + ": rows, features and classes must be >= 1, got rows=" + rows
                    + ", features=" + features + ", classes=" + classes);
        }
        if (x == null || x.length != (long) rows * features) {
            throw new IllegalArgumentException(name + ": x must hold rows*features = " + (long) rows * features
                    + " values, got " + (x == null ? "null" : x.length));
        }
        if (y == null || y.length != rows) {
            throw new IllegalArgumentException(name + ": y must hold one label per row (" + rows + "), got "
                    + (y == null ? "null" : y.length));
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + ": feature " + (i % features) + " of row " + (i / features)
                        + " is " + x[i]);
            }
        }
        for (int r = 0; r < rows; r++) {
            double label = y[r];
            if (!Double.isFinite(label)) {
                throw new IllegalArgumentException(name + ": label of row " + r + " is " + label);
            }
            if (classes >= 2 && (label != Math.rint(label) || label < 0 || label >= classes)) {
                throw new IllegalArgumentException(name + ": label of row " + r + " is " + label
                        + ", not a class index in 0.." + (classes - 1));
            }
        }
    }

    /** The rows in the given order, as a new dataset (features copied). */
    public Dataset subset(String subsetName, int[] rowIndices) {
        int f = features;
        double[] sx = new double[rowIndices.length * f];
        double[] sy = new double[rowIndices.length];
        for (int i = 0; i < rowIndices.length; i++) {
            int r = rowIndices[i];
            if (r < 0 || r >= rows) {
                throw new IndexOutOfBoundsException(name + ": row " + r + " outside 0.." + (rows - 1));
            }
            System.arraycopy(x, r * f, sx, i * f, f);
            sy[i] = y[r];
        }
        return new Dataset(subsetName, rowIndices.length, f, classes, sx, sy);
    }

    /** The whole dataset as one chunk (arrays shared). */
    public HostChunk toChunk() {
        return new HostChunk(rows, features, x, y);
    }

    @Override
    public String toString() {
        return name + " (" + rows + " rows x " + features + " features, "
                + (classes >= 2 ? classes + " classes" : "1 output") + ")";
    }
}
