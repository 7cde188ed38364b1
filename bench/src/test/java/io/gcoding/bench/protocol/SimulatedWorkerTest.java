package io.gcoding.bench.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gcoding.protocol.Messages;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.wire.CoordinatorMessage;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The simulated worker's partial read of an ENCODE gives what the full decode gives. */
class SimulatedWorkerTest {

    private static byte[] encoded(Messages.FromCoordinator m) {
        return WireCodec.encode(m).toByteArray();
    }

    @Test
    void ownEntryEqualsTheFullDecode() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            int m = 1 + random.nextInt(300);
            int bound = trial % 3 == 0 ? 20 : trial % 3 == 1 ? 200 : 1 << 20; // one-byte entries, some, many longer
            int[] state = new int[m];
            for (int j = 0; j < m; j++) {
                state[j] = random.nextInt(4) == 0 ? 0 : random.nextInt(bound);
            }
            long round = random.nextLong(1L << 40);
            int version = random.nextInt(1000);
            byte[] raw = encoded(new Messages.Encode(round, version, state));
            Messages.Encode full = (Messages.Encode) WireCodec.decode(CoordinatorMessage.parseFrom(raw));
            for (int j = 0; j < m; j++) {
                SimulatedWorker.EncodeView view = SimulatedWorker.readEncode(raw, j, m);
                assertEquals(full.round(), view.round());
                assertEquals(full.version(), view.version());
                assertEquals(full.state()[j], view.own(), "worker " + j + " of " + m);
            }
        }
    }

    @Test
    void otherMessagesAreLeftToTheFullDecode() throws Exception {
        assertNull(SimulatedWorker.readEncode(encoded(new Messages.Resume(3, 1)), 0, 4));
        assertNull(SimulatedWorker.readEncode(encoded(new Messages.Shutdown("done")), 0, 4));
        assertNull(SimulatedWorker.readEncode(encoded(new Messages.RoundStart(3, new double[4], 0, new int[0][])), 0, 4));
    }
}
