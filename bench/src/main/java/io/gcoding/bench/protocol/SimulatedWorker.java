package io.gcoding.bench.protocol;

import io.gcoding.protocol.Messages;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.WireFormatException;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.Channel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.util.SplittableRandom;

/**
 * A lightweight worker for the protocol benchmark: no data and no compute. After each RoundStart it "finishes" its
 * chunks at pseudo-random times and reports cumulative progress (only while the stream is ready, so a skipped report
 * loses nothing); on ENCODE it stops and uploads a zero vector of the right length. State is touched by the
 * transport callback thread and the pacer thread, hence the synchronisation.
 */
final class SimulatedWorker {
    private final int id;
    private final int load;
    private final int uploadLength;
    private final double meanChunkNanos;
    private final SplittableRandom random;
    private ClientCallStreamObserver<WorkerMessage> out;
    private long round = -1;
    private int done;
    private int reported;
    private long nextAt = Long.MAX_VALUE;
    private boolean stopped = true;

    SimulatedWorker(int id, int load, int uploadLength, double meanChunkMillis, long seed) {
        this.id = id;
        this.load = load;
        this.uploadLength = uploadLength;
        this.meanChunkNanos = meanChunkMillis * 1e6;
        this.random = new SplittableRandom(seed * 1_000_003L + id);
    }

    void connect(Channel channel, String token) {
        TrainingGrpc.newStub(channel).withOnReadyThreshold(256)
                .session(new ClientResponseObserver<WorkerMessage, CoordinatorMessage>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
                        out = requestStream;
                    }

                    @Override
                    public void onNext(CoordinatorMessage message) {
                        handle(message);
                    }

                    @Override
                    public void onError(Throwable t) {
                        stop();
                    }

                    @Override
                    public void onCompleted() {
                        stop();
                    }
                });
        synchronized (this) {
            out.onNext(WireCodec.encode(new Messages.Hello(id, "simulated", "none", token, false)));
        }
    }

    private synchronized void handle(CoordinatorMessage raw) {
        Messages.FromCoordinator m;
        try {
            m = WireCodec.decode(raw);
        } catch (WireFormatException e) {
            throw new IllegalStateException(e);
        }
        if (m instanceof io.gcoding.protocol.SessionConfig c) {
            out.onNext(WireCodec.encode(new Messages.Ready(c.firstRound()))); // nothing to load
        } else if (m instanceof Messages.RoundStart r) {
            round = r.round();
            done = 0;
            reported = 0;
            stopped = false;
            nextAt = System.nanoTime() + draw();
        } else if (m instanceof Messages.Encode e && e.round() == round) {
            stopped = true;
            if (e.state()[id] > 0) {
                out.onNext(WireCodec.encode(new Messages.Upload(round, e.version(), new double[uploadLength])));
            }
        } else if (m instanceof Messages.Resume r && r.round() == round) {
            stopped = false;
            nextAt = System.nanoTime();
        }
    }

    private synchronized void stop() {
        stopped = true;
    }

    /** Pacer thread: finishes due chunks and reports the cumulative count if the stream can take it. */
    synchronized void tick(long now) {
        if (stopped) {
            return;
        }
        while (done < load && now >= nextAt) {
            done++;
            nextAt += draw();
        }
        if (done > reported && out.isReady()) {
            out.onNext(WireCodec.encode(new Messages.Progress(round, done)));
            reported = done;
        }
    }

    /** Exponential chunk times: many workers, a long tail of slow ones. */
    private long draw() {
        return (long) (-Math.log(1 - random.nextDouble()) * meanChunkNanos);
    }
}
