package io.gcoding.kernels;

/** A vector of doubles resident on a backend's device. Close it to free the memory (idempotent). */
public interface DeviceVector extends AutoCloseable {
    int length();

    @Override
    void close();
}
