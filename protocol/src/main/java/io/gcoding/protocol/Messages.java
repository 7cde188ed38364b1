package io.gcoding.protocol;

import java.util.Arrays;

/**
 * The protocol's messages as typed immutable values (the wire form is {@code training.proto}; {@link WireCodec}
 * converts). Vectors are defensively copied on construction only where the caller could still mutate them; the
 * accessors return the internal arrays, so treat them as read-only.
 */
public final class Messages {
    private Messages() {
    }

    /** Worker to coordinator. */
    public sealed interface FromWorker permits Hello, Progress, Upload, WorkerError, Heartbeat, Ready {
    }

    /** Coordinator to worker. */
    public sealed interface FromCoordinator permits SessionConfig, RoundStart, Encode, Resume, Shutdown {
    }

    public record Hello(int workerId, String backend, String device, String authToken, boolean replacement)
            implements FromWorker {
        @Override
        public String toString() { // never log the token
            return "Hello[worker=" + workerId + ", backend=" + backend + ", device=" + device + ", replacement="
                    + replacement + "]";
        }
    }

    /** Cumulative: {@code chunksDone} chunks of {@code round} finished. */
    public record Progress(long round, int chunksDone) implements FromWorker {
    }

    /** The encoded vector t_j for ENCODE(round, version). */
    public record Upload(long round, int version, double[] vector) implements FromWorker {
        @Override
        public String toString() {
            return "Upload[round=" + round + ", version=" + version + ", length=" + vector.length + "]";
        }
    }

    /** A failure the worker hit (training.proto: WorkerError). */
    public record WorkerError(Kind kind, long round, String reason) implements FromWorker {
        /** The longest reason a peer may send (characters); longer ones are cut. */
        public static final int MAX_REASON = 2000;

        public enum Kind { ROUND, CONFIGURATION }

        public WorkerError {
            reason = reason == null ? "" : reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON) : reason;
        }
    }

    /** The worker is alive (training.proto: Heartbeat). */
    /** The worker's chunks for the session starting at {@code firstRound} are built: it can start rounds. */
    public record Ready(long firstRound) implements FromWorker {
    }

    public record Heartbeat() implements FromWorker {
    }

    /**
     * RoundStart(t, w_t) with the round's chunk orders and ell.
     *
     * @param orderVersion 0: the Config's orders; above: {@code orders} are this round's (adaptive ordering)
     * @param orders       one per worker when {@code orderVersion > 0}, else empty
     * @param ell          0: the Config's ell; above: this round's ({@code --ell auto})
     */
    public record RoundStart(long round, double[] parameters, int orderVersion, int[][] orders, int ell)
            implements FromCoordinator {

        /** On the Config's orders and ell. */
        public RoundStart(long round, double[] parameters) {
            this(round, parameters, 0, new int[0][], 0);
        }

        /** At the Config's ell. */
        public RoundStart(long round, double[] parameters, int orderVersion, int[][] orders) {
            this(round, parameters, orderVersion, orders, 0);
        }

        /** This round's ell: {@link #ell} where announced, else the Config's. */
        public int roundEll(SessionConfig config) {
            return ell == 0 ? config.ell() : ell;
        }

        @Override
        public String toString() {
            return "RoundStart[round=" + round + ", d=" + parameters.length + ", orders v" + orderVersion
                    + (ell == 0 ? "" : ", ell " + ell) + "]";
        }
    }

    /** ENCODE(t, s) with its state version. */
    public record Encode(long round, int version, int[] state) implements FromCoordinator {
        @Override
        public String toString() {
            return "Encode[round=" + round + ", version=" + version + ", s=" + Arrays.toString(state) + "]";
        }
    }

    public record Resume(long round, int version) implements FromCoordinator {
    }

    public record Shutdown(String reason) implements FromCoordinator {
    }
}
