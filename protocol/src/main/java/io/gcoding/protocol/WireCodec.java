package io.gcoding.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import io.gcoding.protocol.Messages.Encode;
import io.gcoding.protocol.Messages.FromCoordinator;
import io.gcoding.protocol.Messages.FromWorker;
import io.gcoding.protocol.Messages.Hello;
import io.gcoding.protocol.Messages.Progress;
import io.gcoding.protocol.Messages.Resume;
import io.gcoding.protocol.Messages.RoundStart;
import io.gcoding.protocol.Messages.Shutdown;
import io.gcoding.protocol.Messages.Upload;
import io.gcoding.protocol.wire.ChunkOrder;
import io.gcoding.protocol.wire.Config;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.Model;
import io.gcoding.protocol.wire.WorkerMessage;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Converts between the typed messages ({@link Messages}, {@link SessionConfig}) and the generated protobuf classes.
 * Vectors are little-endian IEEE-754 doubles in {@code bytes} fields (training.proto). Decoding checks the shape
 * of the wire data (version, body present, vector byte count); {@link MessageValidator} checks the meaning.
 */
public final class WireCodec {
    private WireCodec() {
    }

    // ------------------------------------------------------------------ vectors

    public static ByteString toBytes(double[] values) {
        byte[] bytes = new byte[values.length * 8];
        ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().put(values);
        // wrapped, not copied: nothing else holds the array, so the ByteString stays immutable. A copy here was a
        // second pass over fresh memory for every upload and model broadcast (1.7 MB each at d = 216,586)
        return UnsafeByteOperations.unsafeWrap(bytes);
    }

    /** @throws WireFormatException when the byte count is not a multiple of 8 */
    public static double[] toDoubles(ByteString bytes) throws WireFormatException {
        if (bytes.size() % 8 != 0) {
            throw new WireFormatException("vector of " + bytes.size() + " bytes is not a whole number of doubles");
        }
        double[] out = new double[bytes.size() / 8];
        bytes.asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
        return out;
    }

    // ------------------------------------------------------------------ worker -> coordinator

    public static WorkerMessage encode(FromWorker message) {
        WorkerMessage.Builder b = WorkerMessage.newBuilder().setProtocolVersion(WireProtocol.VERSION);
        if (message instanceof Hello h) {
            b.setHello(io.gcoding.protocol.wire.Hello.newBuilder().setWorkerId(h.workerId()).setBackend(h.backend())
                    .setDevice(h.device()).setAuthToken(h.authToken()).setReplacement(h.replacement()));
        } else if (message instanceof Progress p) {
            b.setProgress(io.gcoding.protocol.wire.Progress.newBuilder().setRound(p.round())
                    .setChunksDone(p.chunksDone()));
        } else if (message instanceof Upload u) {
            b.setUpload(io.gcoding.protocol.wire.Upload.newBuilder().setRound(u.round()).setStateVersion(u.version())
                    .setVector(toBytes(u.vector())));
        } else if (message instanceof Messages.WorkerError e) {
            b.setError(io.gcoding.protocol.wire.WorkerError.newBuilder().setRound(e.round()).setReason(e.reason())
                    .setKind(e.kind() == Messages.WorkerError.Kind.CONFIGURATION
                            ? io.gcoding.protocol.wire.WorkerError.Kind.CONFIGURATION
                            : io.gcoding.protocol.wire.WorkerError.Kind.ROUND));
        } else if (message instanceof Messages.Heartbeat) {
            b.setHeartbeat(io.gcoding.protocol.wire.Heartbeat.getDefaultInstance());
        } else if (message instanceof Messages.Ready r) {
            b.setReady(io.gcoding.protocol.wire.Ready.newBuilder().setFirstRound(r.firstRound()));
        }
        return b.build();
    }

    public static FromWorker decode(WorkerMessage message) throws WireFormatException {
        checkVersion(message.getProtocolVersion());
        switch (message.getBodyCase()) {
            case HELLO -> {
                var h = message.getHello();
                return new Hello(h.getWorkerId(), h.getBackend(), h.getDevice(), h.getAuthToken(), h.getReplacement());
            }
            case PROGRESS -> {
                var p = message.getProgress();
                return new Progress(p.getRound(), p.getChunksDone());
            }
            case UPLOAD -> {
                var u = message.getUpload();
                return new Upload(u.getRound(), u.getStateVersion(), toDoubles(u.getVector()));
            }
            case ERROR -> {
                var e = message.getError();
                Messages.WorkerError.Kind kind = switch (e.getKind()) {
                    case CONFIGURATION -> Messages.WorkerError.Kind.CONFIGURATION;
                    case ROUND -> Messages.WorkerError.Kind.ROUND;
                    default -> throw new WireFormatException("worker error of unknown kind " + e.getKindValue());
                };
                return new Messages.WorkerError(kind, e.getRound(), e.getReason());
            }
            case HEARTBEAT -> {
                return new Messages.Heartbeat();
            }
            case READY -> {
                return new Messages.Ready(message.getReady().getFirstRound());
            }
            default -> throw new WireFormatException("worker message without a body");
        }
    }

    // ------------------------------------------------------------------ coordinator -> worker

    public static CoordinatorMessage encode(FromCoordinator message) {
        CoordinatorMessage.Builder b = CoordinatorMessage.newBuilder().setProtocolVersion(WireProtocol.VERSION);
        if (message instanceof SessionConfig c) {
            b.setConfig(toProto(c));
        } else if (message instanceof RoundStart r) {
            var rb = io.gcoding.protocol.wire.RoundStart.newBuilder().setRound(r.round())
                    .setParameters(toBytes(r.parameters())).setOrderVersion(r.orderVersion()).setEll(r.ell());
            for (int[] order : r.orders()) {
                rb.addOrders(chunkOrder(order));
            }
            b.setRoundStart(rb);
        } else if (message instanceof Encode e) {
            var eb = io.gcoding.protocol.wire.Encode.newBuilder().setRound(e.round()).setStateVersion(e.version());
            for (int s : e.state()) {
                eb.addState(s);
            }
            b.setEncode(eb);
        } else if (message instanceof Resume r) {
            b.setResume(io.gcoding.protocol.wire.Resume.newBuilder().setRound(r.round()).setStateVersion(r.version()));
        } else if (message instanceof Shutdown s) {
            b.setShutdown(io.gcoding.protocol.wire.Shutdown.newBuilder().setReason(s.reason()));
        }
        return b.build();
    }

    public static FromCoordinator decode(CoordinatorMessage message) throws WireFormatException {
        checkVersion(message.getProtocolVersion());
        switch (message.getBodyCase()) {
            case CONFIG -> {
                return fromProto(message.getConfig());
            }
            case ROUND_START -> {
                var r = message.getRoundStart();
                int[][] orders = new int[r.getOrdersCount()][];
                for (int j = 0; j < orders.length; j++) {
                    orders[j] = chunks(r.getOrders(j));
                }
                return new RoundStart(r.getRound(), toDoubles(r.getParameters()), r.getOrderVersion(), orders, r.getEll());
            }
            case ENCODE -> {
                var e = message.getEncode();
                int[] state = new int[e.getStateCount()];
                for (int j = 0; j < state.length; j++) {
                    state[j] = e.getState(j);
                }
                return new Encode(e.getRound(), e.getStateVersion(), state);
            }
            case RESUME -> {
                return new Resume(message.getResume().getRound(), message.getResume().getStateVersion());
            }
            case SHUTDOWN -> {
                return new Shutdown(message.getShutdown().getReason());
            }
            default -> throw new WireFormatException("coordinator message without a body");
        }
    }

    private static ChunkOrder chunkOrder(int[] order) {
        ChunkOrder.Builder ob = ChunkOrder.newBuilder();
        for (int chunk : order) {
            ob.addChunks(chunk);
        }
        return ob.build();
    }

    private static int[] chunks(ChunkOrder o) {
        int[] chunks = new int[o.getChunksCount()];
        for (int p = 0; p < chunks.length; p++) {
            chunks[p] = o.getChunks(p);
        }
        return chunks;
    }

    private static Config toProto(SessionConfig c) {
        Config.Builder b = Config.newBuilder().setWorkers(c.workers()).setChunks(c.chunks()).setEll(c.ell())
                .setThetaSpec(c.thetaSpec()).setDataset(c.dataset()).setDataSeed(c.dataSeed())
                .setBatchRows(c.batchRows()).setBatchSeed(c.batchSeed()).setOptimizer(c.optimizer())
                .setProtocol(c.protocol().label()).setStragglers(c.stragglers()).setFirstRound(c.firstRound())
                .setParameterCount(c.parameterCount())
                .setUploadOnCompletion(c.uploadRule() == ProtocolKind.UploadRule.ON_COMPLETION);
        for (int[] order : c.orders()) {
            b.addOrders(chunkOrder(order));
        }
        Model.Builder mb = Model.newBuilder().setType(c.model().type().label()).setInputDim(c.model().inputDim())
                .setClasses(c.model().classes());
        for (int h : c.model().hidden()) {
            mb.addHidden(h);
        }
        return b.setModel(mb).build();
    }

    private static SessionConfig fromProto(Config c) throws WireFormatException {
        try {
            int[][] orders = new int[c.getOrdersCount()][];
            for (int j = 0; j < orders.length; j++) {
                orders[j] = chunks(c.getOrders(j));
            }
            Model m = c.getModel();
            int[] hidden = new int[m.getHiddenCount()];
            for (int k = 0; k < hidden.length; k++) {
                hidden[k] = m.getHidden(k);
            }
            ModelSpec model = new ModelSpec(ModelType.parse(m.getType()), m.getInputDim(), m.getClasses(), hidden);
            if (c.getParameterCount() != model.parameterCount()) {
                throw new WireFormatException("bad Config: d = " + c.getParameterCount() + " but the model " + model
                        + " has " + model.parameterCount() + " parameters");
            }
            return SessionConfig.builder().coding(c.getWorkers(), c.getChunks(), c.getEll(), c.getThetaSpec(), orders)
                    .model(model).data(c.getDataset(), c.getDataSeed(), c.getBatchRows(), c.getBatchSeed())
                    .protocol(ProtocolKind.byLabel(c.getProtocol()))
                    .uploadRule(c.getUploadOnCompletion() ? ProtocolKind.UploadRule.ON_COMPLETION
                            : ProtocolKind.UploadRule.ON_ENCODE)
                    .optimizer(c.getOptimizer())
                    .stragglers(c.getStragglers()).firstRound(c.getFirstRound()).build();
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new WireFormatException("bad Config: " + e.getMessage());
        }
    }

    private static void checkVersion(int version) throws WireFormatException {
        if (version != WireProtocol.VERSION) {
            throw new WireFormatException("protocol version " + version + " is not supported (this peer speaks "
                    + WireProtocol.VERSION + ")");
        }
    }
}
