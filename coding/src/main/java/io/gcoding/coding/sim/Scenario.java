package io.gcoding.coding.sim;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.AssignmentSpec;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.OrderingSpec;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One (assignment, ordering) configuration of a run, with the ordering built for each ell (the {@code optimal}
 * ordering depends on ell).
 *
 * @param assignmentKind as the user named it ({@code cyclic}, {@code regular}, ...)
 * @param orderingKind   as the user named it ({@code optimal}, {@code random}, ...)
 */
public record Scenario(String assignmentKind, String orderingKind, Assignment assignment, Map<Integer, Ordering> orderings) {

    public Scenario {
        orderings = Map.copyOf(orderings);
    }

    public static Scenario build(AssignmentSpec assignmentSpec, OrderingSpec orderingSpec, List<Integer> ells) {
        Assignment a = assignmentSpec.build();
        Map<Integer, Ordering> orderings = new LinkedHashMap<>();
        for (int ell : ells) {
            a.requireExactlyDecodable(ell);
            orderings.put(ell, orderingSpec.build(a, ell));
        }
        return new Scenario(assignmentSpec.kind(), orderingSpec.kind(), a, orderings);
    }

    public Ordering ordering(int ell) {
        Ordering o = orderings.get(ell);
        if (o == null) {
            throw new IllegalArgumentException("no ordering built for ell = " + ell);
        }
        return o;
    }

    /** True for {@code --ordering adaptive}: {@link #ordering} is the start, re-chosen every round. */
    public boolean adaptive() {
        return orderingKind.equals("adaptive");
    }

    /** {@code cyclic/optimal}: the short name used in tables and charts. */
    public String label() {
        return assignmentKind + "/" + orderingKind;
    }
}
