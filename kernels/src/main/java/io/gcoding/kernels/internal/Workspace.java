package io.gcoding.kernels.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * Grow-only scratch buffers, one per named slot, so repeated gradients on chunks of the same size allocate nothing.
 * A buffer returned for a slot is valid until the next request for the same slot.
 */
public final class Workspace implements AutoCloseable {

    private final DeviceOps ops;
    private final Map<String, Buffer> slots = new HashMap<>();

    public Workspace(DeviceOps ops) {
        this.ops = ops;
    }

    /** A buffer of at least {@code length} doubles (contents undefined), sliced to exactly {@code length}. */
    public Buffer get(String slot, long length) {
        Buffer root = slots.get(slot);
        if (root == null || root.length() < length) {
            if (root != null) {
                root.close();
                slots.remove(slot);
            }
            root = ops.allocate(Math.max(1, length));
            slots.put(slot, root);
        }
        return root.slice(0, length);
    }

    @Override
    public void close() {
        slots.values().forEach(Buffer::close);
        slots.clear();
    }
}
