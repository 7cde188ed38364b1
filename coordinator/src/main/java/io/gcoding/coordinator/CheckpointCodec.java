package io.gcoding.coordinator;

import io.gcoding.training.OptimizerSnapshot;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The checkpoint file format: a small binary layout with a CRC32C, big-endian (Java's {@code DataOutput}).
 *
 * <pre>
 * offset 0        8 bytes   magic "GCODCKPT"
 *        8        int32     format version (1)
 *        12       int64     payload length L
 *        20       L bytes   payload
 *        20 + L   int32     CRC32C of bytes [0, 20 + L)
 * payload: settings (int32 count, then key, value strings), the settings' SHA-256 (hex string), next round (int64),
 *          finished sessions (int32 count, each: protocol, training seconds, final train loss, final parameters,
 *          evaluations, round summaries), a flag byte, and when it is 1 the session in progress (protocol, first
 *          round int64, rounds done int32, training seconds, parameters, optimizer: description, steps int64,
 *          int32 count of (name, vector)), evaluations, round summaries).
 * string: int32 byte count + UTF-8; vector: int32 length + float64s; evaluation: int32 rounds + 3 float64;
 * round summary: int64 round + 4 float64.
 * </pre>
 *
 * Why binary and not JSON: the model and the optimizer's moment vectors are almost all of a checkpoint, and as raw
 * IEEE-754 doubles they are exact by construction (no decimal round trip to get right), 8 bytes each instead of
 * ~20 characters, and cheap to write on the coordinator loop; the CRC32C (in the JDK) catches truncation and
 * corruption, and the version field lets a later format refuse an older file clearly. No dependency is needed.
 */
public final class CheckpointCodec {
    private static final byte[] MAGIC = "GCODCKPT".getBytes(StandardCharsets.US_ASCII);
    public static final int VERSION = 1;
    private static final int HEADER = MAGIC.length + 4 + 8;
    /** Longest string or vector accepted on decode: bounds what a corrupt length field can make us allocate. */
    private static final int MAX_COUNT = Integer.MAX_VALUE / 8;

    /** A checkpoint file that is truncated, corrupt or of another format. */
    public static final class CorruptCheckpointException extends IOException {
        private static final long serialVersionUID = 1L;

        CorruptCheckpointException(String message) {
            super(message);
        }
    }

    private CheckpointCodec() {
    }

    public static byte[] encode(Checkpoint c) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
            DataOutputStream out = new DataOutputStream(bytes);
            writePayload(out, c);
            out.flush();
            byte[] payload = bytes.toByteArray();
            ByteBuffer file = ByteBuffer.allocate(HEADER + payload.length + 4);
            file.put(MAGIC).putInt(VERSION).putLong(payload.length).put(payload);
            CRC32C crc = new CRC32C();
            crc.update(file.array(), 0, HEADER + payload.length);
            file.putInt((int) crc.getValue());
            return file.array();
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
        }
    }

    public static Checkpoint decode(byte[] file) throws CorruptCheckpointException {
        if (file.length < HEADER + 4) {
            throw new CorruptCheckpointException("truncated: " + file.length + " bytes, shorter than the header");
        }
        ByteBuffer in = ByteBuffer.wrap(file);
        byte[] magic = new byte[MAGIC.length];
        in.get(magic);
        if (!java.util.Arrays.equals(magic, MAGIC)) {
            throw new CorruptCheckpointException("not a gcoding checkpoint (bad magic)");
        }
        int version = in.getInt();
        if (version != VERSION) {
            throw new CorruptCheckpointException("format version " + version + ", this build reads " + VERSION);
        }
        long length = in.getLong();
        if (length < 0 || length != file.length - HEADER - 4L) {
            throw new CorruptCheckpointException("truncated or padded: the header says " + length
                    + " payload bytes, the file has " + (file.length - HEADER - 4));
        }
        CRC32C crc = new CRC32C();
        crc.update(file, 0, HEADER + (int) length);
        int stored = ByteBuffer.wrap(file, HEADER + (int) length, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new CorruptCheckpointException(String.format(java.util.Locale.ROOT,
                    "CRC32C mismatch (stored %08x, computed %08x)", stored, (int) crc.getValue()));
        }
        ByteBuffer payload = ByteBuffer.wrap(file, HEADER, (int) length).slice();
        try {
            Checkpoint c = readPayload(payload);
            if (payload.hasRemaining()) {
                throw new CorruptCheckpointException(payload.remaining() + " bytes after the payload");
            }
            return c;
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptCheckpointException("payload does not parse: " + e);
        }
    }

    private static void writePayload(DataOutputStream out, Checkpoint c) throws IOException {
        Map<String, String> settings = c.fingerprint().settings();
        out.writeInt(settings.size());
        for (Map.Entry<String, String> e : settings.entrySet()) {
            writeString(out, e.getKey());
            writeString(out, e.getValue());
        }
        writeString(out, c.fingerprint().hash());
        out.writeLong(c.nextRound());
        out.writeInt(c.finished().size());
        for (SessionResult r : c.finished()) {
            writeString(out, r.protocol());
            out.writeDouble(r.trainingSeconds());
            out.writeDouble(r.finalTrainLoss());
            writeVector(out, r.finalParameters());
            writeEvaluations(out, r.evaluations());
            writeRounds(out, r.roundSummaries());
        }
        SessionProgress p = c.current();
        out.writeByte(p == null ? 0 : 1);
        if (p != null) {
            writeString(out, p.protocol());
            out.writeLong(p.firstRound());
            out.writeInt(p.roundsDone());
            out.writeDouble(p.trainingSeconds());
            writeVector(out, p.parameters());
            OptimizerSnapshot o = p.optimizer();
            writeString(out, o.optimizer());
            out.writeLong(o.steps());
            out.writeInt(o.names().size());
            for (String name : o.names()) {
                writeString(out, name);
                writeVector(out, o.vector(name));
            }
            writeEvaluations(out, p.evaluations());
            writeRounds(out, p.rounds());
        }
    }

    private static Checkpoint readPayload(ByteBuffer in) throws CorruptCheckpointException {
        int n = count(in);
        Map<String, String> settings = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            settings.put(readString(in), readString(in));
        }
        ConfigFingerprint fingerprint = new ConfigFingerprint(settings);
        String hash = readString(in);
        if (!hash.equals(fingerprint.hash())) {
            throw new CorruptCheckpointException("the settings do not match their stored hash");
        }
        long nextRound = in.getLong();
        int finishedCount = count(in);
        List<SessionResult> finished = new ArrayList<>();
        for (int i = 0; i < finishedCount; i++) {
            String protocol = readString(in);
            double seconds = in.getDouble();
            double loss = in.getDouble();
            double[] params = readVector(in);
            List<SessionResult.EvaluationPoint> evaluations = readEvaluations(in);
            List<RoundSummary> rounds = readRounds(in);
            finished.add(new SessionResult(protocol, List.of(), evaluations, seconds, loss, params, rounds));
        }
        SessionProgress current = null;
        byte flag = in.get();
        if (flag == 1) {
            String protocol = readString(in);
            long firstRound = in.getLong();
            int done = in.getInt();
            double seconds = in.getDouble();
            double[] params = readVector(in);
            String optimizer = readString(in);
            long steps = in.getLong();
            int vectors = count(in);
            Map<String, double[]> state = new LinkedHashMap<>();
            for (int i = 0; i < vectors; i++) {
                state.put(readString(in), readVector(in));
            }
            List<SessionResult.EvaluationPoint> evaluations = readEvaluations(in);
            List<RoundSummary> rounds = readRounds(in);
            current = new SessionProgress(protocol, firstRound, done, seconds, params,
                    new OptimizerSnapshot(optimizer, steps, state), evaluations, rounds);
        } else if (flag != 0) {
            throw new CorruptCheckpointException("bad session flag " + flag);
        }
        return new Checkpoint(fingerprint, nextRound, finished, current);
    }

    private static void writeEvaluations(DataOutputStream out, List<SessionResult.EvaluationPoint> list)
            throws IOException {
        out.writeInt(list.size());
        for (SessionResult.EvaluationPoint e : list) {
            out.writeInt(e.rounds());
            out.writeDouble(e.testLoss());
            out.writeDouble(e.testAccuracy());
            out.writeDouble(e.elapsedSeconds());
        }
    }

    private static List<SessionResult.EvaluationPoint> readEvaluations(ByteBuffer in)
            throws CorruptCheckpointException {
        int n = count(in);
        List<SessionResult.EvaluationPoint> list = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            list.add(new SessionResult.EvaluationPoint(in.getInt(), in.getDouble(), in.getDouble(), in.getDouble()));
        }
        return list;
    }

    private static void writeRounds(DataOutputStream out, List<RoundSummary> list) throws IOException {
        out.writeInt(list.size());
        for (RoundSummary r : list) {
            out.writeLong(r.round());
            out.writeDouble(r.seconds());
            out.writeDouble(r.triggerLatencyMs());
            out.writeDouble(r.encodeToDecodeMs());
            out.writeDouble(r.worstCondition());
        }
    }

    private static List<RoundSummary> readRounds(ByteBuffer in) throws CorruptCheckpointException {
        int n = count(in);
        List<RoundSummary> list = new ArrayList<>(Math.min(n, 1 << 16));
        for (int i = 0; i < n; i++) {
            list.add(new RoundSummary(in.getLong(), in.getDouble(), in.getDouble(), in.getDouble(), in.getDouble()));
        }
        return list;
    }

    private static void writeVector(DataOutputStream out, double[] v) throws IOException {
        out.writeInt(v.length);
        ByteBuffer b = ByteBuffer.allocate(8 * v.length);
        b.asDoubleBuffer().put(v);
        out.write(b.array());
    }

    private static double[] readVector(ByteBuffer in) throws CorruptCheckpointException {
        int n = count(in);
        if ((long) n * 8 > in.remaining()) {
            throw new CorruptCheckpointException("a vector of " + n + " doubles runs past the end");
        }
        double[] v = new double[n];
        in.asDoubleBuffer().get(v);
        in.position(in.position() + 8 * n);
        return v;
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(b.length);
        out.write(b);
    }

    private static String readString(ByteBuffer in) throws CorruptCheckpointException {
        int n = count(in);
        if (n > in.remaining()) {
            throw new CorruptCheckpointException("a string of " + n + " bytes runs past the end");
        }
        byte[] b = new byte[n];
        in.get(b);
        return new String(b, StandardCharsets.UTF_8);
    }

    private static int count(ByteBuffer in) throws CorruptCheckpointException {
        int n = in.getInt();
        if (n < 0 || n > MAX_COUNT) {
            throw new CorruptCheckpointException("bad count " + n);
        }
        return n;
    }
}
