package io.gcoding.coding.sim;

import io.gcoding.coding.RoundProtocol;

/**
 * The simulator's clock for {@link RoundProtocol}: feeds one trial's progress reports in time order into
 * {@link RoundProtocol#onProgress} and the protocol's deadline into {@link RoundProtocol#onTime}, exactly as the
 * coordinator does with its real clock. Nothing here decides coverage or triggers: the protocol does.
 */
public final class Replay {
    private Replay() {
    }

    /**
     * Runs one round from time 0.
     *
     * @param latency  one-way message latency: a chunk finished at t is known to the PS at t + latency
     * @param horizon  stop feeding reports that arrive after this time (the deadline of approx mode), or +infinity
     * @return the time the PS broadcasts ENCODE, or +infinity when it never does within the horizon; the protocol's
     *         tracker then holds the state the PS has
     */
    public static double run(RoundProtocol protocol, EventStream events, double latency, double horizon) {
        protocol.start(0, 0);
        for (int e = 0; e < events.size(); e++) {
            double at = events.time(e) + latency;
            if (at > horizon) {
                break;
            }
            double deadline = protocol.nextDeadline();
            if (at > deadline && protocol.onTime(deadline).isPresent()) {
                return deadline;
            }
            if (protocol.onProgress(0, events.worker(e), events.count(e), at).isPresent()) {
                return at;
            }
        }
        double deadline = protocol.nextDeadline();
        if (deadline <= horizon && protocol.onTime(deadline).isPresent()) {
            return deadline;
        }
        return Double.POSITIVE_INFINITY;
    }
}
