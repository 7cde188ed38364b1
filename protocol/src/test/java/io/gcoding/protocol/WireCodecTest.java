package io.gcoding.protocol;

import io.gcoding.coding.engine.ProtocolKind;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.Messages.Encode;
import io.gcoding.protocol.Messages.Upload;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.WorkerMessage;
import org.junit.jupiter.api.Test;

class WireCodecTest {

    @Test
    void vectorsAreLittleEndianDoubles() throws Exception {
        ByteString bytes = WireCodec.toBytes(new double[] {1.0, -2.5});
        // 1.0 = 0x3FF0000000000000: least significant byte first
        byte[] expected = {0, 0, 0, 0, 0, 0, (byte) 0xF0, 0x3F, 0, 0, 0, 0, 0, 0, 4, (byte) 0xC0};
        assertArrayEquals(expected, bytes.toByteArray());
        assertArrayEquals(new double[] {1.0, -2.5}, WireCodec.toDoubles(bytes));
        assertThrows(WireFormatException.class, () -> WireCodec.toDoubles(ByteString.copyFrom(new byte[7])));
    }

    @Test
    void configRoundTripsAndIsValidated() throws Exception {
        SessionConfig c = SessionConfig.builder().coding(3, 3, 1, "chebyshev", new int[][] {{0, 1}, {1, 2}, {2, 0}}).model(ModelSpec.softmax(4, 3))
                .data("synthetic", 7, 16, 9).protocol(ProtocolKind.PARTIAL).optimizer("adam:lr=0.01").stragglers("slow=1:2")
                .firstRound(10).build();
        CoordinatorMessage wire = WireCodec.encode(c);
        assertEquals(WireProtocol.VERSION, wire.getProtocolVersion());
        SessionConfig back = (SessionConfig) WireCodec.decode(wire);
        assertEquals(c, back);
        assertEquals(2, back.ordering().length(0));
        assertEquals(15, back.uploadLength());

        CoordinatorMessage wrongD = wire.toBuilder().setConfig(wire.getConfig().toBuilder().setParameterCount(99))
                .build();
        WireFormatException e = assertThrows(WireFormatException.class, () -> WireCodec.decode(wrongD));
        assertTrue(e.getMessage().contains("d = 99"), e.getMessage());

        SessionConfig fixed = SessionConfig.builder().coding(3, 3, 1, "chebyshev", new int[][] {{0, 1}, {1, 2}, {2, 0}})
                .model(ModelSpec.softmax(4, 3)).data("synthetic", 7, 0, 9).protocol(ProtocolKind.ORIGINAL)
                .uploadRule(ProtocolKind.UploadRule.ON_COMPLETION).build();
        assertEquals(ProtocolKind.UploadRule.ON_COMPLETION,
                ((SessionConfig) WireCodec.decode(WireCodec.encode(fixed))).uploadRule());
        assertEquals(ProtocolKind.UploadRule.ON_ENCODE, back.uploadRule(), "partial's default");
        CoordinatorMessage partialOnCompletion = wire.toBuilder().setConfig(wire.getConfig().toBuilder()
                .setUploadOnCompletion(true)).build();
        assertThrows(WireFormatException.class, () -> WireCodec.decode(partialOnCompletion),
                "partial has no fixed code");
    }

    @Test
    void theRoundsEllTravelsWithRoundStartAndIsCheckedAgainstTheReplication() throws Exception {
        // cyclic(4, 3): every chunk on three workers, so a round may use ell 1..3
        int[][] orders = {{0, 1, 2}, {1, 2, 3}, {2, 3, 0}, {3, 0, 1}};
        SessionConfig c = SessionConfig.builder().coding(4, 4, 1, "chebyshev", orders)
                .model(ModelSpec.softmax(4, 3)).data("synthetic", 7, 16, 9).protocol(ProtocolKind.PARTIAL)
                .optimizer("sgd").stragglers("").firstRound(0).build();
        double[] w = new double[c.parameterCount()];
        var back = (Messages.RoundStart) WireCodec.decode(WireCodec.encode(new Messages.RoundStart(4, w, 0,
                new int[0][], 3)));
        assertEquals(3, back.ell());
        assertEquals(3, back.roundEll(c));
        assertEquals(null, CoordinatorMessageChecks.checkRoundEll(back, c));
        var plain = (Messages.RoundStart) WireCodec.decode(WireCodec.encode(new Messages.RoundStart(4, w)));
        assertEquals(0, plain.ell(), "absent: the Config's ell");
        assertEquals(1, plain.roundEll(c));
        assertEquals(WireCodec.encode(new Messages.RoundStart(4, w)).toByteString(),
                WireCodec.encode(new Messages.RoundStart(4, w, 0, new int[0][], 0)).toByteString(),
                "ell 0 is not on the wire: a fixed-ell session sends the bytes it always did");
        String tooLarge = CoordinatorMessageChecks.checkRoundEll(new Messages.RoundStart(4, w, 0, new int[0][], 4), c);
        assertTrue(tooLarge.contains("ell = 4 outside 1..r = 1..3"), tooLarge);
        String negative = CoordinatorMessageChecks.checkRoundEll(new Messages.RoundStart(4, w, 0, new int[0][], -1), c);
        assertTrue(negative.contains("ell = 4294967295 outside"), negative);
        SessionConfig onCompletion = SessionConfig.builder().coding(4, 4, 1, "chebyshev", orders)
                .model(ModelSpec.softmax(4, 3)).data("synthetic", 7, 16, 9).protocol(ProtocolKind.ORIGINAL)
                .uploadRule(ProtocolKind.UploadRule.ON_COMPLETION).optimizer("sgd").stragglers("").firstRound(0)
                .build();
        String fixed = CoordinatorMessageChecks.checkRoundEll(new Messages.RoundStart(4, w, 0, new int[0][], 2),
                onCompletion);
        assertTrue(fixed.contains("fixed code"), fixed);
    }

    @Test
    void roundOrdersTravelWithRoundStartAndAreCheckedAgainstTheConfig() throws Exception {
        SessionConfig c = SessionConfig.builder().coding(3, 3, 1, "chebyshev", new int[][] {{0, 1}, {1, 2}, {2, 0}})
                .model(ModelSpec.softmax(4, 3)).data("synthetic", 7, 16, 9).protocol(ProtocolKind.PARTIAL)
                .optimizer("sgd").stragglers("").firstRound(0).build();
        double[] w = new double[c.parameterCount()];
        int[][] swapped = {{1, 0}, {2, 1}, {0, 2}};
        var start = new Messages.RoundStart(4, w, 2, swapped);
        var back = (Messages.RoundStart) WireCodec.decode(WireCodec.encode(start));
        assertEquals(2, back.orderVersion());
        assertArrayEquals(swapped, back.orders());
        assertEquals(null, CoordinatorMessageChecks.checkRoundStart(back, c, 3));
        var plain = (Messages.RoundStart) WireCodec.decode(WireCodec.encode(new Messages.RoundStart(4, w)));
        assertEquals(0, plain.orderVersion());
        assertEquals(0, plain.orders().length);
        assertEquals(null, CoordinatorMessageChecks.checkRoundStart(plain, c, 3));

        String foreign = CoordinatorMessageChecks.checkRoundStart(
                new Messages.RoundStart(4, w, 1, new int[][] {{1, 0}, {2, 0}, {0, 2}}), c, 3);
        assertTrue(foreign.contains("order of worker 1 [2, 0] is not a permutation of its chunks [1, 2]"), foreign);
        String missing = CoordinatorMessageChecks.checkRoundStart(
                new Messages.RoundStart(4, w, 1, new int[][] {{1, 0}}), c, 3);
        assertTrue(missing.contains("carries 1 orders for 3 workers"), missing);
        String unversioned = CoordinatorMessageChecks.checkRoundStart(new Messages.RoundStart(4, w, 0, swapped), c, 3);
        assertTrue(unversioned.contains("with order version 0"), unversioned);
    }

    /** The wire accepts exactly the models a worker can compute: the checks are ModelSpec's. */
    @Test
    void configWithAModelNoWorkerCanComputeIsRejected() {
        SessionConfig c = SessionConfig.builder().coding(1, 1, 1, "chebyshev", new int[][] {{0}}).model(ModelSpec.mlp(4, 3, 5))
                .data("synthetic", 7, 0, 9).protocol(ProtocolKind.PARTIAL).optimizer("sgd").stragglers("")
                .firstRound(0).build();
        CoordinatorMessage wire = WireCodec.encode(c);
        assertEquals("mlp", wire.getConfig().getModel().getType());
        for (var bad : new io.gcoding.protocol.wire.Model[] {
                wire.getConfig().getModel().toBuilder().setType("cnn").build(),
                wire.getConfig().getModel().toBuilder().addHidden(5).addHidden(5).build(),
                wire.getConfig().getModel().toBuilder().setType("softmax").build(),
                wire.getConfig().getModel().toBuilder().setClasses(1).build()}) {
            CoordinatorMessage m = wire.toBuilder().setConfig(wire.getConfig().toBuilder().setModel(bad)).build();
            WireFormatException e = assertThrows(WireFormatException.class, () -> WireCodec.decode(m));
            assertTrue(e.getMessage().startsWith("bad Config"), e.getMessage());
        }
    }

    @Test
    void unknownVersionAndEmptyBodyAreRejected() {
        WorkerMessage future = WireCodec.encode(new Upload(1, 0, new double[2])).toBuilder().setProtocolVersion(2)
                .build();
        assertTrue(assertThrows(WireFormatException.class, () -> WireCodec.decode(future)).getMessage()
                .contains("version 2"));
        assertThrows(WireFormatException.class, () -> WireCodec.decode(CoordinatorMessage.newBuilder()
                .setProtocolVersion(WireProtocol.VERSION).build()));
    }

    @Test
    void encodedFrameHoldsTheSameBytesAsTheGeneratedClass() throws Exception {
        Encode encode = new Encode(4, 1, new int[] {2, 0, 3});
        EncodedFrame frame = EncodedFrame.of(encode);
        CoordinatorMessage parsed = CoordinatorMessage.parseFrom(frame.stream());
        Encode back = (Encode) WireCodec.decode(parsed);
        assertEquals(4, back.round());
        assertEquals(1, back.version());
        assertArrayEquals(new int[] {2, 0, 3}, back.state());
        assertEquals(parsed.getSerializedSize(), frame.size());
    }
}
