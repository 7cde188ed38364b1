package io.gcoding.coding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** An ordering as users name it: {@code natural}, {@code random}, {@code optimal} (seeded) or {@code csv:PATH}. */
public record OrderingSpec(String kind, long seed) {

    public OrderingSpec {
        if (kind == null || !(kind.equals("natural") || kind.equals("random") || kind.equals("optimal")
                || kind.startsWith("csv:"))) {
            throw new ConfigurationException("unknown ordering '" + kind + "' (use natural, random, optimal or csv:PATH)");
        }
    }

    /** @param ell the ell that {@code optimal} optimises Q_max for */
    public Ordering build(Assignment assignment, int ell) {
        return switch (kind) {
            case "natural" -> Orderings.natural(assignment);
            case "random" -> Orderings.random(assignment, seed);
            case "optimal" -> Orderings.optimal(assignment, ell, seed);
            default -> {
                Path path = Path.of(kind.substring("csv:".length()));
                try {
                    yield OrderingCsv.read(path, assignment);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read ordering file " + path + ": " + e.getMessage(), e);
                }
            }
        };
    }
}
