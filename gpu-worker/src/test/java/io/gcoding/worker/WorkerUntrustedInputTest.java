package io.gcoding.worker;

import io.gcoding.coding.engine.ProtocolKind;
import static io.gcoding.worker.WorkerFixture.D;
import static io.gcoding.worker.WorkerFixture.assertMatches;
import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static io.gcoding.worker.WorkerFixture.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.gcoding.model.ModelSpec;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.RoundStart;
import io.gcoding.protocol.wire.Shutdown;
import java.util.Arrays;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The coordinator is a peer too (PROTOCOL.md §6, protocol's {@code CoordinatorMessageChecks}): a malformed state or
 * model vector, a stale or future round and undecodable wire data are refused with a logged reason. The worker
 * neither crashes nor uploads anything for them, keeps its round, and stays connected and correct.
 */
class WorkerUntrustedInputTest {
    private WorkerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void badCoordinatorMessagesAreRefusedWithAReasonAndNothingIsUploadedForThem() throws Exception {
        fixture = new WorkerFixture(GatedBackend.open());
        ScriptedCoordinator coordinator = fixture.coordinator;
        SessionConfig config = config(2, 0);
        double[] w = params(4);
        coordinator.send(config).send(new Messages.RoundStart(0, w));
        fixture.progressUntilDone(0);

        // ENCODEs that must not be acted on
        coordinator.send(new Messages.Encode(0, 0, new int[] {1, 1, 1}));
        coordinator.send(new Messages.Encode(0, 0, new int[] {1, 4, 1, 1}));
        coordinator.send(new Messages.Encode(0, 0, new int[] {1, 1, -1, 1})); // 2^32 - 1 on the wire
        coordinator.send(new Messages.Encode(2, 0, new int[] {1, 1, 1, 1}));
        coordinator.send(new Messages.Resume(2, 5));
        // models that must not start a round
        double[] nan = w.clone();
        nan[3] = Double.NaN;
        coordinator.send(new Messages.RoundStart(1, nan));
        coordinator.send(new Messages.RoundStart(1, Arrays.copyOf(w, D - 1)));
        coordinator.send(new Messages.RoundStart(0, params(5))); // replays the running round with another model
        // wire data that does not decode: a Shutdown of an unknown protocol version, a torn vector, a Config whose
        // d disagrees with its model
        coordinator.sendRaw(CoordinatorMessage.newBuilder().setProtocolVersion(2)
                .setShutdown(Shutdown.newBuilder().setReason("from a future coordinator")).build());
        coordinator.sendRaw(CoordinatorMessage.newBuilder().setProtocolVersion(1)
                .setRoundStart(RoundStart.newBuilder().setRound(1).setParameters(ByteString.copyFrom(new byte[13])))
                .build());
        CoordinatorMessage honest = WireCodec.encode(config);
        coordinator.sendRaw(honest.toBuilder().setConfig(honest.getConfig().toBuilder().setParameterCount(D + 1))
                .build());

        // an honest ENCODE of the running round: its upload is the first thing the worker sends after all that,
        // and it is computed at the round's model (no refused message touched the round)
        int[] state = {3, 2, 1, 2};
        coordinator.send(new Messages.Encode(0, 0, state));
        Messages.Upload upload = coordinator.expect(Messages.Upload.class);
        assertEquals(0, upload.round());
        assertEquals(0, upload.version());
        assertMatches(reference(config, w, state), upload);

        for (String reason : new String[] {
            "Encode state has 3 entries for 4 workers",
            "Encode state s_1 = 4 outside 0..3",
            "Encode state s_2 = -1 outside 0..3",
            "Encode for round 2 while computing round 0",
            "ignored Resume[round=2, version=5]",
            "RoundStart carries a non-finite parameter",
            "RoundStart carries 14 parameters, expected d = 15",
            "RoundStart for round 0 is not after round 0",
            "protocol version 2 is not supported",
            "vector of 13 bytes is not a whole number of doubles",
            "bad Config: d = 16 but the model"}) {
            fixture.logs.await(reason);
        }

        // still connected and correct: the next round runs normally
        double[] next = params(6);
        coordinator.send(new Messages.RoundStart(1, next));
        fixture.progressUntilDone(1);
        int[] nextState = {3, 3, 3, 3};
        coordinator.send(new Messages.Encode(1, 0, nextState));
        assertMatches(reference(config, next, nextState), coordinator.expect(Messages.Upload.class));
        assertFalse(fixture.finished.isDone(), "the worker keeps serving");
        assertFalse(coordinator.streamEnded.isDone(), "the stream stays open");
        assertTrue(fixture.crashes.isEmpty());
    }

    @Test
    void aConfigWithoutThisWorkerEndsTheWorkerWithAnError() throws Exception {
        fixture = new WorkerFixture(GatedBackend.open());
        SessionConfig tooSmall = SessionConfig.builder().coding(1, 2, 1, "chebyshev", new int[][] {{0, 1}}).model(ModelSpec.softmax(4, 3))
                .data(WorkerFixture.DATASET, 7, 0, 0).protocol(ProtocolKind.PARTIAL).optimizer("sgd").stragglers("")
                .firstRound(0).build();
        fixture.coordinator.send(tooSmall);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> fixture.finished.get(ScriptedCoordinator.TIMEOUT_SECONDS, TimeUnit.SECONDS));
        assertTrue(e.getCause().getMessage().contains("worker id 1 outside the config's m = 1"), e.getMessage());
        assertTrue(fixture.coordinator.inbox.isEmpty(), "nothing sent after the Hello");
    }
}
