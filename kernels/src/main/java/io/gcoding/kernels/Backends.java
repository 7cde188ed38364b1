package io.gcoding.kernels;

import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point: finds the {@link BackendProvider}s on the class path and creates the backend to use.
 *
 * <p>Selection ({@link BackendSelector}): {@code -Dgcoding.backend=cpu|cuda} or {@code GCODING_BACKEND=cpu|cuda}
 * forces a backend (an unavailable one is an error naming the reason); otherwise the available provider with the
 * highest priority wins (cuda 100, cpu 10), ties broken by name. Exactly one INFO line says which and why.
 */
public final class Backends {

    private static final Logger LOG = LoggerFactory.getLogger(Backends.class);

    private Backends() {
    }

    /** Creates the selected backend with default options. */
    public static ComputeBackend select() {
        return select(BackendOptions.defaults());
    }

    /** Creates the selected backend. */
    public static ComputeBackend select(BackendOptions options) {
        return choose().provider().create(options);
    }

    /** Selects without creating (and logs the choice). */
    public static BackendSelection choose() {
        BackendSelection selection = new BackendSelector(providers(), Settings.system()).select();
        LOG.info(selection.logLine());
        return selection;
    }

    /** Every provider registered through {@link ServiceLoader} (cheap: providers probe lazily). */
    public static List<BackendProvider> providers() {
        List<BackendProvider> found = new ArrayList<>();
        ServiceLoader.load(BackendProvider.class, Backends.class.getClassLoader()).forEach(found::add);
        return found;
    }
}
