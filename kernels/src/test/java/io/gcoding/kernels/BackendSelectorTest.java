package io.gcoding.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BackendSelectorTest {

    /** A provider with a fixed answer that counts its probes. */
    static class FakeProvider implements BackendProvider {
        final String name;
        final int priority;
        final Availability availability;
        final AtomicInteger probes = new AtomicInteger();

        FakeProvider(String name, int priority, Availability availability) {
            this.name = name;
            this.priority = priority;
            this.availability = availability;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int priority() {
            return priority;
        }

        @Override
        public Availability availability() {
            probes.incrementAndGet();
            return availability;
        }

        @Override
        public ComputeBackend create(BackendOptions options) {
            throw new UnsupportedOperationException("selection must not create backends");
        }
    }

    static Settings settings(Map<String, String> properties, Map<String, String> env) {
        return new Settings(properties::get, env::get);
    }

    static final Settings NONE = settings(Map.of(), Map.of());

    private final FakeProvider cpu = new FakeProvider("cpu", 10, Availability.available("OpenBLAS"));
    private final FakeProvider cuda = new FakeProvider("cuda", 100,
            Availability.unavailable("no CUDA driver (libcuda.so.1 not found)"));

    @Test
    void highestPriorityAvailableWinsAndTheReasonNamesWhatWasSkipped() {
        BackendSelection selection = new BackendSelector(List.of(cpu, cuda), NONE).select();
        assertEquals("cpu", selection.provider().name());
        assertTrue(selection.reason().contains("cuda unavailable: no CUDA driver (libcuda.so.1 not found)"),
                selection.reason());
        assertTrue(selection.logLine().startsWith("compute backend: cpu (OpenBLAS)"), selection.logLine());
    }

    @Test
    void availableHigherPriorityIsPreferred() {
        FakeProvider gpu = new FakeProvider("cuda", 100, Availability.available("H100"));
        assertEquals("cuda", new BackendSelector(List.of(cpu, gpu), NONE).select().provider().name());
    }

    @Test
    void equalPrioritiesAreOrderedByNameWhateverTheClassPathOrder() {
        FakeProvider b = new FakeProvider("beta", 50, Availability.available("b"));
        FakeProvider a = new FakeProvider("alpha", 50, Availability.available("a"));
        assertEquals("alpha", new BackendSelector(List.of(b, a), NONE).select().provider().name());
        assertEquals("alpha", new BackendSelector(List.of(a, b), NONE).select().provider().name());
        assertEquals(List.of(a, b, cpu), new BackendSelector(List.of(cpu, b, a), NONE).ordered());
    }

    @Test
    void overrideForcesTheNamedBackendWithoutProbingOthers() {
        FakeProvider gpu = new FakeProvider("cuda", 100, Availability.available("H100"));
        BackendSelection selection = new BackendSelector(List.of(cpu, gpu),
                settings(Map.of(), Map.of("GCODING_BACKEND", " CPU "))).select();
        assertEquals("cpu", selection.provider().name());
        assertEquals("requested by GCODING_BACKEND=CPU", selection.reason());
        assertEquals(0, gpu.probes.get(), "an override must not probe the other backends");
    }

    @Test
    void systemPropertyBeatsEnvironment() {
        FakeProvider gpu = new FakeProvider("cuda", 100, Availability.available("H100"));
        BackendSelection selection = new BackendSelector(List.of(cpu, gpu),
                settings(Map.of("gcoding.backend", "cuda"), Map.of("GCODING_BACKEND", "cpu"))).select();
        assertEquals("cuda", selection.provider().name());
        assertTrue(selection.reason().contains("-Dgcoding.backend=cuda"), selection.reason());
    }

    @Test
    void requestingAnUnavailableBackendIsAnErrorNamingTheReason() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new BackendSelector(List.of(cpu, cuda),
                        settings(Map.of(), Map.of("GCODING_BACKEND", "cuda"))).select());
        assertTrue(e.getMessage().contains("no CUDA driver (libcuda.so.1 not found)"), e.getMessage());
        assertTrue(e.getMessage().contains("GCODING_BACKEND"), e.getMessage());
    }

    @Test
    void requestingAnUnknownBackendListsTheKnownOnes() {
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new BackendSelector(List.of(cpu, cuda),
                        settings(Map.of("gcoding.backend", "tpu"), Map.of())).select());
        assertTrue(e.getMessage().contains("'tpu'") && e.getMessage().contains("cuda, cpu"), e.getMessage());
    }

    @Test
    void noAvailableBackendIsAnErrorListingEveryReason() {
        FakeProvider brokenCpu = new FakeProvider("cpu", 10, Availability.unavailable("OpenBLAS natives missing"));
        BackendUnavailableException e = assertThrows(BackendUnavailableException.class,
                () -> new BackendSelector(List.of(brokenCpu, cuda), NONE).select());
        assertTrue(e.getMessage().contains("OpenBLAS natives missing") && e.getMessage().contains("libcuda.so.1"),
                e.getMessage());
        assertThrows(BackendUnavailableException.class, () -> new BackendSelector(List.of(), NONE).select());
    }

    @Test
    void aProviderWhoseProbeThrowsIsTreatedAsUnavailable() {
        BackendProvider rogue = new FakeProvider("rogue", 1000, null) {
            @Override
            public Availability availability() {
                throw new UnsatisfiedLinkError("librogue.so");
            }
        };
        BackendSelection selection = new BackendSelector(List.of(rogue, cpu), NONE).select();
        assertEquals("cpu", selection.provider().name());
        assertTrue(selection.reason().contains("librogue.so"), selection.reason());
        assertFalse(BackendSelector.safeAvailability(rogue).available());
    }
}
