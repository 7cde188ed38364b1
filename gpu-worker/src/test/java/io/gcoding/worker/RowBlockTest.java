package io.gcoding.worker;

import static io.gcoding.worker.WorkerFixture.WORKER;
import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static io.gcoding.worker.WorkerFixture.reference;
import static io.gcoding.worker.WorkerFixture.relativeError;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.data.Dataset;
import io.gcoding.data.DatasetSpec;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Chunks computed in row blocks: an ENCODE that arrives while a chunk is in flight is answered after the block in
 * flight, not after the rest of the chunk; a RESUME continues the chunk where it stopped; block sums equal the
 * whole-chunk gradient (the reference) to rounding.
 */
class RowBlockTest {

    @Test
    void blockBoundariesAreNearEqualAndRespectTheMinimum() {
        assertArrayEquals(new int[] {0, 10, 20, 30}, ChunkSet.blockStarts(30, 4, 8 * 4 * 10, 1));
        assertArrayEquals(new int[] {0, 30}, ChunkSet.blockStarts(30, 4, 8 * 4 * 10, 64), "at least 64 rows");
        assertArrayEquals(new int[] {0, 2, 4, 7}, ChunkSet.blockStarts(7, 4, 8 * 4 * 3, 1), "3 rows at most");
        int[] defaults = ChunkSet.blockStarts(2500, 784, ChunkSet.BLOCK_BYTES, ChunkSet.MIN_BLOCK_ROWS);
        assertEquals(8, defaults.length - 1, "Fashion-MNIST chunk of 2,500 rows: 8 blocks of 313 rows (1.96 MB)");
    }

    @Test
    void encodeDuringAChunkIsAnsweredAfterOneBlockAndResumeContinuesTheChunk() throws Exception {
        SessionConfig config = config(1, 0);
        Dataset train = DatasetSpec.parse(config.dataset()).load(null, config.dataSeed()).train();
        GatedBackend backend = GatedBackend.shut();
        // 30 rows per chunk, blocks of 10 rows: 3 gradient calls per chunk
        ChunkSet set = new ChunkSet(backend, config, WORKER, train, 8L * 4 * 10, 1);
        assertEquals(3, set.blockCount(0));
        BlockingQueue<Object> out = new LinkedBlockingQueue<>();
        ChunkComputer.Outbox outbox = new ChunkComputer.Outbox() {
            @Override
            public void progress(long round, int chunksDone) {
                out.add(new Messages.Progress(round, chunksDone));
            }

            @Override
            public void upload(long round, int version, double[] vector) {
                out.add(new Messages.Upload(round, version, vector));
            }
        };
        ChunkComputer computer = new ChunkComputer(backend, WORKER, ChunkPacing.NONE, WorkerClock.SYSTEM, outbox);
        MinNormEncoder encoder = new MinNormEncoder(DecodingMatrix.fromSpec(config.thetaSpec(), 1, config.workers()),
                config.ordering());
        BlockingQueue<ChunkComputer.Signal> signals = new LinkedBlockingQueue<>();
        double[] w = params(3);
        ExecutorService thread = Executors.newSingleThreadExecutor();
        try {
            Future<?> round = thread.submit(() -> {
                computer.run(new ChunkComputer.RoundTask(0, 0, System.nanoTime(), w, set, new int[] {0, 1, 2}, encoder, 0, 0, null,
                        signals));
                return null;
            });
            backend.allow(4); // chunk 1 (three blocks) and the first block of chunk 2
            assertEquals(new Messages.Progress(0, 1), out.poll(10, TimeUnit.SECONDS));
            backend.awaitGradientRequests(5); // inside block 2 of chunk 2, held at the gate
            int[] state = {1, 1, 1, 1};
            signals.add(new ChunkComputer.Signal.Encode(new Messages.Encode(0, 0, state)));
            backend.allow(1); // block 2 finishes; block 3 is NOT started before the upload
            Messages.Upload upload = (Messages.Upload) out.poll(10, TimeUnit.SECONDS);
            assertTrue(relativeError(reference(config, w, state), upload.vector()) <= 1e-12);
            assertNull(out.poll(200, TimeUnit.MILLISECONDS), "nothing else while paused");
            assertEquals(0, backend.unusedPermits());

            signals.add(new ChunkComputer.Signal.Resume());
            assertEquals(new Messages.Progress(0, 1), out.poll(10, TimeUnit.SECONDS), "RESUME: where it is");
            backend.allow(1); // block 3 of chunk 2: the chunk completes without redoing blocks 1 and 2
            assertEquals(new Messages.Progress(0, 2), out.poll(10, TimeUnit.SECONDS));
            backend.awaitGradientRequests(7); // chunk 3's first block is in flight, held at the gate
            int[] state2 = {1, 2, 1, 1};
            signals.add(new ChunkComputer.Signal.Encode(new Messages.Encode(0, 1, state2)));
            backend.allow(1); // the first block of chunk 3 was in flight: it ends, then the upload goes out
            Messages.Upload second = (Messages.Upload) out.poll(10, TimeUnit.SECONDS);
            assertTrue(relativeError(reference(config, w, state2), second.vector()) <= 1e-12,
                    "the block sums of chunk 2 equal its whole gradient");
            signals.add(new ChunkComputer.Signal.Cancel());
            round.get(10, TimeUnit.SECONDS);
        } finally {
            thread.shutdownNow();
            set.close();
            backend.close();
        }
    }
}
