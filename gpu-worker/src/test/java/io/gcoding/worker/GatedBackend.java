package io.gcoding.worker;

import io.gcoding.data.HostChunk;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceChunk;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.kernels.cpu.CpuBackendProvider;
import io.gcoding.model.ModelSpec;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The real CPU backend behind a gate the test holds: every chunk gradient takes one permit before it is computed,
 * so a test decides exactly how far the worker gets, and where its compute thread waits, without timing
 * assumptions. Handed to the worker through its backend factory, like any backend.
 */
final class GatedBackend implements ComputeBackend {
    private static final int OPEN = Integer.MAX_VALUE / 2;

    private final ComputeBackend cpu = new CpuBackendProvider().create(new BackendOptions(1, 1, 0));
    private final Semaphore gate;
    /** One entry per gradient the worker asked for, put there before it waits at the gate. */
    private final BlockingQueue<Integer> requests = new LinkedBlockingQueue<>();
    private int requested;
    /** Counts down when the worker closes its backend. */
    final CountDownLatch closed = new CountDownLatch(1);

    private GatedBackend(int permits) {
        gate = new Semaphore(permits);
    }

    /** Every gradient runs at once. */
    static GatedBackend open() {
        return new GatedBackend(OPEN);
    }

    /** No gradient runs until {@link #allow} or {@link #openFully}. */
    static GatedBackend shut() {
        return new GatedBackend(0);
    }

    /** Lets {@code chunks} more chunk gradients run. */
    void allow(int chunks) {
        gate.release(chunks);
    }

    void openFully() {
        gate.release(OPEN);
    }

    /**
     * Waits until the worker has asked for its {@code total}-th chunk gradient since it started: afterwards its
     * compute thread is inside that gradient, at or past the gate. Call from the test thread only.
     */
    void awaitGradientRequests(int total) throws InterruptedException {
        while (requested < total) {
            if (requests.poll(ScriptedCoordinator.TIMEOUT_SECONDS, TimeUnit.SECONDS) == null) {
                throw new AssertionError("the worker asked for " + requested + " chunk gradients, not " + total);
            }
            requested++;
        }
    }

    /** Permits not yet taken by the worker. */
    int unusedPermits() {
        return gate.availablePermits();
    }

    @Override
    public double gradient(ModelSpec model, DeviceChunk chunk, DeviceVector params, int[] rows, DeviceVector gradOut) {
        requests.add(chunk.rows());
        try {
            gate.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted at the test's gate", e);
        }
        return cpu.gradient(model, chunk, params, rows, gradOut);
    }

    @Override
    public String name() {
        return cpu.name();
    }

    @Override
    public String deviceDescription() {
        return "gated " + cpu.deviceDescription();
    }

    @Override
    public DeviceChunk upload(HostChunk chunk) {
        return cpu.upload(chunk);
    }

    @Override
    public DeviceVector allocate(int length) {
        return cpu.allocate(length);
    }

    @Override
    public void copyIn(double[] values, DeviceVector dst) {
        cpu.copyIn(values, dst);
    }

    @Override
    public double[] copyOut(DeviceVector src) {
        return cpu.copyOut(src);
    }

    @Override
    public boolean hostMemory() {
        return cpu.hostMemory();
    }

    @Override
    public void encode(List<DeviceVector> grads, double[][] coeffs, DeviceVector out) {
        cpu.encode(grads, coeffs, out);
    }

    @Override
    public void close() {
        cpu.close();
        closed.countDown();
    }
}
