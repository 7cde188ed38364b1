package io.gcoding.coding;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An ordering as users name it: {@code natural}, {@code random}, {@code optimal} (seeded), {@code csv:PATH}, or
 * {@code adaptive}: the optimal orders, re-chosen every round from the measured speeds ({@link #policy}).
 */
public record OrderingSpec(String kind, long seed) {

    public OrderingSpec {
        if (kind == null || !(kind.equals("natural") || kind.equals("random") || kind.equals("optimal")
                || kind.equals("adaptive") || kind.startsWith("csv:"))) {
            throw new ConfigurationException("unknown ordering '" + kind + "' (use natural, random, optimal, adaptive or csv:PATH)");
        }
    }

    /** True for {@code adaptive}: the orders change between rounds. */
    public boolean isAdaptive() {
        return kind.equals("adaptive");
    }

    /** The policy that picks each round's orders: {@link AdaptiveOrderingPolicy} or the fixed {@link #build}. */
    public OrderingPolicy policy(Assignment assignment, int ell) {
        Ordering start = build(assignment, ell);
        return isAdaptive() ? new AdaptiveOrderingPolicy(start, ell, seed) : OrderingPolicy.fixed(start);
    }

    /**
     * @param ell the ell that {@code optimal} optimises Q_max for; {@code adaptive} gives its start, the optimal
     *            orders
     */
    public Ordering build(Assignment assignment, int ell) {
        return switch (kind) {
            case "natural" -> Orderings.natural(assignment);
            case "random" -> Orderings.random(assignment, seed);
            case "optimal", "adaptive" -> Orderings.optimal(assignment, ell, seed);
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
