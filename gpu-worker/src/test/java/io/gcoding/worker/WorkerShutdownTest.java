package io.gcoding.worker;

import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.protocol.Messages;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Shutdown ends a worker cleanly, also in the middle of a round. */
class WorkerShutdownTest {
    private WorkerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void shutdownMidRoundCompletesTheClientAndCancelsTheRound() throws Exception {
        fixture = new WorkerFixture(GatedBackend.shut());
        ScriptedCoordinator coordinator = fixture.coordinator;
        coordinator.send(config(1, 0)).send(new Messages.RoundStart(0, params(1)));
        fixture.backend.allow(1);
        assertEquals(new Messages.Progress(0, 1), coordinator.expect(Messages.Progress.class));
        fixture.backend.awaitGradientRequests(2);
        // the compute thread waits at the gate inside the second chunk
        coordinator.send(new Messages.Shutdown("training finished"));
        assertEquals("training finished", fixture.finished.get(ScriptedCoordinator.TIMEOUT_SECONDS, TimeUnit.SECONDS));

        // the chunk in flight completes, but the cancelled round reports nothing more, and a late ENCODE is refused
        fixture.backend.openFully();
        coordinator.send(new Messages.Encode(0, 0, new int[] {1, 1, 1, 1}));
        fixture.logs.await("ignored ENCODE");
        assertNull(coordinator.poll(300), "nothing is sent after Shutdown");
        // the real coordinator ends the stream after Shutdown: the worker's result stays the Shutdown's reason
        coordinator.completeStream();
        assertEquals("training finished", fixture.finished.getNow(null));

        // close releases the device state and closes the backend (on the compute thread, before it returns)
        fixture.closeClient();
        assertEquals(0, fixture.backend.closed.getCount(), "the backend is closed");
        assertTrue(fixture.crashes.isEmpty());
    }

    @Test
    void closingMidChunkLogsNoErrorAndCloseIsIdempotent() throws Exception {
        fixture = new WorkerFixture(GatedBackend.shut());
        ScriptedCoordinator coordinator = fixture.coordinator;
        coordinator.send(config(1, 0)).send(new Messages.RoundStart(0, params(1)));
        fixture.backend.allow(1);
        assertEquals(new Messages.Progress(0, 1), coordinator.expect(Messages.Progress.class));
        fixture.backend.awaitGradientRequests(2);
        // the compute thread is inside the second chunk; its result arrives while the worker closes
        fixture.backend.openFully();
        fixture.client.close();
        fixture.client.close();
        assertEquals(0, fixture.backend.closed.getCount(), "the backend is closed");
        assertTrue(fixture.logs.errors().isEmpty(), "no ERROR while closing: " + fixture.logs.errors());
    }
}
