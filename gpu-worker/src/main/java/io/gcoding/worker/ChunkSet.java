package io.gcoding.worker;

import io.gcoding.data.Chunking;
import io.gcoding.data.Dataset;
import io.gcoding.data.HostChunk;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.SessionConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One session's device state on a worker: its chunks (rebuilt from (dataset, seed, N) exactly as the coordinator
 * split them, then uploaded once), one gradient vector per chunk, the parameter vector and the encode output.
 * Lifecycle: build per Config, reuse every round, close when the next Config arrives or at shutdown.
 *
 * <p>Each chunk is stored as row blocks of about {@link #BLOCK_BYTES} of features, computed one at a time, so that
 * the compute loop looks at its signals between blocks: an ENCODE waits for at most one block, never for the rest
 * of a chunk (the chunk in flight is not used; its blocks stay valid if a RESUME continues it). The gradient is a
 * sum over rows, so a chunk's gradient is the sum of its blocks', in a fixed order, the same on every holder.
 */
final class ChunkSet implements AutoCloseable {
    /** Features per row block: small enough that a block takes a fraction of a millisecond on a CPU core. */
    static final long BLOCK_BYTES = 2L << 20;
    /** Fewer rows than this per block would cost more in calls than it saves in waiting. */
    static final int MIN_BLOCK_ROWS = 64;

    final ModelSpec model;
    final int[] order;
    /** blocks[p][b]: row block b of the p-th chunk of the order. */
    final DeviceChunk[][] blocks;
    /** The first row (within its chunk) of each block, plus the chunk's row count at the end. */
    final int[][] blockStarts;
    /** blockGradients[p][b]; a chunk of one block computes straight into gradients[p]. */
    final DeviceVector[][] blockGradients;
    final DeviceVector[] gradients;
    final DeviceVector params;
    /** The upload buffer at the session's ell: ceil(d / ell) values. */
    final DeviceVector encoded;
    private final ComputeBackend backend;
    private final int sessionEll;
    private final int parameterCount;
    /** Upload buffers of the other ells rounds announced ({@code --ell auto}), allocated on first use. */
    private final java.util.Map<Integer, DeviceVector> otherEll = new java.util.TreeMap<>();

    ChunkSet(ComputeBackend backend, SessionConfig config, int worker, Dataset train) {
        this(backend, config, worker, train, BLOCK_BYTES, MIN_BLOCK_ROWS);
    }

    /** With other block sizes (tests cut small chunks into several blocks). */
    ChunkSet(ComputeBackend backend, SessionConfig config, int worker, Dataset train, long blockBytes,
            int minBlockRows) {
        this.model = config.model();
        this.order = config.orders()[worker];
        this.blocks = new DeviceChunk[order.length][];
        this.blockStarts = new int[order.length][];
        this.blockGradients = new DeviceVector[order.length][];
        this.gradients = new DeviceVector[order.length];
        for (int p = 0; p < order.length; p++) {
            HostChunk host = Chunking.chunk(train, config.chunks(), config.dataSeed(), order[p]);
            int[] starts = blockStarts(host.rows(), host.cols(), blockBytes, minBlockRows);
            int n = starts.length - 1;
            blockStarts[p] = starts;
            blocks[p] = new DeviceChunk[n];
            blockGradients[p] = new DeviceVector[n];
            gradients[p] = backend.allocate(config.parameterCount());
            for (int b = 0; b < n; b++) {
                blocks[p][b] = backend.upload(n == 1 ? host : host.rows(starts[b], starts[b + 1]));
                blockGradients[p][b] = n == 1 ? gradients[p] : backend.allocate(config.parameterCount());
            }
        }
        this.params = backend.allocate(config.parameterCount());
        this.encoded = backend.allocate(config.uploadLength());
        this.backend = backend;
        this.sessionEll = config.ell();
        this.parameterCount = config.parameterCount();
    }

    /** The upload buffer of ceil(d / ell) values for a round at {@code ell} (compute thread). */
    DeviceVector encodedFor(int ell) {
        if (ell == sessionEll) {
            return encoded;
        }
        return otherEll.computeIfAbsent(ell, e -> backend.allocate((parameterCount + e - 1) / e));
    }

    /** Block boundaries: near-equal blocks of at most blockBytes of features (at least minRows rows each). */
    static int[] blockStarts(int rows, int cols, long blockBytes, int minRows) {
        long perBlock = Math.max(minRows, blockBytes / (8L * cols));
        int n = (int) Math.max(1, Math.min(rows, (rows + perBlock - 1) / perBlock));
        int[] starts = new int[n + 1];
        for (int b = 0; b <= n; b++) {
            starts[b] = (int) ((long) rows * b / n);
        }
        return starts;
    }

    int blockCount(int p) {
        return blocks[p].length;
    }

    /**
     * The mini-batch rows of chunk p split by block, relative to each block: null = the whole block, an empty array
     * = nothing of this block is in the batch.
     *
     * @param chunkRows sorted row indices within the chunk, or null for the whole chunk
     */
    int[][] rowsByBlock(int p, int[] chunkRows) {
        int n = blockCount(p);
        int[][] out = new int[n][];
        if (chunkRows == null) {
            return out;
        }
        int[] starts = blockStarts[p];
        int k = 0;
        for (int b = 0; b < n; b++) {
            int from = k;
            while (k < chunkRows.length && chunkRows[k] < starts[b + 1]) {
                k++;
            }
            int[] rows = Arrays.copyOfRange(chunkRows, from, k);
            for (int i = 0; i < rows.length; i++) {
                rows[i] -= starts[b];
            }
            out[b] = rows;
        }
        return out;
    }

    /** gradients[p] = the sum of chunk p's computed block gradients (a no-op for a chunk of one block). */
    void sumBlocks(ComputeBackend backend, int p, boolean[] computed) {
        if (blockCount(p) == 1) {
            return;
        }
        List<DeviceVector> parts = new ArrayList<>();
        for (int b = 0; b < blockCount(p); b++) {
            if (computed[b]) {
                parts.add(blockGradients[p][b]);
            }
        }
        double[][] ones = new double[parts.size()][];
        for (int b = 0; b < ones.length; b++) {
            ones[b] = new double[] {1.0};
        }
        backend.encode(parts, ones, gradients[p]);
    }

    /**
     * Per position of {@code roundOrder} (a permutation of {@link #order}: the round's orders of an adaptive
     * ordering, checked on arrival), the slot of that chunk's device data and gradient.
     */
    int[] slotsFor(int[] roundOrder) {
        int[] slots = new int[roundOrder.length];
        for (int p = 0; p < roundOrder.length; p++) {
            int slot = 0;
            while (order[slot] != roundOrder[p]) {
                slot++;
            }
            slots[p] = slot;
        }
        return slots;
    }

    @Override
    public void close() {
        for (int p = 0; p < order.length; p++) {
            for (int b = 0; blocks[p] != null && b < blocks[p].length; b++) {
                if (blocks[p][b] != null) {
                    blocks[p][b].close();
                }
                if (blockGradients[p][b] != null && blockGradients[p][b] != gradients[p]) {
                    blockGradients[p][b].close();
                }
            }
            if (gradients[p] != null) {
                gradients[p].close();
            }
        }
        params.close();
        encoded.close();
        otherEll.values().forEach(DeviceVector::close);
        otherEll.clear();
    }
}
