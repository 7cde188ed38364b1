package io.gcoding.training;

/**
 * Turns a gradient into a parameter update at the parameter server, once per round.
 *
 * <p><b>The gradient is a SUM over rows</b> (the protocol decodes sum_i g_i), while learning rates are usually
 * quoted for the MEAN over a batch. Every optimizer is therefore built with a {@code gradientScale}: it uses
 * {@code gradient / gradientScale}. Set it to the number of rows the summed gradient covers: the training set size
 * for full-batch rounds, or N chunks x the per-chunk mini-batch size for mini-batch rounds. Then {@code lr=0.1}
 * means what it means everywhere else.
 *
 * <p>Optimizers keep state (momentum, moments) sized on the first step; later steps must pass vectors of the same
 * length. A gradient with a NaN or infinite entry is rejected before anything changes, so it cannot corrupt the
 * model. The state can be exported and restored ({@link #snapshot()}, {@link #restore}) for checkpoints. Not thread-safe: one owner (the coordinator's round loop).
 */
public interface Optimizer {

    /** Updates {@code params} in place from the summed {@code gradient} (same length). */
    void step(double[] params, double[] gradient);

    /** One line naming the optimizer and every setting, e.g. for the run log. */
    String describe();

    /** Exports the state between two steps (for a checkpoint); a copy, later steps do not change it. */
    OptimizerSnapshot snapshot();

    /**
     * Replaces the state with an exported one, so the next step continues where the exporter stopped.
     *
     * @throws IllegalArgumentException when the snapshot is of another optimizer or other settings
     */
    void restore(OptimizerSnapshot snapshot);
}
