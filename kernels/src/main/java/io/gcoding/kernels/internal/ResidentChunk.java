package io.gcoding.kernels.internal;

import io.gcoding.kernels.DeviceChunk;

/** A {@link DeviceChunk}: features (rows x cols, row-major) and labels resident in an {@link OpsBackend}'s memory. */
final class ResidentChunk implements DeviceChunk {

    final OpsBackend owner;
    private final int rows;
    private final int cols;
    private final Buffer features;
    private final Buffer labels;
    private final LabelSummary labelSummary;
    private boolean closed;

    ResidentChunk(OpsBackend owner, int rows, int cols, Buffer features, Buffer labels, LabelSummary labelSummary) {
        this.owner = owner;
        this.rows = rows;
        this.cols = cols;
        this.features = features;
        this.labels = labels;
        this.labelSummary = labelSummary;
    }

    @Override
    public int rows() {
        return rows;
    }

    @Override
    public int cols() {
        return cols;
    }

    Buffer features() {
        checkOpen();
        return features;
    }

    Buffer labels() {
        checkOpen();
        return labels;
    }

    LabelSummary labelSummary() {
        return labelSummary;
    }

    boolean isClosed() {
        return closed;
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("chunk " + rows + "x" + cols + " was closed; upload it again");
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            features.close();
            labels.close();
            owner.forget(this);
        }
    }
}
