package io.gcoding.bench.protocol;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.WireFormatException;
import io.gcoding.protocol.WireProtocol;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ClientResponseObserver;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.SplittableRandom;

/**
 * A lightweight worker for the protocol benchmark: no data and no compute. After each RoundStart it "finishes" its
 * chunks at pseudo-random times and reports cumulative progress (only while the stream is ready, so a skipped report
 * loses nothing); on ENCODE it stops and uploads a zero vector of the right length. State is touched by the
 * transport callback thread and the pacer thread, hence the synchronisation.
 *
 * <p>What it sends is what a real worker sends: {@link WireCodec#encode} of real messages, through the generated
 * request marshaller. What it receives is read more cheaply than a real worker reads it, because all simulated
 * workers share the coordinator's two cores: an ENCODE carries the whole state s_1..s_m, which a real worker needs
 * for its coefficients (one parse of m entries on its own machine) but a simulated one, uploading zeros, does not.
 * Parsing it fully in every simulated worker is m^2 varints per round on the benchmark's machine (10^8 at 10,000
 * workers), which the JFR profile showed as the largest CPU cost of the whole benchmark. So an ENCODE is read by
 * {@link #readEncode} (round, version and s_j only, from the same bytes; s_j is at byte j when the m entries take m
 * bytes, as they do for every state s_j < 128); every other message is parsed and
 * decoded exactly as before.
 */
final class SimulatedWorker {
    /** The session method with the response left as its serialised bytes (the request side is unchanged). */
    static final MethodDescriptor<WorkerMessage, byte[]> SESSION = TrainingGrpc.getSessionMethod()
            .toBuilder(TrainingGrpc.getSessionMethod().getRequestMarshaller(), new MethodDescriptor.Marshaller<byte[]>() {
                @Override
                public InputStream stream(byte[] value) {
                    return new java.io.ByteArrayInputStream(value);
                }

                @Override
                public byte[] parse(InputStream stream) {
                    try {
                        return stream.readAllBytes();
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }).build();

    private static final int ENCODE_TAG = CoordinatorMessage.ENCODE_FIELD_NUMBER << 3
            | WireFormat.WIRETYPE_LENGTH_DELIMITED;
    private static final int VERSION_TAG = CoordinatorMessage.PROTOCOL_VERSION_FIELD_NUMBER << 3
            | WireFormat.WIRETYPE_VARINT;

    private final int id;
    private final int workers;
    private final int load;
    private final int uploadLength;
    private final double meanChunkNanos;
    private final SplittableRandom random;
    private ClientCallStreamObserver<WorkerMessage> out;
    private long round = -1;
    private int done;
    private int reported;
    private long nextAt = Long.MAX_VALUE;
    /** Read without the lock by the pacer, so that a stopped worker costs it one volatile read. */
    private volatile boolean stopped = true;

    SimulatedWorker(int id, int workers, int load, int uploadLength, double meanChunkMillis, long seed) {
        this.id = id;
        this.workers = workers;
        this.load = load;
        this.uploadLength = uploadLength;
        this.meanChunkNanos = meanChunkMillis * 1e6;
        this.random = new SplittableRandom(seed * 1_000_003L + id);
    }

    void connect(Channel channel, String token) {
        ClientCalls.asyncBidiStreamingCall(channel.newCall(SESSION, CallOptions.DEFAULT.withOnReadyThreshold(256)),
                new ClientResponseObserver<WorkerMessage, byte[]>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
                        out = requestStream;
                    }

                    @Override
                    public void onNext(byte[] message) {
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

    /** An ENCODE as this worker needs it. */
    record EncodeView(long round, int version, int own) {
    }

    /**
     * Round, state version and this worker's s_j of a serialised CoordinatorMessage when it is an ENCODE of the
     * current protocol version; null for any other message (then parsed in full).
     */
    static EncodeView readEncode(byte[] raw, int worker, int workers) throws IOException {
        CodedInputStream in = CodedInputStream.newInstance(raw);
        int protocolVersion = 0;
        EncodeView view = null;
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            if (tag == VERSION_TAG) {
                protocolVersion = in.readUInt32();
            } else if (tag == ENCODE_TAG) {
                int limit = in.pushLimit(in.readRawVarint32());
                view = readEncodeBody(raw, in, worker, workers);
                in.popLimit(limit);
            } else {
                return null;
            }
        }
        return protocolVersion == WireProtocol.VERSION ? view : null;
    }

    private static EncodeView readEncodeBody(byte[] raw, CodedInputStream in, int worker, int workers)
            throws IOException {
        long round = 0;
        int version = 0;
        int own = 0;
        int index = 0; // entries of state seen so far (packed or not, repeated fields concatenate)
        for (int tag = in.readTag(); tag != 0; tag = in.readTag()) {
            switch (tag) {
                case 8 -> round = in.readUInt64();
                case 16 -> version = in.readUInt32();
                case 24 -> { // unpacked entry
                    int s = in.readUInt32();
                    if (index++ == worker) {
                        own = s;
                    }
                }
                case 26 -> { // packed entries: find entry `worker` in the bytes without decoding the others
                    int length = in.readRawVarint32();
                    int from = in.getTotalBytesRead();
                    int to = from + length;
                    if (length == workers && index == 0) { // m entries in m bytes: every entry is one byte
                        if (worker < length) {
                            own = raw[from + worker];
                        }
                        index = length;
                    } else {
                        for (int p = from; p < to; index++) {
                            if (index == worker) {
                                own = CodedInputStream.newInstance(raw, p, to - p).readUInt32();
                            }
                            while (raw[p] < 0) { // continuation bit: the entry goes on
                                p++;
                            }
                            p++;
                        }
                    }
                    in.skipRawBytes(length);
                }
                default -> in.skipField(tag);
            }
        }
        return new EncodeView(round, version, own);
    }

    private synchronized void handle(byte[] raw) {
        EncodeView encode;
        Messages.FromCoordinator m;
        try {
            encode = readEncode(raw, id, workers);
            m = encode != null ? null : WireCodec.decode(CoordinatorMessage.parseFrom(raw));
        } catch (IOException | WireFormatException e) {
            throw new IllegalStateException(e);
        }
        if (encode != null) {
            if (encode.round() == round) {
                stopped = true;
                if (encode.own() > 0) {
                    out.onNext(WireCodec.encode(new Messages.Upload(round, encode.version(), new double[uploadLength])));
                }
            }
        } else if (m instanceof io.gcoding.protocol.SessionConfig c) {
            out.onNext(WireCodec.encode(new Messages.Ready(c.firstRound()))); // nothing to load
        } else if (m instanceof Messages.RoundStart r) {
            round = r.round();
            done = 0;
            reported = 0;
            nextAt = System.nanoTime() + draw();
            stopped = false;
        } else if (m instanceof Messages.Resume r && r.round() == round) {
            nextAt = System.nanoTime();
            stopped = false;
        }
    }

    private synchronized void stop() {
        stopped = true;
    }

    /** Pacer thread: finishes due chunks and reports the cumulative count if the stream can take it. */
    void tick(long now) {
        if (stopped) {
            return;
        }
        synchronized (this) {
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
    }

    /** Exponential chunk times: many workers, a long tail of slow ones. */
    private long draw() {
        return (long) (-Math.log(1 - random.nextDouble()) * meanChunkNanos);
    }
}
