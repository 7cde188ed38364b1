package io.gcoding.kernels;

/** A data chunk resident on a backend's device. Close it to free the memory (idempotent). */
public interface DeviceChunk extends AutoCloseable {
    int rows();

    int cols();

    @Override
    void close();
}
