package io.gcoding.worker;

import io.gcoding.coding.FixedCode;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.StateVector;
import io.gcoding.data.Chunking;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.protocol.Messages;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's compute loop for one round (PROTOCOL.md §2.2-2.6), on the compute thread that owns the backend:
 * gradients chunk by chunk in the worker's order, each kept in its own device vector, a cumulative progress report
 * after each; on ENCODE it stops at once (between two row blocks of the chunk in flight, see {@link ChunkSet}),
 * computes its min-norm coefficients for exactly its first s_j chunks and uploads the combination; RESUME continues
 * where it stopped; a cancel (new round, new Config, shutdown) ends the round at once. With a host-memory backend
 * the control thread answers the ENCODE itself from copies of the finished chunks and only pauses this loop.
 *
 * <p>Injected stragglers ({@link ChunkPacing}): a computed chunk counts as done only when the pacing says so (a
 * slowdown f makes each chunk take f * t; a trace fixes the finish times). The wait is a poll on the signal queue,
 * so ENCODE, RESUME and cancel are seen immediately even by a slow worker.
 */
final class ChunkComputer {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkComputer.class);

    /** Control-thread messages for the running round. */
    sealed interface Signal {
        record Encode(Messages.Encode encode) implements Signal {
        }

        record Resume() implements Signal {
        }

        /** The control thread answered an ENCODE itself (from {@link Outbox#chunkGradient} copies): stop here. */
        record Pause() implements Signal {
        }

        record Cancel() implements Signal {
        }
    }

    /** Where results go (the control thread sends them). */
    interface Outbox {
        void progress(long round, int chunksDone);

        /**
         * With a host-memory backend, before each progress report: a copy of the gradient of the chunk at this
         * position of the round's order, now done, which the control thread may encode from on an ENCODE without
         * waiting for this thread (busy with the next chunk, or not even scheduled on a loaded machine).
         */
        default void chunkGradient(long round, int position, double[] gradient) {
        }

        void upload(long round, int version, double[] vector);
    }

    /**
     * One round's inputs.
     *
     * @param slots     per position of the round's order, the chunk's slot in {@code set} (identity on the Config's
     *                  orders; adaptive orderings announce others with RoundStart)
     * @param fixedCode non-null when the protocol uploads as soon as this worker has finished all its chunks, with
     *                  these coefficients known in advance (ProtocolKind.UploadRule.ON_COMPLETION)
     */
    record RoundTask(long round, long sessionRound, long startNanos, double[] params, ChunkSet set, int[] slots,
            MinNormEncoder encoder, int batchRows, long batchSeed, FixedCode fixedCode,
            BlockingQueue<Signal> signals) {
    }

    private final ComputeBackend backend;
    private final int worker;
    private final ChunkPacing pacing;
    private final WorkerClock clock;
    private final Outbox outbox;

    ChunkComputer(ComputeBackend backend, int worker, ChunkPacing pacing, WorkerClock clock, Outbox outbox) {
        this.clock = clock;
        this.backend = backend;
        this.worker = worker;
        this.pacing = pacing;
        this.outbox = outbox;
    }

    /** Runs the round until cancelled. */
    void run(RoundTask task) throws InterruptedException {
        ChunkSet set = task.set();
        backend.copyIn(task.params(), set.params);
        int load = set.order.length;
        int done = 0;
        long readyAt = -1; // chunk `done` is computed and counts as finished at this time (injected delay)
        boolean paused = false;
        boolean silent = false; // the injected pacing says this worker reports nothing more in this round
        int block = 0; // the next row block of chunk `done`
        int[][] blockRows = null; // chunk `done`'s mini-batch rows by block (null entries: whole blocks)
        boolean[] computed = null;
        long computeNanos = 0; // time spent computing chunk `done`'s blocks
        while (true) {
            Signal signal;
            if (paused || silent || (done == load && readyAt < 0)) {
                signal = clock.awaitSignal(task.signals(), Long.MAX_VALUE);
            } else if (readyAt >= 0) {
                signal = clock.awaitSignal(task.signals(), readyAt);
            } else {
                signal = task.signals().poll();
            }
            if (signal instanceof Signal.Cancel) {
                return;
            }
            if (signal instanceof Signal.Pause) {
                paused = true;
                continue;
            }
            if (signal instanceof Signal.Encode e) {
                paused = true; // the chunk in flight waits: its finished blocks stay valid for a RESUME
                encode(task, e.encode(), done);
                continue;
            }
            if (signal instanceof Signal.Resume) {
                paused = false;
                // the PS may have missed a report sent while its ENCODE was out: say again where this worker is
                outbox.progress(task.round(), done);
                continue;
            }
            if (readyAt >= 0) {
                readyAt = -1;
                chunkFinished(task, ++done);
                continue;
            }
            int slot = task.slots()[done];
            int chunk = set.order[slot];
            if (block == 0) {
                int[] rows = task.batchRows() > 0
                        ? Chunking.miniBatchRows(set.blockStarts[slot][set.blockCount(slot)], task.batchRows(),
                                task.batchSeed(), task.round(), chunk)
                        : null;
                blockRows = set.rowsByBlock(slot, rows);
                computed = new boolean[set.blockCount(slot)];
                computeNanos = 0;
            }
            // one row block, then the signals again: an ENCODE never waits for the rest of the chunk
            if (blockRows[block] == null || blockRows[block].length > 0) {
                long t0 = clock.nanoTime();
                backend.gradient(set.model, set.blocks[slot][block], set.params, blockRows[block],
                        set.blockGradients[slot][block]);
                computeNanos += clock.nanoTime() - t0;
                computed[block] = true;
            }
            if (++block < set.blockCount(slot)) {
                continue;
            }
            block = 0;
            set.sumBlocks(backend, slot, computed);
            long t1 = clock.nanoTime();
            double computedAt = (t1 - task.startNanos()) / 1e9;
            double ready = pacing.readyAt(task.sessionRound(), done + 1, chunk, computedAt, computeNanos / 1e9);
            if (ready == Double.POSITIVE_INFINITY) {
                silent = true;
            } else if (ready > computedAt) {
                readyAt = task.startNanos() + (long) (ready * 1e9);
            } else {
                chunkFinished(task, ++done);
            }
        }
    }

    private void chunkFinished(RoundTask task, int done) {
        if (backend.hostMemory()) {
            outbox.chunkGradient(task.round(), done - 1, backend.copyOut(task.set().gradients[task.slots()[done - 1]]));
        }
        outbox.progress(task.round(), done);
        if (task.fixedCode() != null && done == task.set().order.length) {
            // the fixed code: these coefficients do not depend on who else finishes
            upload(task, 0, done, task.fixedCode().coefficientRows(worker));
        }
    }

    /** t_j = sum over the first s_j chunks of b_{j,i} . g_i blocks (PROTOCOL.md §2.6), then upload. */
    private void encode(RoundTask task, Messages.Encode encode, int done) {
        int s = encode.state()[worker];
        if (s == 0) {
            return; // not part of this state: nothing to send
        }
        if (s > done) {
            // the PS only counts reported chunks, so this cannot come from an honest coordinator
            LOG.error("round {}: ENCODE asks for {} chunks but only {} are done; not uploading", task.round(), s, done);
            return;
        }
        MinNormEncoder.WorkerCoefficients coefficients = task.encoder().coefficients(worker,
                new StateVector(encode.state()));
        upload(task, encode.version(), s, coefficients.rows());
    }

    /** t_j = sum over this worker's first s chunks of coefficient rows . gradient blocks, uploaded for version. */
    private void upload(RoundTask task, int version, int s, double[][] rows) {
        List<DeviceVector> grads = new ArrayList<>(s);
        for (int p = 0; p < s; p++) {
            grads.add(task.set().gradients[task.slots()[p]]);
        }
        // ceil(d / ell) values at the round's ell: the one its encoder's Theta has (the Config's, or RoundStart's)
        DeviceVector out = task.set().encodedFor(task.encoder().theta().ell());
        backend.encode(grads, rows, out);
        outbox.upload(task.round(), version, backend.copyOut(out));
    }
}
