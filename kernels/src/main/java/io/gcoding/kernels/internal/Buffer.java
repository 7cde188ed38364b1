package io.gcoding.kernels.internal;

/**
 * A range of doubles in a backend's memory. A root buffer owns its memory and frees it on {@link #close()}; a slice
 * is a view into a root and its {@code close()} does nothing. Buffers are only ever passed back to the
 * {@link DeviceOps} that made them.
 */
public interface Buffer extends AutoCloseable {

    /** Number of doubles. */
    long length();

    /** A view of {@code length} doubles starting at {@code offset} (relative to this buffer). */
    Buffer slice(long offset, long length);

    /** Frees a root buffer (idempotent); a no-op on slices. */
    @Override
    void close();

    /** Bounds check shared by implementations of {@link #slice}. */
    static void checkSlice(Buffer parent, long offset, long length) {
        if (offset < 0 || length < 0 || offset + length > parent.length()) {
            throw new IndexOutOfBoundsException("slice [" + offset + ", " + (offset + length) + ") of a buffer of "
                    + parent.length() + " doubles");
        }
    }
}
