package io.gcoding.training;

import io.gcoding.coding.ConfigurationException;

/** The checks and the lazily sized state vectors that every optimizer shares. */
final class OptimizerState {
    private final String owner;
    private int length = -1;

    OptimizerState(String owner) {
        this.owner = owner;
    }

    /** Validates one step's arguments; returns true on the first step (state must be allocated). */
    boolean check(double[] params, double[] gradient) {
        if (params == null || gradient == null || params.length != gradient.length) {
            throw new IllegalArgumentException(owner + ": params and gradient must have the same length, got "
                    + (params == null ? "null" : params.length) + " and "
                    + (gradient == null ? "null" : gradient.length));
        }
        if (length >= 0 && params.length != length) {
            throw new IllegalArgumentException(owner + ": parameter vector length changed from " + length + " to "
                    + params.length + "; use a new optimizer for a new model");
        }
        for (int i = 0; i < gradient.length; i++) {
            if (!Double.isFinite(gradient[i])) {
                throw new IllegalArgumentException(owner + ": gradient entry " + i + " is " + gradient[i]
                        + "; step refused, parameters unchanged");
            }
        }
        boolean first = length < 0;
        length = params.length;
        return first;
    }

    /** After a restore: the state vectors exist with this length (-1: not yet, before the first step). */
    void restored(int restoredLength) {
        length = restoredLength;
    }

    static void requireScale(double gradientScale) {
        if (!(gradientScale > 0) || !Double.isFinite(gradientScale)) {
            throw new ConfigurationException("gradientScale must be > 0 (the number of rows the summed gradient "
                    + "covers), got " + gradientScale);
        }
    }

    /** A setting outside its range: a configuration mistake, reported like every other spec error. */
    static void require(boolean ok, String message) {
        if (!ok) {
            throw new ConfigurationException(message);
        }
    }
}
