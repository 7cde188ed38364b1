package io.gcoding.protocol;

import io.gcoding.coding.Assignment;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.model.ModelSpec;
import java.util.Arrays;

/**
 * The Config message: everything a worker needs for one training session (one protocol run). Validated at
 * construction, so a worker never acts on an inconsistent configuration. Build it with {@link #builder()}.
 *
 * @param coding     m, N, ell, Theta and the chunk orders
 * @param model      model shape; d = its parameter count
 * @param data       dataset, split and mini-batch seeds
 * @param protocol   the protocol the session plays
 * @param uploadRule when workers upload: after ENCODE, or on completion with the protocol's fixed code (the
 *                   coordinator's {@code RoundRule} decides; by default ENCODE, except on the uncoded layouts)
 * @param optimizer  optimizer spec (informational for workers: the optimizer runs on the coordinator)
 * @param stragglers straggler profile the workers inject themselves ("" = none)
 * @param firstRound first round number of the session
 */
public record SessionConfig(Coding coding, ModelSpec model, Data data, ProtocolKind protocol,
        ProtocolKind.UploadRule uploadRule, String optimizer, String stragglers, long firstRound) implements Messages.FromCoordinator {

    /**
     * @param workers   m
     * @param chunks    N
     * @param ell       communication parameter
     * @param thetaSpec {@code chebyshev} or {@code gaussian:SEED}
     * @param orders    per worker, its chunk indices in processing order
     */
    public record Coding(int workers, int chunks, int ell, String thetaSpec, int[][] orders) {
        public Coding {
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
                        throw new IllegalArgumentException("order of worker " + j + " names chunk " + c
                                + " outside 0.." + (chunks - 1));
                    }
                }
            }
            orders = copy;
            thetaSpec = nonNull(thetaSpec);
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
        public boolean equals(Object o) {
            return o instanceof Coding c && workers == c.workers && chunks == c.chunks && ell == c.ell
                    && thetaSpec.equals(c.thetaSpec) && Arrays.deepEquals(orders, c.orders);
        }

        @Override
        public int hashCode() {
            return 31 * Arrays.deepHashCode(orders) + workers * 7 + ell;
        }

        @Override
        public String toString() {
            return "m=" + workers + ", N=" + chunks + ", ell=" + ell + ", theta=" + thetaSpec;
        }
    }

    /**
     * @param dataset   dataset spec string
     * @param seed      seed of the dataset and of the split into N chunks
     * @param batchRows rows per chunk per round; 0 = the whole chunk
     * @param batchSeed seed of the per-round mini-batches
     */
    public record Data(String dataset, long seed, int batchRows, long batchSeed) {
        public Data {
            if (batchRows < 0) {
                throw new IllegalArgumentException("batch rows must be >= 0, got " + batchRows);
            }
            dataset = nonNull(dataset);
        }
    }

    public SessionConfig {
        if (coding == null || model == null || data == null || protocol == null) {
            throw new IllegalArgumentException("config needs coding, model, data and protocol");
        }
        if (!protocol.runsRounds()) {
            throw new IllegalArgumentException("config names " + protocol.label() + ", which does not play rounds");
        }
        if (firstRound < 0) {
            throw new IllegalArgumentException("first round must be >= 0");
        }
        if (uploadRule == null) {
            uploadRule = protocol.layout() == ProtocolKind.Layout.UNCODED ? ProtocolKind.UploadRule.ON_COMPLETION
                    : ProtocolKind.UploadRule.ON_ENCODE;
        }
        if (uploadRule == ProtocolKind.UploadRule.ON_COMPLETION && protocol.uploadRule() != uploadRule) {
            throw new IllegalArgumentException(protocol.label() + " does not upload on completion");
        }
        optimizer = nonNull(optimizer);
        stragglers = nonNull(stragglers);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds (and so validates) the ordering: each order must be a permutation of the chunks it names. */
    public Ordering ordering() {
        int[][] orders = coding.orders();
        return new Ordering(new Assignment(protocol.label() + "(m=" + workers() + ")", chunks(), orders), orders);
    }

    public int workers() {
        return coding.workers();
    }

    public int chunks() {
        return coding.chunks();
    }

    public int ell() {
        return coding.ell();
    }

    public String thetaSpec() {
        return coding.thetaSpec();
    }

    public int[][] orders() {
        return coding.orders();
    }

    public String dataset() {
        return data.dataset();
    }

    public long dataSeed() {
        return data.seed();
    }

    public int batchRows() {
        return data.batchRows();
    }

    public long batchSeed() {
        return data.batchSeed();
    }

    /** d. */
    public int parameterCount() {
        return model.parameterCount();
    }

    /** Block length L = ceil(d / ell): the length of every upload. */
    public int uploadLength() {
        return (parameterCount() + ell() - 1) / ell();
    }

    @Override
    public String toString() {
        return "Config[" + protocol.label() + ", " + coding + ", model=" + model + ", dataset=" + data.dataset()
                + ", batch=" + data.batchRows() + ", first round=" + firstRound + ", stragglers='" + stragglers + "']";
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    /** Builder: coding, model, data and protocol are required. */
    public static final class Builder {
        private Coding coding;
        private ModelSpec model;
        private Data data;
        private ProtocolKind protocol;
        private ProtocolKind.UploadRule uploadRule;
        private String optimizer = "";
        private String stragglers = "";
        private long firstRound;

        private Builder() {
        }

        public Builder coding(int workers, int chunks, int ell, String thetaSpec, int[][] orders) {
            this.coding = new Coding(workers, chunks, ell, thetaSpec, orders);
            return this;
        }

        public Builder model(ModelSpec shape) {
            this.model = shape;
            return this;
        }

        public Builder data(String dataset, long seed, int batchRows, long batchSeed) {
            this.data = new Data(dataset, seed, batchRows, batchSeed);
            return this;
        }

        public Builder protocol(ProtocolKind kind) {
            this.protocol = kind;
            return this;
        }

        /** Default (null): ENCODE, or on completion for the uncoded layouts. */
        public Builder uploadRule(ProtocolKind.UploadRule rule) {
            this.uploadRule = rule;
            return this;
        }

        public Builder optimizer(String spec) {
            this.optimizer = spec;
            return this;
        }

        public Builder stragglers(String profile) {
            this.stragglers = profile;
            return this;
        }

        public Builder firstRound(long round) {
            this.firstRound = round;
            return this;
        }

        public SessionConfig build() {
            return new SessionConfig(coding, model, data, protocol, uploadRule, optimizer, stragglers, firstRound);
        }
    }
}
