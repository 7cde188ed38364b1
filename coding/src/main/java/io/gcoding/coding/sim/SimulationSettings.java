package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;
import java.util.Arrays;
import java.util.List;

/**
 * What to measure, common to every scenario of a run.
 *
 * @param ells           the communication parameters ell to simulate
 * @param theta          the decoding matrix spec ({@code chebyshev} or {@code gaussian:SEED})
 * @param latency        one-way message latency in seconds
 * @param ignoreK        workers the ignore-stragglers baseline waits for; 0 = m - s for each ell
 * @param deadlines      approx-mode deadlines in seconds after the round start, increasing
 * @param exact          measure completion times
 * @param approx         measure the error at each deadline
 * @param encoderChecks  trials (the first ones) whose states are also decoded through {@link
 *                       io.gcoding.coding.MinNormEncoder#plan}, to confirm the closed-form error and report cond(A_i)
 * @param threads        worker threads for the trial loop
 * @param conditions     upload latency, deaths before uploading, rejoins, the approx-mode error bound
 */
public record SimulationSettings(List<Integer> ells, String theta, double latency, int ignoreK, double[] deadlines,
                                 boolean exact, boolean approx, int encoderChecks, int threads,
                                 RoundConditions conditions) {

    /** Without faults, uploads at the message latency, no error bound. */
    public SimulationSettings(List<Integer> ells, String theta, double latency, int ignoreK, double[] deadlines,
            boolean exact, boolean approx, int encoderChecks, int threads) {
        this(ells, theta, latency, ignoreK, deadlines, exact, approx, encoderChecks, threads, RoundConditions.DEFAULT);
    }

    public SimulationSettings {
        if (conditions == null) {
            throw new ConfigurationException("simulation settings need round conditions");
        }
        ells = List.copyOf(ells);
        deadlines = deadlines.clone();
        if (ells.isEmpty()) {
            throw new ConfigurationException("give at least one ell (e.g. --ell 1,2,3)");
        }
        for (int ell : ells) {
            if (ell < 1) {
                throw new ConfigurationException("ell must be >= 1, got " + ell);
            }
        }
        if (!(latency >= 0) || Double.isInfinite(latency)) {
            throw new ConfigurationException("the latency must be a finite number of seconds >= 0, got " + latency);
        }
        if (ignoreK < 0) {
            throw new ConfigurationException("--k must be >= 1 (or 0 for m - s), got " + ignoreK);
        }
        if (!exact && !approx) {
            throw new ConfigurationException("nothing to measure: choose exact, approx or both");
        }
        if (approx && deadlines.length == 0) {
            throw new ConfigurationException("approx mode needs deadlines, e.g. --deadline 2,4,8 (seconds)");
        }
        for (int d = 0; d < deadlines.length; d++) {
            if (!(deadlines[d] > 0) || Double.isInfinite(deadlines[d])) {
                throw new ConfigurationException("deadline " + deadlines[d] + " must be a positive number of seconds");
            }
            if (d > 0 && deadlines[d] <= deadlines[d - 1]) {
                throw new ConfigurationException("deadlines must increase, got " + Arrays.toString(deadlines));
            }
        }
        if (encoderChecks < 0) {
            throw new ConfigurationException("encoder checks must be >= 0, got " + encoderChecks);
        }
        if (threads < 1) {
            throw new ConfigurationException("threads must be >= 1, got " + threads);
        }
    }

    @Override
    public double[] deadlines() {
        return deadlines.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimulationSettings s && ells.equals(s.ells) && theta.equals(s.theta)
                && latency == s.latency && ignoreK == s.ignoreK && Arrays.equals(deadlines, s.deadlines)
                && exact == s.exact && approx == s.approx && encoderChecks == s.encoderChecks && threads == s.threads
                && conditions.equals(s.conditions);
    }

    @Override
    public int hashCode() {
        return 31 * ells.hashCode() + Arrays.hashCode(deadlines);
    }

    @Override
    public String toString() {
        return "SimulationSettings[ells=" + ells + ", theta=" + theta + ", latency=" + latency + ", k=" + ignoreK
                + ", deadlines=" + Arrays.toString(deadlines) + ", exact=" + exact + ", approx=" + approx + ", " + conditions
                + "]";
    }
}
