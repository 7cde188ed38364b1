package io.gcoding.training;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of an {@link Optimizer} between two steps, for a checkpoint: which optimizer it belongs to (its
 * {@link Optimizer#describe()} line, which names every setting and the gradient scale), the number of steps taken,
 * and its named state vectors (SGD: {@code velocity}; Adam: {@code m} and {@code v}), empty before the first step.
 * Restoring a snapshot into an optimizer with the same description and then stepping gives exactly the steps the
 * original would have taken. Immutable: the vectors are copied in and out.
 *
 * @param optimizer the {@code describe()} line of the optimizer that exported it
 * @param steps     steps taken (Adam's t, used in its bias correction)
 */
public record OptimizerSnapshot(String optimizer, long steps, Map<String, double[]> vectors) {

    public OptimizerSnapshot {
        if (optimizer == null || optimizer.isBlank()) {
            throw new IllegalArgumentException("an optimizer snapshot needs the optimizer's description");
        }
        if (steps < 0) {
            throw new IllegalArgumentException("steps must be >= 0, got " + steps);
        }
        Map<String, double[]> copy = new LinkedHashMap<>();
        int length = -1;
        for (Map.Entry<String, double[]> e : vectors.entrySet()) {
            double[] v = e.getValue();
            if (length >= 0 && v.length != length) {
                throw new IllegalArgumentException("optimizer state vectors differ in length: " + e.getKey() + " has "
                        + v.length + ", another " + length);
            }
            length = v.length;
            copy.put(e.getKey(), v.clone());
        }
        vectors = Collections.unmodifiableMap(copy);
    }

    /** The names of the state vectors, in order. */
    public List<String> names() {
        return new ArrayList<>(vectors.keySet());
    }

    /** A copy of one state vector. */
    public double[] vector(String name) {
        double[] v = vectors.get(name);
        if (v == null) {
            throw new IllegalArgumentException(optimizer + ": the snapshot has no state vector '" + name + "' (it has "
                    + vectors.keySet() + ")");
        }
        return v.clone();
    }

    /** Length of the state vectors (the parameter count), or -1 before the first step. */
    public int length() {
        return vectors.isEmpty() ? -1 : vectors.values().iterator().next().length;
    }

    /** Throws unless this snapshot was exported by an optimizer described as {@code description}. */
    void requireOwner(String description, List<String> expectedNames) {
        if (!optimizer.equals(description)) {
            throw new IllegalArgumentException("the optimizer state belongs to " + optimizer + ", not to "
                    + description);
        }
        if (!vectors.isEmpty() && !names().equals(expectedNames)) {
            throw new IllegalArgumentException(description + ": state vectors " + names() + ", expected "
                    + expectedNames);
        }
    }
}
