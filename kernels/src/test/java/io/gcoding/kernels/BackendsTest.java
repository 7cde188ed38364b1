package io.gcoding.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Discovery through the real META-INF/services file and the real probes of this machine. */
class BackendsTest {

    @Test
    void serviceLoaderFindsBothProviders() {
        List<String> names = Backends.providers().stream().map(BackendProvider::name).sorted().toList();
        assertEquals(List.of("cpu", "cuda"), names);
    }

    @Test
    void selectionLogsExactlyOneLineNamingTheBackendAndWhy() {
        Logger logger = (Logger) LoggerFactory.getLogger(Backends.class);
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            BackendSelection selection = Backends.choose();
            assertEquals(1, appender.list.size(), "one line per selection");
            String line = appender.list.get(0).getFormattedMessage();
            assertTrue(line.startsWith("compute backend: " + selection.provider().name()), line);
            BackendProvider cuda = Backends.providers().stream().filter(p -> p.name().equals("cuda")).findFirst()
                    .orElseThrow();
            if (!cuda.isAvailable() && System.getenv(BackendSelector.ENV) == null
                    && System.getProperty(BackendSelector.PROPERTY) == null) {
                assertEquals("cpu", selection.provider().name());
                assertTrue(line.contains("cuda unavailable: " + cuda.availability().reason()), line);
            }
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void selectCreatesAWorkingBackend() {
        try (ComputeBackend backend = Backends.select(BackendOptions.sharedBy(4))) {
            assertTrue(backend.deviceDescription().length() > 0);
            try (DeviceVector v = backend.allocate(3)) {
                backend.copyIn(new double[] {1, 2, 3}, v);
                assertEquals(2.0, backend.copyOut(v)[1]);
            }
            if (backend.name().equals("cpu")) {
                assertTrue(backend.deviceDescription().endsWith(", 1 thread") || System.getenv("GCODING_BLAS_THREADS")
                        != null || System.getProperty("gcoding.blas.threads") != null,
                        "four workers sharing the machine default to one BLAS thread: "
                                + backend.deviceDescription());
            }
        }
    }
}
