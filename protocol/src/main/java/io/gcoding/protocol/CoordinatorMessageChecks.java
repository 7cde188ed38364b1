package io.gcoding.protocol;

import io.gcoding.protocol.Messages.Encode;
import io.gcoding.protocol.Messages.RoundStart;

/**
 * The worker's side of validation: a coordinator is a peer too, and a malformed model or state vector must not
 * crash or mislead a worker. Returns null when the message is acceptable, else the reason to log.
 */
public final class CoordinatorMessageChecks {
    private CoordinatorMessageChecks() {
    }

    /** @param lastRound the last round this worker started in the session, or -1 */
    public static String checkRoundStart(RoundStart start, SessionConfig config, long lastRound) {
        if (config == null) {
            return "RoundStart before any Config";
        }
        if (start.round() < config.firstRound() || start.round() <= lastRound) {
            return "RoundStart for round " + start.round() + " is not after round " + lastRound + " (session starts at "
                    + config.firstRound() + ")";
        }
        if (start.parameters().length != config.parameterCount()) {
            return "RoundStart carries " + start.parameters().length + " parameters, expected d = "
                    + config.parameterCount();
        }
        for (double v : start.parameters()) {
            if (!Double.isFinite(v)) {
                return "RoundStart carries a non-finite parameter";
            }
        }
        return checkRoundOrders(start, config);
    }

    /**
     * The round's ell ({@code --ell auto}): 0 (the Config's), or 1..r with r the smallest replication of the
     * Config's assignment (exact decoding needs every chunk on ell workers), and only for protocols that upload on
     * ENCODE (a fixed code is built for the Config's ell). Checked after {@link #checkRoundStart}: a bad ell is the
     * coordinator's error for this round, which the worker reports (WorkerError ROUND) instead of computing.
     */
    public static String checkRoundEll(RoundStart start, SessionConfig config) {
        int ell = start.ell();
        if (ell == 0 || ell == config.ell()) {
            return null;
        }
        if (config.uploadRule() == io.gcoding.coding.engine.ProtocolKind.UploadRule.ON_COMPLETION) {
            return "RoundStart announces ell = " + Integer.toUnsignedString(ell) + " but the session uploads on"
                    + " completion with a fixed code for ell = " + config.ell();
        }
        int r = config.ordering().assignment().minReplication();
        if (ell < 1 || ell > r) {
            return "RoundStart announces ell = " + Integer.toUnsignedString(ell) + " outside 1..r = 1.." + r
                    + " (the smallest replication of the session's assignment)";
        }
        return null;
    }

    /**
     * The round's orders (adaptive ordering): none with version 0; otherwise one per worker, each a permutation of
     * that worker's chunks in the Config, so that loads and holders, and with them the coding, stay.
     */
    static String checkRoundOrders(RoundStart start, SessionConfig config) {
        int[][] orders = start.orders();
        if (start.orderVersion() < 0) {
            return "RoundStart order version " + start.orderVersion() + " is negative";
        }
        if (start.orderVersion() == 0) {
            return orders.length == 0 ? null
                    : "RoundStart carries " + orders.length + " orders with order version 0 (the Config's)";
        }
        int[][] configured = config.orders();
        if (orders.length != configured.length) {
            return "RoundStart order version " + start.orderVersion() + " carries " + orders.length
                    + " orders for " + configured.length + " workers";
        }
        for (int j = 0; j < orders.length; j++) {
            int[] mine = orders[j].clone();
            int[] theirs = configured[j].clone();
            java.util.Arrays.sort(mine);
            java.util.Arrays.sort(theirs);
            if (!java.util.Arrays.equals(mine, theirs)) {
                return "RoundStart order of worker " + j + " " + java.util.Arrays.toString(orders[j])
                        + " is not a permutation of its chunks " + java.util.Arrays.toString(theirs);
            }
        }
        return null;
    }

    /**
     * @param currentRound the round being computed
     * @param lastEncodeVersion the state version of the last ENCODE this worker acted on in the round, or -1 (an
     *                          ENCODE after a RESUME carries the RESUME's version, so only ENCODEs are compared)
     */
    public static String checkEncode(Encode encode, SessionConfig config, long currentRound, int lastEncodeVersion) {
        if (config == null) {
            return "Encode before any Config";
        }
        if (encode.round() != currentRound) {
            return "Encode for round " + encode.round() + " while computing round " + currentRound;
        }
        if (encode.version() <= lastEncodeVersion) {
            return "Encode of state version " + encode.version() + " is not newer than " + lastEncodeVersion;
        }
        int[] s = encode.state();
        if (s.length != config.workers()) {
            return "Encode state has " + s.length + " entries for " + config.workers() + " workers";
        }
        int[][] orders = config.orders();
        for (int j = 0; j < s.length; j++) {
            if (s[j] < 0 || s[j] > orders[j].length) {
                return "Encode state s_" + j + " = " + s[j] + " outside 0.." + orders[j].length;
            }
        }
        return null;
    }
}
