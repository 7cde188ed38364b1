package io.gcoding.coding.engine;

import io.gcoding.coding.StateVector;

/**
 * Where the round engine's decisions go: the coordinator turns them into messages to real workers, the simulator
 * into events for simulated ones. Called on the driver's thread, from inside an engine call; an implementation may
 * call back into the engine only from {@link #decoded} and {@link #failed} (to start the next round).
 */
public interface RoundOutput {

    /** Round t begins: send the model w_t to every worker. */
    void startRound(long round);

    /** ENCODE(t, version, s): workers with s_j > 0 upload their combination of exactly their first s_j chunks. */
    void encode(long round, int version, StateVector state);

    /** RESUME(t, version): coverage was lost after a worker died; workers keep computing and reporting. */
    void resume(long round, int version);

    /** The round is decoded; {@code gradient} is null where the engine has no decoder (the simulator). */
    void decoded(long round, double[] gradient, RoundReport report);

    /** The round cannot finish within its timeout; {@code reason} names what it waited for. */
    void failed(long round, String reason);

    /** Worker j is dead for this round (informational: logs, metrics). */
    default void workerDead(long round, int worker, String reason) {
    }
}
