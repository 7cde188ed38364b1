package io.gcoding.protocol;

import io.gcoding.protocol.Messages.FromWorker;
import io.gcoding.protocol.Messages.Hello;
import io.gcoding.protocol.Messages.Progress;
import io.gcoding.protocol.Messages.Upload;
import io.gcoding.protocol.wire.WorkerMessage;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.function.IntPredicate;

/**
 * Checks every message a worker sends before the coordinator acts on it (PROTOCOL.md §6). Workers are untrusted:
 * a wrong protocol version, bad auth token, unknown worker id, a round or state version that is not the current
 * one, a vector of the wrong length or with NaN/Inf, and duplicates are all caught here, with a reason to log, so
 * that nothing but a fresh, well-formed upload of the outstanding ENCODE can reach the decoder.
 *
 * <p>Stateless apart from the expected token; the round state comes from a {@link RoundView}. Call it on the
 * coordinator's state-machine thread.
 */
public final class MessageValidator {
    private final byte[] token;

    /** @param authToken the shared secret every Hello must carry */
    public MessageValidator(String authToken) {
        if (authToken == null || authToken.isEmpty()) {
            throw new IllegalArgumentException("an auth token is required");
        }
        this.token = authToken.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The first message of a stream.
     *
     * @param workers   m
     * @param connected whether a worker id already has a live stream
     */
    public Verdict<Hello> checkHello(WorkerMessage raw, int workers, IntPredicate connected) {
        FromWorker decoded;
        try {
            decoded = WireCodec.decode(raw);
        } catch (WireFormatException e) {
            return Verdict.reject(VerdictReason.MALFORMED, e.getMessage());
        }
        if (!(decoded instanceof Hello hello)) {
            return Verdict.reject(VerdictReason.NOT_HELLO,
                    "unknown worker: " + raw.getBodyCase() + " before Hello on this stream");
        }
        // constant time, so the token cannot be guessed byte by byte from response timing
        if (!MessageDigest.isEqual(token, hello.authToken().getBytes(StandardCharsets.UTF_8))) {
            return Verdict.reject(VerdictReason.BAD_TOKEN,
                    "bad auth token from a peer claiming to be worker " + hello.workerId());
        }
        if (hello.workerId() < 0 || hello.workerId() >= workers) {
            return Verdict.reject(VerdictReason.UNKNOWN_WORKER,
                    "unknown worker " + Integer.toUnsignedString(hello.workerId()) + " (workers are 0.."
                    + (workers - 1) + ")");
        }
        if (connected.test(hello.workerId())) {
            return Verdict.reject(VerdictReason.DUPLICATE_WORKER,
                    "worker " + hello.workerId() + " is already connected on another stream");
        }
        return Verdict.accept(hello);
    }

    /** Any later message of worker j's stream. */
    public Verdict<FromWorker> check(int worker, WorkerMessage raw, RoundView view) {
        if (worker < 0 || worker >= view.workers()) {
            return Verdict.reject(VerdictReason.UNKNOWN_WORKER, "unknown worker " + worker);
        }
        if (raw.getProtocolVersion() != WireProtocol.VERSION) {
            return Verdict.reject(VerdictReason.PROTOCOL_VERSION,
                    "protocol version " + raw.getProtocolVersion() + " from worker " + worker
                    + " is not supported (expected " + WireProtocol.VERSION + ")");
        }
        return switch (raw.getBodyCase()) {
            case PROGRESS -> checkProgress(worker, raw.getProgress(), view);
            case UPLOAD -> checkUpload(worker, raw.getUpload(), view);
            case ERROR -> checkError(worker, raw, view);
            case HEARTBEAT -> Verdict.accept(new Messages.Heartbeat());
            case READY -> raw.getReady().getFirstRound() == view.firstRound()
                    ? Verdict.accept(new Messages.Ready(view.firstRound()))
                    : Verdict.drop(VerdictReason.STALE_ROUND, "Ready of worker " + worker + " for the session of round "
                            + Long.toUnsignedString(raw.getReady().getFirstRound()) + ", not the current one ("
                            + view.firstRound() + ")");
            case HELLO -> Verdict.reject(VerdictReason.SECOND_HELLO,
                    "worker " + worker + " sent a second Hello on its stream");
            default -> Verdict.reject(VerdictReason.EMPTY_BODY, "message without a body from worker " + worker);
        };
    }

    private Verdict<FromWorker> checkProgress(int worker, io.gcoding.protocol.wire.Progress p, RoundView view) {
        Verdict<FromWorker> roundCheck = checkRound(worker, "progress", p.getRound(), view);
        if (roundCheck != null) {
            return roundCheck;
        }
        int count = p.getChunksDone();
        if (count < 0 || count > view.load(worker)) {
            return Verdict.reject(VerdictReason.BAD_CHUNK_COUNT,
                    "worker " + worker + " reports " + Integer.toUnsignedString(count)
                    + " chunks done but holds " + view.load(worker));
        }
        if (count <= view.reportedProgress(worker)) {
            return Verdict.drop(VerdictReason.DUPLICATE_MESSAGE,
                    "duplicate progress " + count + " from worker " + worker + " (already at "
                    + view.reportedProgress(worker) + ")");
        }
        return Verdict.accept(new Progress(p.getRound(), count));
    }

    private Verdict<FromWorker> checkUpload(int worker, io.gcoding.protocol.wire.Upload u, RoundView view) {
        Verdict<FromWorker> roundCheck = checkRound(worker, "upload", u.getRound(), view);
        if (roundCheck != null) {
            return roundCheck;
        }
        long version = Integer.toUnsignedLong(u.getStateVersion());
        if (version < view.stateVersion()) {
            return Verdict.drop(VerdictReason.STALE_VERSION,
                    "stale upload from worker " + worker + ": state version " + version + ", current "
                    + view.stateVersion());
        }
        if (version > view.stateVersion()) {
            return Verdict.reject(VerdictReason.UNISSUED_VERSION,
                    "worker " + worker + " uploads for state version " + version
                    + " which was never issued (current " + view.stateVersion() + ")");
        }
        if (view.hasUploaded(worker)) {
            return Verdict.drop(VerdictReason.DUPLICATE_MESSAGE,
                    "duplicate upload from worker " + worker + " for version " + version);
        }
        if (!view.roundOpen()) {
            // a worker that uploads on completion may finish after the fastest m - s decoded the round
            return Verdict.drop(VerdictReason.STALE_ROUND, "late upload from worker " + worker + ": round " + view.round() + " is decoded");
        }
        if (!view.uploadExpected(worker)) {
            return Verdict.reject(VerdictReason.UNASKED_UPLOAD,
                    "worker " + worker + " uploads but state version " + version
                    + " does not ask it to");
        }
        int bytes = u.getVector().size();
        if (bytes != 8 * view.uploadLength()) {
            return Verdict.reject(VerdictReason.WRONG_LENGTH,
                    "upload from worker " + worker + " has " + bytes + " bytes, expected "
                    + view.uploadLength() + " doubles = " + 8L * view.uploadLength() + " bytes (d/ell at round "
                    + view.round() + "'s ell = " + view.ell() + ")");
        }
        double[] vector;
        try {
            vector = WireCodec.toDoubles(u.getVector());
        } catch (WireFormatException e) {
            return Verdict.reject(VerdictReason.MALFORMED, e.getMessage());
        }
        for (int x = 0; x < vector.length; x++) {
            if (!Double.isFinite(vector[x])) {
                return Verdict.reject(VerdictReason.NON_FINITE,
                        "upload from worker " + worker + " has a non-finite value (" + vector[x]
                        + ") at index " + x);
            }
        }
        return Verdict.accept(new Upload(u.getRound(), u.getStateVersion(), vector));
    }

    private Verdict<FromWorker> checkError(int worker, WorkerMessage raw, RoundView view) {
        Messages.WorkerError e;
        try {
            e = (Messages.WorkerError) WireCodec.decode(raw);
        } catch (WireFormatException x) {
            return Verdict.reject(VerdictReason.MALFORMED, x.getMessage());
        }
        if (e.kind() == Messages.WorkerError.Kind.ROUND) {
            Verdict<FromWorker> roundCheck = checkRound(worker, "an error", e.round(), view);
            if (roundCheck != null) {
                return roundCheck;
            }
        }
        // shown in the coordinator's log: keep it printable
        String clean = e.reason().replaceAll("\\p{Cntrl}", " ");
        return Verdict.accept(new Messages.WorkerError(e.kind(), e.round(), clean));
    }

    /** Null when the round is the current one. */
    private static Verdict<FromWorker> checkRound(int worker, String what, long round, RoundView view) {
        if (view.round() < 0 || Long.compareUnsigned(round, view.round()) > 0) {
            return Verdict.reject(VerdictReason.FUTURE_ROUND,
                    "worker " + worker + " sent " + what + " for round " + Long.toUnsignedString(round)
                    + " which has not started (current " + view.round() + ")");
        }
        if (round != view.round()) {
            return Verdict.drop(VerdictReason.STALE_ROUND,
                    "stale " + what + " from worker " + worker + " for round " + round + " (current "
                    + view.round() + ")");
        }
        return null;
    }
}
