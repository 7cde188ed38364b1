package io.gcoding.kernels;

import io.gcoding.data.HostChunk;
import io.gcoding.model.ModelSpec;
import java.util.List;

/**
 * A compute backend: owns device-resident data and does the arithmetic of one worker: per-chunk gradients and the
 * encode combination. The tiny min-norm solves and the parameter server's decode are host work in the coding core
 * ({@code MinNormSolver}, {@code MinNormEncoder}, {@code GradientDecoder}), so a backend has none.
 *
 * <p>Lifecycle: obtain from {@code Backends.select()}, {@link #upload} the worker's chunks once, then per round
 * {@link #gradient} each chunk into its own {@link DeviceVector}, {@link #encode} the first s_j of them, copy the
 * result out; {@link #close()} frees every device allocation this backend made. Handles are closed
 * deterministically (try-with-resources). Double precision throughout. Implementations are not thread-safe:
 * one backend per worker thread.
 */
public interface ComputeBackend extends AutoCloseable {

    /** Short stable name, e.g. {@code cpu} or {@code cuda}. */
    String name();

    /** Human-readable device, e.g. {@code OpenBLAS 0.3.31, 2 threads} or {@code NVIDIA H100 (sm_90)}. */
    String deviceDescription();

    /** Copies a chunk to the device; it stays resident until the handle is closed. */
    DeviceChunk upload(HostChunk chunk);

    /** A zero-filled device vector. */
    DeviceVector allocate(int length);

    /** Host to device: {@code values.length} must equal {@code dst.length()}. */
    void copyIn(double[] values, DeviceVector dst);

    /** Device to host. */
    double[] copyOut(DeviceVector src);

    /**
     * True when vectors live in host memory (CPU backends): {@link #copyOut} is then a memory copy, cheap enough
     * to make of every finished chunk gradient, so that another thread can encode from the copies while this
     * backend keeps computing. A GPU backend's copy crosses the bus: false.
     */
    default boolean hostMemory() {
        return false;
    }

    /**
     * Gradient of the summed loss of the given rows of {@code chunk} with respect to {@code params}
     * (layout: {@link ModelSpec}), written to {@code gradOut} (length {@code model.parameterCount()}).
     *
     * @param rows row indices to use (a mini-batch), or {@code null} for the whole chunk
     * @return the summed loss over those rows at {@code params}
     */
    double gradient(ModelSpec model, DeviceChunk chunk, DeviceVector params, int[] rows, DeviceVector gradOut);

    /**
     * The encoded vector of PROTOCOL.md §2.6: {@code out[x] = sum_i sum_k coeffs[i][k] * g_i[k * L + x]}, where
     * {@code L = out.length()} is the block length (d padded up to ell * L with zeros, so entries of g_i past its
     * own length count as zero). {@code coeffs.length == grads.size()}, each row of length ell.
     */
    void encode(List<DeviceVector> grads, double[][] coeffs, DeviceVector out);

    /** Frees every device resource this backend still holds. Never throws. */
    @Override
    void close();
}
