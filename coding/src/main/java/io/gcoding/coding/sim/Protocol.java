package io.gcoding.coding.sim;

import io.gcoding.coding.ConfigurationException;

/** The protocols compared on the same trials (PROTOCOL.md §5). */
public enum Protocol {
    /** Ours: every finished chunk counts; ENCODE at the first ell-covering state; three message latencies. */
    PARTIAL("partial", true),
    /** Tandon et al. / Ye and Abbe: the fastest m - s fully finished workers, s = min replication - ell. */
    ORIGINAL("original", true),
    /** The earliest time at which the fully finished workers are ell-covering. */
    COMPLETE_COVER("complete-cover", false),
    /** No replication, N/m chunks per worker, wait for every worker. */
    UNCODED("uncoded", false),
    /** Uncoded, the fastest k of m workers; approximate (the other workers' chunks are lost). */
    IGNORE_STRAGGLERS("ignore-stragglers", true),
    /** The earliest instant at which the chunk finish times give ell-coverage, zero latency: the physical limit. */
    ORACLE("oracle", false);

    private final String label;
    private final boolean approximate;

    Protocol(String label, boolean approximate) {
        this.label = label;
        this.approximate = approximate;
    }

    /** The name used in tables, JSON and options. */
    public String label() {
        return label;
    }

    /** Whether approx mode reports an error per deadline for this protocol (partial, original, ignore-stragglers). */
    public boolean inApproxMode() {
        return approximate;
    }

    public static Protocol byLabel(String label) {
        for (Protocol p : values()) {
            if (p.label.equals(label)) {
                return p;
            }
        }
        throw new ConfigurationException("unknown protocol '" + label + "'");
    }
}
