package io.gcoding.worker;

import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.StateVector;
import io.gcoding.data.Chunking;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.kernels.DeviceVector;
import io.gcoding.protocol.Messages;
import io.gcoding.training.inject.StragglerProfile;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker's compute loop for one round (PROTOCOL.md §2.2-2.6), on the compute thread that owns the backend:
 * gradients chunk by chunk in the worker's order, each kept in its own device vector, a cumulative progress report
 * after each; on ENCODE it stops, computes its min-norm coefficients for exactly its first s_j chunks and uploads
 * the combination; RESUME continues; a cancel (new round, new Config, shutdown) ends the round at once.
 *
 * <p>Injected stragglers: after a chunk computed in t seconds the worker waits {@link StragglerProfile#chunkDelay}
 * before it counts the chunk as done, so a slowdown f makes each chunk take f * t. The wait is a poll on the signal
 * queue, so ENCODE, RESUME and cancel are seen immediately even by a slow worker.
 */
final class ChunkComputer {
    private static final Logger LOG = LoggerFactory.getLogger(ChunkComputer.class);

    /** Control-thread messages for the running round. */
    sealed interface Signal {
        record Encode(Messages.Encode encode) implements Signal {
        }

        record Resume() implements Signal {
        }

        record Cancel() implements Signal {
        }
    }

    /** Where results go (the control thread sends them). */
    interface Outbox {
        void progress(long round, int chunksDone);

        void upload(long round, int version, double[] vector);
    }

    /** One round's inputs. */
    record RoundTask(long round, long sessionRound, double[] params, ChunkSet set, MinNormEncoder encoder,
            int batchRows, long batchSeed, BlockingQueue<Signal> signals) {
    }

    private final ComputeBackend backend;
    private final int worker;
    private final StragglerProfile profile;
    private final Outbox outbox;

    ChunkComputer(ComputeBackend backend, int worker, StragglerProfile profile, Outbox outbox) {
        this.backend = backend;
        this.worker = worker;
        this.profile = profile;
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
        while (true) {
            Signal signal;
            if (paused || (done == load && readyAt < 0)) {
                signal = task.signals().take();
            } else if (readyAt >= 0) {
                long wait = readyAt - System.nanoTime();
                signal = wait > 0 ? task.signals().poll(wait, TimeUnit.NANOSECONDS) : task.signals().poll();
            } else {
                signal = task.signals().poll();
            }
            if (signal instanceof Signal.Cancel) {
                return;
            }
            if (signal instanceof Signal.Encode e) {
                paused = true;
                encode(task, e.encode(), done);
                continue;
            }
            if (signal instanceof Signal.Resume) {
                paused = false;
                continue;
            }
            if (readyAt >= 0) {
                readyAt = -1;
                outbox.progress(task.round(), ++done);
                continue;
            }
            int chunk = set.order[done];
            int[] rows = task.batchRows() > 0
                    ? Chunking.miniBatchRows(set.chunks[done].rows(), task.batchRows(), task.batchSeed(), task.round(),
                            chunk)
                    : null;
            long t0 = System.nanoTime();
            backend.gradient(set.model, set.chunks[done], set.params, rows, set.gradients[done]);
            double seconds = (System.nanoTime() - t0) / 1e9;
            double delay = profile.chunkDelay(worker, task.sessionRound(), chunk, seconds);
            if (delay > 0) {
                readyAt = System.nanoTime() + (long) (delay * 1e9);
            } else {
                outbox.progress(task.round(), ++done);
            }
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
        List<DeviceVector> grads = new ArrayList<>(s);
        for (int p = 0; p < s; p++) {
            grads.add(task.set().gradients[p]);
        }
        backend.encode(grads, coefficients.rows(), task.set().encoded);
        outbox.upload(task.round(), encode.version(), backend.copyOut(task.set().encoded));
    }
}
