package io.gcoding.protocol;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.Ordering;
import io.gcoding.model.ModelSpec;
import java.util.Arrays;

/**
 * The Config message: everything a worker needs for one training session (one protocol run). Validated at
 * construction, so a worker never acts on an inconsistent configuration.
 *
 * @param workers        m
 * @param chunks         N
 * @param ell            communication parameter
 * @param thetaSpec      {@code chebyshev} or {@code gaussian:SEED}
 * @param orders         per worker, its chunk indices in processing order
 * @param model          model shape
 * @param dataset        dataset spec string
 * @param dataSeed       seed of the dataset and of the split into N chunks
 * @param batchRows      rows per chunk per round; 0 = the whole chunk
 * @param batchSeed      seed of the per-round mini-batches
 * @param optimizer      optimizer spec (informational for workers)
 * @param protocol       protocol name
 * @param stragglers     straggler profile the workers inject themselves
 * @param firstRound     first round number of the session
 * @param parameterCount d
 */
public record SessionConfig(int workers, int chunks, int ell, String thetaSpec, int[][] orders, ModelSpec model,
        String dataset, long dataSeed, int batchRows, long batchSeed, String optimizer, String protocol,
        String stragglers, long firstRound, int parameterCount) implements Messages.FromCoordinator {

    public SessionConfig {
        if (workers < 1 || chunks < 1 || ell < 1) {
            throw new IllegalArgumentException("config needs m, N, ell >= 1, got m=" + workers + " N=" + chunks
                    + " ell=" + ell);
        }
        if (orders == null || orders.length != workers) {
            throw new IllegalArgumentException("config has " + (orders == null ? 0 : orders.length)
                    + " orders for " + workers + " workers");
        }
        int[][] copy = new int[workers][];
        for (int j = 0; j < workers; j++) {
            copy[j] = orders[j].clone();
            for (int c : copy[j]) {
                if (c < 0 || c >= chunks) {
                    throw new IllegalArgumentException("order of worker " + j + " names chunk " + c + " outside 0.."
                            + (chunks - 1));
                }
            }
        }
        orders = copy;
        if (model == null) {
            throw new IllegalArgumentException("config has no model");
        }
        if (parameterCount != model.parameterCount()) {
            throw new IllegalArgumentException("config says d = " + parameterCount + " but the model " + model
                    + " has " + model.parameterCount() + " parameters");
        }
        if (batchRows < 0 || firstRound < 0) {
            throw new IllegalArgumentException("batch rows and first round must be >= 0");
        }
        thetaSpec = nonNull(thetaSpec);
        dataset = nonNull(dataset);
        optimizer = nonNull(optimizer);
        protocol = nonNull(protocol);
        stragglers = nonNull(stragglers);
    }

    /** Builds (and so validates) the ordering: each order must be a permutation of the chunks it names. */
    public Ordering ordering() {
        int[][] held = new int[workers][];
        for (int j = 0; j < workers; j++) {
            held[j] = orders[j].clone();
        }
        return new Ordering(new Assignment(protocol + "(m=" + workers + ")", chunks, held), orders);
    }

    /** Block length L = ceil(d / ell): the length of every upload. */
    public int uploadLength() {
        return (parameterCount + ell - 1) / ell;
    }

    @Override
    public int[][] orders() {
        int[][] copy = new int[orders.length][];
        for (int j = 0; j < orders.length; j++) {
            copy[j] = orders[j].clone();
        }
        return copy;
    }

    @Override
    public String toString() {
        return "Config[" + protocol + ", m=" + workers + ", N=" + chunks + ", ell=" + ell + ", theta=" + thetaSpec
                + ", model=" + model + ", dataset=" + dataset + ", batch=" + batchRows + ", first round=" + firstRound
                + ", stragglers='" + stragglers + "']";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SessionConfig c && workers == c.workers && chunks == c.chunks && ell == c.ell
                && thetaSpec.equals(c.thetaSpec) && Arrays.deepEquals(orders, c.orders) && model.equals(c.model)
                && dataset.equals(c.dataset) && dataSeed == c.dataSeed && batchRows == c.batchRows
                && batchSeed == c.batchSeed && optimizer.equals(c.optimizer) && protocol.equals(c.protocol)
                && stragglers.equals(c.stragglers) && firstRound == c.firstRound && parameterCount == c.parameterCount;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.deepHashCode(orders) + Long.hashCode(firstRound) + protocol.hashCode();
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }
}
