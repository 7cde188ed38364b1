package io.gcoding.worker;

import static io.gcoding.worker.WorkerFixture.DELTA;
import static io.gcoding.worker.WorkerFixture.assertMatches;
import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static io.gcoding.worker.WorkerFixture.reference;
import static io.gcoding.worker.WorkerFixture.relativeError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * One real worker through whole rounds against a scripted coordinator (PROTOCOL.md §2 and §6): progress, ENCODE,
 * re-ENCODE, RESUME, and a new round cancelling the old one. Every upload is checked against the plain-Java
 * reference (per-chunk gradients and min-norm coefficients recomputed here).
 */
class WorkerRoundTest {
    private WorkerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @ParameterizedTest(name = "ell = {0}")
    @ValueSource(ints = {1, 2})
    void uploadEncodesExactlyTheFirstSjChunksWithTheMinNormCoefficients(int ell) throws Exception {
        fixture = new WorkerFixture(GatedBackend.open());
        ScriptedCoordinator coordinator = fixture.coordinator;
        SessionConfig config = config(ell, 3);
        double[] w = params(1);
        coordinator.send(config).send(new Messages.RoundStart(3, w));
        List<Messages.Progress> progress = fixture.progressUntilDone(3);
        assertEquals(DELTA, progress.get(progress.size() - 1).chunksDone());
        assertEquals(new Messages.Ready(3), coordinator.readies.poll(ScriptedCoordinator.TIMEOUT_SECONDS,
                java.util.concurrent.TimeUnit.SECONDS), "Ready for the session of round 3 once its chunks are built");

        // the worker has finished all 3 of its chunks, the state counts only 2 of them: it must use exactly those
        int[] state = {2, 2, 1, 3};
        coordinator.send(new Messages.Encode(3, 0, state));
        Messages.Upload first = coordinator.expect(Messages.Upload.class);
        assertEquals(3, first.round());
        assertEquals(0, first.version());
        assertEquals((WorkerFixture.D + ell - 1) / ell, first.vector().length, "one block of d/ell");
        assertMatches(reference(config, w, state), first);

        // §6: worker 0 is declared dead for the round; the new state version changes W(i), so the worker recomputes
        int[] without0 = {0, 2, 1, 3};
        coordinator.send(new Messages.Encode(3, 1, without0));
        Messages.Upload second = coordinator.expect(Messages.Upload.class);
        assertEquals(3, second.round());
        assertEquals(1, second.version());
        assertMatches(reference(config, w, without0), second);
        assertTrue(relativeError(first.vector(), second.vector()) > 1e-3, "the coefficients changed with the state");
        assertTrue(fixture.crashes.isEmpty());
    }

    @Test
    void aNewRoundStartCancelsTheOldRound() throws Exception {
        fixture = new WorkerFixture(GatedBackend.shut());
        ScriptedCoordinator coordinator = fixture.coordinator;
        SessionConfig config = config(1, 3);
        double[] oldParams = params(1);
        double[] newParams = params(2);
        coordinator.send(config).send(new Messages.RoundStart(3, oldParams));
        fixture.backend.allow(1);
        assertEquals(new Messages.Progress(3, 1), coordinator.expect(Messages.Progress.class));
        fixture.backend.awaitGradientRequests(2);
        // the compute thread now waits at the gate inside round 3's second chunk
        coordinator.send(new Messages.RoundStart(4, newParams));
        coordinator.send(new Messages.Encode(3, 0, new int[] {1, 1, 1, 1}));
        // refused because round 4 is now the current one: so the RoundStart has been handled
        fixture.logs.await("Encode for round 3 while computing round 4");
        fixture.backend.openFully();

        // round 3's chunk in flight completes, but only round 4 reports from now on (checked for every report)
        fixture.progressUntilDone(4);
        int[] state = {1, 3, 2, 2};
        coordinator.send(new Messages.Encode(4, 0, state));
        Messages.Upload upload = coordinator.expect(Messages.Upload.class);
        assertEquals(4, upload.round());
        assertEquals(0, upload.version());
        assertMatches(reference(config, newParams, state), upload);
    }

    @Test
    void resumeThenANewerEncodeUploadsForTheNewVersionAndState() throws Exception {
        fixture = new WorkerFixture(GatedBackend.shut());
        ScriptedCoordinator coordinator = fixture.coordinator;
        SessionConfig config = config(2, 0);
        double[] w = params(3);
        coordinator.send(config).send(new Messages.RoundStart(0, w));
        fixture.backend.allow(1);
        assertEquals(new Messages.Progress(0, 1), coordinator.expect(Messages.Progress.class));
        fixture.backend.awaitGradientRequests(2);

        // ENCODE arrives while the second chunk is being computed: the control thread encodes exactly the one chunk
        // the state counts from its copy at once, while the compute thread is still held inside the second chunk
        int[] state = {1, 1, 0, 2};
        coordinator.send(new Messages.Encode(0, 0, state));
        Messages.Upload first = coordinator.expect(Messages.Upload.class);
        assertEquals(0, first.version());
        assertMatches(reference(config, w, state), first);
        assertEquals(0, fixture.backend.unusedPermits(), "the upload did not wait for the chunk in flight");
        coordinator.send(new Messages.Resume(0, 0)); // not newer than the ENCODE: refused
        fixture.logs.await("ignored Resume[round=0, version=0]");
        fixture.backend.allow(1); // the chunk in flight ends (it still counts), then the compute thread pauses
        assertEquals(new Messages.Progress(0, 2), coordinator.expect(Messages.Progress.class));

        // stopped after ENCODE: a free permit stays unused and nothing is reported
        fixture.backend.allow(1);
        assertNull(coordinator.poll(300), "no work between ENCODE and RESUME");
        assertEquals(1, fixture.backend.unusedPermits());

        coordinator.send(new Messages.Resume(0, 1));
        // on RESUME the worker first says again where it is (the PS may have missed a report during its ENCODE);
        // under flow control only the latest cumulative count may go out
        Messages.Progress resent = coordinator.expect(Messages.Progress.class);
        if (resent.chunksDone() == 2) {
            resent = coordinator.expect(Messages.Progress.class);
        }
        assertEquals(new Messages.Progress(0, 3), resent);
        coordinator.send(new Messages.Encode(0, 0, new int[] {2, 3, 1, 3})); // older than the RESUME: refused
        fixture.logs.await("Encode of state version 0 is not newer than 0");
        // the ENCODE that follows a RESUME carries the RESUME's version
        int[] later = {2, 3, 1, 3};
        coordinator.send(new Messages.Encode(0, 1, later));
        Messages.Upload upload = coordinator.expect(Messages.Upload.class);
        assertEquals(0, upload.round());
        assertEquals(1, upload.version());
        assertMatches(reference(config, w, later), upload);
        assertTrue(relativeError(first.vector(), upload.vector()) > 1e-3);
    }
}
