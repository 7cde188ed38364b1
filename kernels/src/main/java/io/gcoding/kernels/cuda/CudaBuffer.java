package io.gcoding.kernels.cuda;

import static jcuda.driver.JCudaDriver.cuMemFree;

import io.gcoding.kernels.internal.Buffer;
import jcuda.Sizeof;
import jcuda.driver.CUdeviceptr;

/** Doubles in device memory: a root {@code cuMemAlloc} allocation, or a slice (offset, length) of one. */
final class CudaBuffer implements Buffer {

    private final CUdeviceptr root;
    private final long offset;
    private final long length;
    private final boolean owner;
    private boolean closed;

    private CudaBuffer(CUdeviceptr root, long offset, long length, boolean owner) {
        this.root = root;
        this.offset = offset;
        this.length = length;
        this.owner = owner;
    }

    static CudaBuffer root(CUdeviceptr allocation, long length) {
        return new CudaBuffer(allocation, 0, length, true);
    }

    /** Device address of element 0 of this buffer. */
    CUdeviceptr pointer() {
        if (closed) {
            throw new IllegalStateException("device buffer was freed");
        }
        return offset == 0 ? root : root.withByteOffset(offset * Sizeof.DOUBLE);
    }

    /** The allocation this buffer lies in (for pointer arrays, which must hold plain allocation addresses). */
    CUdeviceptr rootPointer() {
        return root;
    }

    /** Offset of element 0 within {@link #rootPointer()}, in doubles. */
    long offset() {
        return offset;
    }

    @Override
    public long length() {
        return length;
    }

    @Override
    public Buffer slice(long sliceOffset, long sliceLength) {
        Buffer.checkSlice(this, sliceOffset, sliceLength);
        return new CudaBuffer(root, offset + sliceOffset, sliceLength, false);
    }

    @Override
    public void close() {
        if (owner && !closed) {
            closed = true;
            cuMemFree(root);
        }
    }
}
