package io.gcoding.kernels.internal;

import io.gcoding.kernels.DeviceVector;

/** A {@link DeviceVector} backed by a root {@link Buffer} of an {@link OpsBackend}. */
final class ResidentVector implements DeviceVector {

    final OpsBackend owner;
    private final Buffer buffer;
    private final int length;
    private boolean closed;

    ResidentVector(OpsBackend owner, Buffer buffer, int length) {
        this.owner = owner;
        this.buffer = buffer;
        this.length = length;
    }

    @Override
    public int length() {
        return length;
    }

    Buffer buffer() {
        if (closed) {
            throw new IllegalStateException("device vector of length " + length + " was closed; allocate a new one");
        }
        return buffer;
    }

    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            buffer.close();
            owner.forget(this);
        }
    }

    @Override
    public String toString() {
        return owner.name() + " vector[" + length + "]" + (closed ? " (closed)" : "");
    }
}
