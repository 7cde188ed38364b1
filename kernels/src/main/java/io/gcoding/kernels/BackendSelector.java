package io.gcoding.kernels;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Chooses a backend among providers: honours the override ({@code -Dgcoding.backend=} or {@code GCODING_BACKEND=}),
 * otherwise takes the available provider with the highest priority, ties broken by name (then class name, so the
 * order never depends on the class path). Probes only what it needs: with an override, other providers are never
 * probed. Stateless apart from its collaborators; the providers cache their own probes.
 */
public final class BackendSelector {

    /** System property that forces a backend by name. */
    public static final String PROPERTY = "gcoding.backend";
    /** Environment variable that forces a backend by name (the property wins when both are set). */
    public static final String ENV = "GCODING_BACKEND";

    private static final Comparator<BackendProvider> ORDER = Comparator
            .comparingInt(BackendProvider::priority).reversed()
            .thenComparing(BackendProvider::name)
            .thenComparing(p -> p.getClass().getName());

    private final List<BackendProvider> providers;
    private final Settings settings;

    public BackendSelector(List<BackendProvider> providers, Settings settings) {
        this.providers = List.copyOf(Objects.requireNonNull(providers, "providers"));
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /** Providers in selection order: priority descending, then name. */
    public List<BackendProvider> ordered() {
        List<BackendProvider> sorted = new ArrayList<>(providers);
        sorted.sort(ORDER);
        return sorted;
    }

    /**
     * Picks the backend to use.
     *
     * @throws BackendUnavailableException when the override names an unknown or unavailable backend, or when no
     *                                     provider is available; the message lists the reasons
     */
    public BackendSelection select() {
        Settings.Value override = settings.get(PROPERTY, ENV);
        return override == null ? selectByPriority() : selectOverride(override);
    }

    private BackendSelection selectOverride(Settings.Value override) {
        String wanted = override.value().toLowerCase(Locale.ROOT);
        BackendProvider chosen = ordered().stream().filter(p -> p.name().equals(wanted)).findFirst()
                .orElseThrow(() -> new BackendUnavailableException("unknown compute backend '" + override.value()
                        + "' requested by " + override.source() + "; known backends: " + names()
                        + ". Set it to one of those or unset it to choose automatically."));
        Availability availability = safeAvailability(chosen);
        if (!availability.available()) {
            throw new BackendUnavailableException("compute backend '" + wanted + "' was requested by " + override
                    + " but is unavailable: " + availability.reason()
                    + ". Fix that, or unset " + override.source() + " to fall back automatically.");
        }
        return new BackendSelection(chosen, "requested by " + override);
    }

    private BackendSelection selectByPriority() {
        List<String> skipped = new ArrayList<>();
        for (BackendProvider provider : ordered()) {
            Availability availability = safeAvailability(provider);
            if (availability.available()) {
                String why = "highest-priority available backend (priority " + provider.priority() + ")";
                if (!skipped.isEmpty()) {
                    why += "; skipped " + String.join("; ", skipped);
                }
                return new BackendSelection(provider, why);
            }
            skipped.add(provider.name() + " unavailable: " + availability.reason());
        }
        throw new BackendUnavailableException(providers.isEmpty()
                ? "no compute backend provider found on the class path (META-INF/services/"
                        + BackendProvider.class.getName() + "); add gcoding-kernels to the class path"
                : "no compute backend is available: " + String.join("; ", skipped));
    }

    /** A provider that breaks the never-throw contract is treated as unavailable rather than failing selection. */
    static Availability safeAvailability(BackendProvider provider) {
        try {
            Availability availability = provider.availability();
            return availability != null ? availability
                    : Availability.unavailable("provider " + provider.getClass().getName() + " returned no answer");
        } catch (RuntimeException | LinkageError e) {
            return Availability.unavailable("probe of " + provider.name() + " threw " + e);
        }
    }

    private String names() {
        return ordered().stream().map(BackendProvider::name).collect(Collectors.joining(", "));
    }
}
