package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;

/**
 * What the simulated network and workers do beyond the trial's chunk finish times: upload latency, workers that
 * report and then die before uploading, replacements that rejoin, and the approximate-mode error bound.
 *
 * @param uploadLatency  one-way latency of an upload in seconds; NaN = the message latency
 * @param errorBound     approximate mode: encode early once E(s) is at most this (0: only at the deadline)
 * @param uploadFailProb probability that a worker asked to upload dies instead (each worker once per trial); its
 *                       stream ends and the PS notices one latency later (PROTOCOL.md §6: re-encode or RESUME)
 * @param rejoinAfter    seconds after such a death at which a replacement joins and computes the round from its
 *                       start; +infinity = never
 * @param encodeTimeout  seconds a worker asked to upload may take before it is declared dead
 * @param seed           seed of the deaths (the same in every protocol of a trial)
 */
public record RoundConditions(double uploadLatency, double errorBound, double uploadFailProb, double rejoinAfter,
        double encodeTimeout, long seed) {

    public static final RoundConditions DEFAULT = new RoundConditions(Double.NaN, 0, 0, Double.POSITIVE_INFINITY,
            10, 1);

    public RoundConditions {
        if (!Double.isNaN(uploadLatency) && !(uploadLatency >= 0 && Double.isFinite(uploadLatency))) {
            throw new ConfigurationException("the upload latency must be a finite number of seconds >= 0, got "
                    + uploadLatency);
        }
        if (!(errorBound >= 0 && errorBound <= 1)) {
            throw new ConfigurationException("the error bound must be in [0, 1], got " + errorBound);
        }
        if (!(uploadFailProb >= 0 && uploadFailProb <= 1)) {
            throw new ConfigurationException("--upload-fail-prob must be in [0, 1], got " + uploadFailProb);
        }
        if (!(rejoinAfter > 0)) {
            throw new ConfigurationException("--rejoin-after must be > 0 seconds (or omitted for never), got "
                    + rejoinAfter);
        }
        if (!(encodeTimeout > 0) || Double.isInfinite(encodeTimeout)) {
            throw new ConfigurationException("--encode-timeout must be a finite number of seconds > 0, got "
                    + encodeTimeout);
        }
    }

    /** The upload latency, given the message latency. */
    public double uploadLatency(double messageLatency) {
        return Double.isNaN(uploadLatency) ? messageLatency : uploadLatency;
    }

    public boolean hasFaults() {
        return uploadFailProb > 0;
    }
}
