package io.gcoding.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.gcoding.protocol.Messages.Hello;
import io.gcoding.protocol.Messages.Progress;
import io.gcoding.protocol.Messages.Upload;
import io.gcoding.protocol.wire.WorkerMessage;
import org.junit.jupiter.api.Test;

class MessageValidatorTest {
    private final MessageValidator validator = new MessageValidator("s3cret");

    /** Round 5, ENCODE of version 1 outstanding with s = (2, 0, 1); worker 2 already uploaded; uploads of length 3. */
    private boolean open = true;
    private final RoundView view = new RoundView() {
        @Override public int workers() { return 3; }
        @Override public long round() { return 5; }
        @Override public int stateVersion() { return 1; }
        @Override public int load(int worker) { return 2; }
        @Override public int reportedProgress(int worker) { return worker == 0 ? 2 : 0; }
        @Override public boolean uploadExpected(int worker) { return worker == 0; }
        @Override public boolean hasUploaded(int worker) { return worker == 2; }
        @Override public int uploadLength() { return 3; }
        @Override public int ell() { return 2; }
        @Override public long firstRound() { return 4; }
        @Override public boolean roundOpen() { return open; }
    };

    private static WorkerMessage upload(long round, int version, double... v) {
        return WireCodec.encode(new Upload(round, version, v));
    }

    private static void rejected(Verdict<?> v, String reasonPart) {
        Verdict.Reject<?> r = assertInstanceOf(Verdict.Reject.class, v);
        assertTrue(r.reason().contains(reasonPart), r.reason());
    }

    private static void dropped(Verdict<?> v, String reasonPart) {
        Verdict.Drop<?> d = assertInstanceOf(Verdict.Drop.class, v);
        assertTrue(d.reason().contains(reasonPart), d.reason());
    }

    @Test
    void anUploadAfterTheRoundWasDecodedIsDroppedNotRejected() {
        open = false; // e.g. original: the fastest m - s decoded, a slower worker's upload on completion comes in
        dropped(validator.check(0, upload(5, 1, 1, 2, 3), view), "round 5 is decoded");
    }

    @Test
    void readyCountsOnlyForTheCurrentSession() {
        Verdict<?> v = validator.check(1, WireCodec.encode(new Messages.Ready(4)), view);
        assertEquals(new Messages.Ready(4), assertInstanceOf(Verdict.Accept.class, v).message());
        dropped(validator.check(1, WireCodec.encode(new Messages.Ready(0)), view), "not the current one (4)");
    }

    @Test
    void acceptsAFreshWellFormedUpload() {
        Verdict<?> v = validator.check(0, upload(5, 1, 1, 2, 3), view);
        Upload u = (Upload) assertInstanceOf(Verdict.Accept.class, v).message();
        assertArrayEquals(new double[] {1, 2, 3}, u.vector());
    }

    @Test
    void wrongLengthNanAndInfinityAreRejected() {
        rejected(validator.check(0, upload(5, 1, 1, 2), view), "expected 3 doubles");
        rejected(validator.check(0, upload(5, 1, 1, Double.NaN, 3), view), "non-finite");
        rejected(validator.check(0, upload(5, 1, 1, 2, Double.NEGATIVE_INFINITY), view), "non-finite");
        WorkerMessage ragged = upload(5, 1, 1, 2, 3).toBuilder()
                .setUpload(upload(5, 1, 1, 2, 3).getUpload().toBuilder().setVector(ByteString.copyFrom(new byte[23])))
                .build();
        rejected(validator.check(0, ragged, view), "23 bytes");
    }

    @Test
    void replayedRoundsStaleVersionsAndDuplicatesAreDropped() {
        dropped(validator.check(0, upload(4, 1, 1, 2, 3), view), "stale upload from worker 0 for round 4");
        dropped(validator.check(0, upload(5, 0, 1, 2, 3), view), "state version 0");
        dropped(validator.check(2, upload(5, 1, 1, 2, 3), view), "duplicate upload");
        dropped(validator.check(0, WireCodec.encode(new Progress(5, 1)), view), "duplicate progress");
        dropped(validator.check(1, WireCodec.encode(new Progress(3, 1)), view), "stale progress");
    }

    @Test
    void futureRoundsVersionsAndUnaskedUploadsAreRejected() {
        rejected(validator.check(0, upload(6, 1, 1, 2, 3), view), "has not started");
        rejected(validator.check(0, upload(5, 2, 1, 2, 3), view), "never issued");
        rejected(validator.check(1, upload(5, 1, 1, 2, 3), view), "does not ask it to");
        rejected(validator.check(1, WireCodec.encode(new Progress(5, 3)), view), "holds 2");
        rejected(validator.check(7, WireCodec.encode(new Progress(5, 1)), view), "unknown worker 7");
        rejected(validator.check(0, WireCodec.encode(new Progress(5, 1)).toBuilder().setProtocolVersion(9).build(),
                view), "protocol version 9");
        assertInstanceOf(Verdict.Accept.class, validator.check(1, WireCodec.encode(new Progress(5, 1)), view));
    }

    @Test
    void helloNeedsTheTokenAKnownIdAndNoLiveStream() {
        WorkerMessage good = WireCodec.encode(new Hello(1, "cpu", "test", "s3cret", false));
        assertInstanceOf(Verdict.Accept.class, validator.checkHello(good, 3, j -> false));
        rejected(validator.checkHello(WireCodec.encode(new Hello(1, "cpu", "test", "guess", false)), 3, j -> false),
                "bad auth token");
        rejected(validator.checkHello(WireCodec.encode(new Hello(3, "cpu", "test", "s3cret", false)), 3, j -> false),
                "unknown worker 3");
        rejected(validator.checkHello(WireCodec.encode(new Hello(-1, "cpu", "test", "s3cret", false)), 3, j -> false),
                "unknown worker 4294967295");
        rejected(validator.checkHello(good, 3, j -> j == 1), "already connected");
        rejected(validator.checkHello(WireCodec.encode(new Progress(5, 1)), 3, j -> false), "before Hello");
    }

    @Test
    void everyRefusalCarriesItsReasonForThePerReasonCounts() {
        assertEquals(VerdictReason.WRONG_LENGTH, kind(validator.check(0, upload(5, 1, 1, 2), view)));
        // the length is the round's: ceil(d / ell) at the ell its RoundStart announced (--ell auto)
        Verdict<?> wrongEll = validator.check(0, upload(5, 1, 1, 2, 3, 4, 5, 6), view);
        assertEquals(VerdictReason.WRONG_LENGTH, kind(wrongEll));
        assertTrue(wrongEll.toString().contains("round 5's ell = 2"), wrongEll.toString());
        assertEquals(VerdictReason.NON_FINITE, kind(validator.check(0, upload(5, 1, 1, Double.NaN, 3), view)));
        assertEquals(VerdictReason.STALE_ROUND, kind(validator.check(0, upload(4, 1, 1, 2, 3), view)));
        assertEquals(VerdictReason.STALE_VERSION, kind(validator.check(0, upload(5, 0, 1, 2, 3), view)));
        assertEquals(VerdictReason.DUPLICATE_MESSAGE, kind(validator.check(2, upload(5, 1, 1, 2, 3), view)));
        assertEquals(VerdictReason.FUTURE_ROUND, kind(validator.check(0, upload(6, 1, 1, 2, 3), view)));
        assertEquals(VerdictReason.UNISSUED_VERSION, kind(validator.check(0, upload(5, 2, 1, 2, 3), view)));
        assertEquals(VerdictReason.UNASKED_UPLOAD, kind(validator.check(1, upload(5, 1, 1, 2, 3), view)));
        assertEquals(VerdictReason.BAD_CHUNK_COUNT, kind(validator.check(1, WireCodec.encode(new Progress(5, 3)),
                view)));
        assertEquals(VerdictReason.BAD_TOKEN, kind(validator.checkHello(WireCodec.encode(new Hello(1, "cpu", "t",
                "guess", false)), 3, j -> false)));
        assertEquals(VerdictReason.DUPLICATE_WORKER, kind(validator.checkHello(WireCodec.encode(new Hello(1, "cpu",
                "t", "s3cret", false)), 3, j -> true)));
        assertEquals(VerdictReason.NOT_HELLO, kind(validator.checkHello(WireCodec.encode(new Progress(5, 1)), 3,
                j -> false)));
        assertEquals("bad_token", VerdictReason.BAD_TOKEN.tag());
    }

    private static VerdictReason kind(Verdict<?> v) {
        if (v instanceof Verdict.Reject<?> r) {
            return r.kind();
        }
        return assertInstanceOf(Verdict.Drop.class, v).kind();
    }
}
