package io.gcoding.worker;

import static io.gcoding.worker.WorkerFixture.WORKER;
import static io.gcoding.worker.WorkerFixture.assertMatches;
import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static io.gcoding.worker.WorkerFixture.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trace replay on the worker, on a fake clock: the p-th chunk of round k is reported at the trace's finish time
 * (times the scale) after the round start, and a position without a row is never reported.
 */
class WorkerPacingTest {
    private WorkerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    @Test
    void chunksAreReportedAtTheTracesTimesAndAMissingRowStopsTheReports(@TempDir Path dir) throws Exception {
        Path trace = Files.writeString(dir.resolve("t.csv"), "trial,worker,position,finish_time\n"
                + "0," + WORKER + ",1,1.0\n0," + WORKER + ",2,2.0\n");
        FakeWorkerClock clock = new FakeWorkerClock();
        fixture = new WorkerFixture(GatedBackend.open(), clock);
        ScriptedCoordinator coordinator = fixture.coordinator;
        SessionConfig config = config(1, 0, "trace:" + trace + ",scale=2");
        double[] w = params(4);
        coordinator.send(config).send(new Messages.RoundStart(0, w));
        assertNull(coordinator.poll(300), "computed, but not due before 2 s of the fake clock");
        clock.advanceTo(1.9);
        assertNull(coordinator.poll(200));
        clock.advanceTo(2.0);
        assertEquals(new Messages.Progress(0, 1), coordinator.expect(Messages.Progress.class));
        clock.advanceTo(4.0);
        assertEquals(new Messages.Progress(0, 2), coordinator.expect(Messages.Progress.class));
        clock.advanceTo(100);
        assertNull(coordinator.poll(300), "position 3 has no row: never reported");
        int[] state = {1, 2, 1, 3};
        coordinator.send(new Messages.Encode(0, 0, state));
        assertMatches(reference(config, w, state), coordinator.expect(Messages.Upload.class));
    }
}
