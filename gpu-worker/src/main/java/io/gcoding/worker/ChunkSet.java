package io.gcoding.worker;

import io.gcoding.data.Chunking;
import io.gcoding.data.Dataset;
import io.gcoding.data.HostChunk;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.SessionConfig;

/**
 * One session's device state on a worker: its chunks (rebuilt from (dataset, seed, N) exactly as the coordinator
 * split them, then uploaded once), one gradient vector per chunk, the parameter vector and the encode output.
 * Lifecycle: build per Config, reuse every round, close when the next Config arrives or at shutdown.
 */
final class ChunkSet implements AutoCloseable {
    final ModelSpec model;
    final int[] order;
    final DeviceChunk[] chunks;
    final DeviceVector[] gradients;
    final DeviceVector params;
    final DeviceVector encoded;

    ChunkSet(ComputeBackend backend, SessionConfig config, int worker, Dataset train) {
        this.model = config.model();
        this.order = config.orders()[worker];
        this.chunks = new DeviceChunk[order.length];
        this.gradients = new DeviceVector[order.length];
        for (int p = 0; p < order.length; p++) {
            HostChunk host = Chunking.chunk(train, config.chunks(), config.dataSeed(), order[p]);
            chunks[p] = backend.upload(host);
            gradients[p] = backend.allocate(config.parameterCount());
        }
        this.params = backend.allocate(config.parameterCount());
        this.encoded = backend.allocate(config.uploadLength());
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
        for (DeviceChunk c : chunks) {
            if (c != null) {
                c.close();
            }
        }
        for (DeviceVector g : gradients) {
            if (g != null) {
                g.close();
            }
        }
        params.close();
        encoded.close();
    }
}
