package io.gcoding.kernels.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.kernels.Settings;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BlasThreadsTest {

    private static Settings settings(Map<String, String> properties, Map<String, String> env) {
        return new Settings(properties::get, env::get);
    }

    private static final Settings NONE = settings(Map.of(), Map.of());

    @Test
    void aloneOnTheMachineUsesEveryCore() {
        assertEquals(16, BlasThreads.resolve(0, 1, NONE, 16));
    }

    @Test
    void sharedMachineDefaultsToOneThread() {
        assertEquals(1, BlasThreads.resolve(0, 8, NONE, 16));
    }

    @Test
    void explicitOptionBeatsPropertyAndEnvironment() {
        Settings both = settings(Map.of("gcoding.blas.threads", "3"), Map.of("GCODING_BLAS_THREADS", "5"));
        assertEquals(2, BlasThreads.resolve(2, 8, both, 16));
        assertEquals(3, BlasThreads.resolve(0, 8, both, 16));
        assertEquals(5, BlasThreads.resolve(0, 8, settings(Map.of(), Map.of("GCODING_BLAS_THREADS", "5")), 16));
    }

    @Test
    void invalidCountNamesTheSettingAndTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> BlasThreads.resolve(0, 1,
                settings(Map.of(), Map.of("GCODING_BLAS_THREADS", "many")), 4));
        assertTrue(e.getMessage().contains("GCODING_BLAS_THREADS=many"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BlasThreads.resolve(0, 1,
                settings(Map.of("gcoding.blas.threads", "0"), Map.of()), 4));
    }
}
