package io.gcoding.coding;

/**
 * What a round waits for, for each protocol of PROTOCOL.md §5, expressed on the same state machine:
 * which progress counts (every finished chunk, or only workers that finished ALL their chunks) and when to encode
 * (on coverage through a {@link TriggerPolicy}, or after a number of fully finished workers).
 *
 * @param name          protocol name for reports ({@code partial}, {@code original}, ...)
 * @param completeOnly  true when a worker counts only once it has finished all its chunks (classic gradient coding)
 * @param waitFor       when > 0, encode as soon as this many workers have finished all their chunks; when 0, encode
 *                      when {@code trigger} says so
 * @param trigger       the coverage/deadline policy; its deadline also bounds the {@code waitFor} rules
 */
public record ProtocolRule(String name, boolean completeOnly, int waitFor, TriggerPolicy trigger) {

    public ProtocolRule {
        if (waitFor < 0) {
            throw new ConfigurationException("waitFor must be >= 0, got " + waitFor);
        }
        if (trigger == null) {
            throw new ConfigurationException("a protocol rule needs a trigger policy");
        }
    }

    /** Ours: every finished chunk counts; encode on ell-coverage (exact) or at the deadline (approximate). */
    public static ProtocolRule partial(TriggerPolicy trigger) {
        return new ProtocolRule("partial", false, 0, trigger);
    }

    /** Tandon et al.: wait for the fastest {@code m - s} workers to finish all their chunks. */
    public static ProtocolRule original(int fastest, TriggerPolicy deadline) {
        if (fastest < 1) {
            throw new ConfigurationException("original gradient coding must wait for >= 1 worker, got " + fastest
                    + " (the replication leaves no straggler tolerance at this ell)");
        }
        return new ProtocolRule("original", true, fastest, deadline);
    }

    /** The earliest time at which the fully finished workers are ell-covering (the strongest classic variant). */
    public static ProtocolRule completeCover(TriggerPolicy trigger) {
        return new ProtocolRule("complete-cover", true, 0, trigger);
    }

    /** Uncoded or ignore-stragglers: wait for {@code k} fully finished workers (k = m: wait for all). */
    public static ProtocolRule fastest(String name, int k, TriggerPolicy deadline) {
        if (k < 1) {
            throw new ConfigurationException(name + " must wait for >= 1 worker, got " + k);
        }
        return new ProtocolRule(name, true, k, deadline);
    }
}
