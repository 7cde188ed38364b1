package io.gcoding.kernels.cpu;

import io.gcoding.kernels.internal.Buffer;
import org.bytedeco.javacpp.DoublePointer;

/**
 * Doubles in native memory (JavaCPP), so OpenBLAS reads them without the copy its {@code double[]} overloads make.
 * The pointer's position is this buffer's first element and its limit the end, which is what cblas calls and bulk
 * get/put honour.
 */
final class OffHeapBuffer implements Buffer {

    private final DoublePointer pointer;
    private final long length;
    private final boolean owner;
    private boolean closed;

    private OffHeapBuffer(DoublePointer pointer, long length, boolean owner) {
        this.pointer = pointer;
        this.length = length;
        this.owner = owner;
    }

    static OffHeapBuffer allocate(long length) {
        return new OffHeapBuffer(new DoublePointer(length), length, true);
    }

    /** The pointer positioned at element 0 of this buffer. Callers must not move it; use {@link #view()}. */
    DoublePointer pointer() {
        if (closed) {
            throw new IllegalStateException("off-heap buffer was freed");
        }
        return pointer;
    }

    /** A fresh pointer on the same memory whose position the caller may move (never close it: that frees the root). */
    DoublePointer view() {
        return new DoublePointer(pointer());
    }

    /** Absolute position of element 0 of this buffer within its root allocation. */
    long base() {
        return pointer.position();
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Buffer slice(long offset, long sliceLength) {
        Buffer.checkSlice(this, offset, sliceLength);
        long start = pointer().position() + offset;
        DoublePointer view = new DoublePointer(pointer).position(start).limit(start + sliceLength);
        return new OffHeapBuffer(view, sliceLength, false);
    }

    @Override
    public void close() {
        // Only the root frees: closing a JavaCPP view would free the root's memory through its proxy deallocator.
        if (owner && !closed) {
            closed = true;
            pointer.close();
        }
    }
}
