package io.gcoding.data;

/**
 * One data chunk in host memory: {@code rows x cols} features, row-major, and one label per row
 * (a real value for LINEAR, 0/1 for LOGISTIC, a class index for SOFTMAX and MLP).
 */
public record HostChunk(int rows, int cols, double[] features, double[] labels) {
    public HostChunk {
        if (rows < 1 || cols < 1) {
            throw new IllegalArgumentException("a chunk needs rows >= 1 and cols >= 1, got " + rows + "x" + cols);
        }
        if (features == null || features.length != (long) rows * cols) {
            throw new IllegalArgumentException("features must hold rows*cols = " + (long) rows * cols + " values, got "
                    + (features == null ? "null" : features.length));
        }
        if (labels == null || labels.length != rows) {
            throw new IllegalArgumentException("labels must hold one value per row (" + rows + "), got "
                    + (labels == null ? "null" : labels.length));
        }
    }

    /** Rows {@code from} (inclusive) to {@code to} (exclusive) as a chunk of their own (a copy). */
    public HostChunk rows(int from, int to) {
        if (from < 0 || to > rows || from >= to) {
            throw new IndexOutOfBoundsException("rows " + from + ".." + to + " of a chunk of " + rows);
        }
        double[] x = java.util.Arrays.copyOfRange(features, from * cols, to * cols);
        return new HostChunk(to - from, cols, x, java.util.Arrays.copyOfRange(labels, from, to));
    }
}
