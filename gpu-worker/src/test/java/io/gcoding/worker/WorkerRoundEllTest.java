package io.gcoding.worker;

import static io.gcoding.worker.WorkerFixture.D;
import static io.gcoding.worker.WorkerFixture.assertMatches;
import static io.gcoding.worker.WorkerFixture.config;
import static io.gcoding.worker.WorkerFixture.params;
import static io.gcoding.worker.WorkerFixture.reference;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@code --ell auto} on the worker: a RoundStart may announce the round's ell; the worker encodes with that ell's
 * Theta and uploads ceil(d / ell) values (exactly what a session configured at that ell would upload), goes back to
 * the Config's ell when none is announced, and refuses an ell its assignment cannot decode (above the replication 3)
 * with a WorkerError for the round, then serves the next round normally.
 */
class WorkerRoundEllTest {
    private WorkerFixture fixture;

    @AfterEach
    void stop() {
        if (fixture != null) {
            fixture.close();
        }
    }

    private Messages.Upload round(long round, double[] w, int ell, int[] state) throws Exception {
        fixture.coordinator.send(new Messages.RoundStart(round, w, 0, new int[0][], ell));
        fixture.progressUntilDone(round);
        fixture.coordinator.send(new Messages.Encode(round, 0, state));
        return fixture.coordinator.expect(Messages.Upload.class);
    }

    @Test
    void eachRoundEncodesAtItsAnnouncedEll() throws Exception {
        fixture = new WorkerFixture(GatedBackend.open());
        SessionConfig config = config(1, 0);
        fixture.coordinator.send(config);
        int[] full = {3, 3, 3, 3};

        double[] w0 = params(4);
        Messages.Upload atTwo = round(0, w0, 2, full);
        assertEquals((D + 1) / 2, atTwo.vector().length, "ceil(d / 2) values");
        assertMatches(reference(config(2, 0), w0, full), atTwo);

        double[] w1 = params(5);
        Messages.Upload atThree = round(1, w1, 3, new int[] {3, 3, 3, 3});
        assertEquals((D + 2) / 3, atThree.vector().length);
        assertMatches(reference(config(3, 0), w1, full), atThree);

        double[] w2 = params(6);
        int[] partial = {3, 2, 1, 2};
        Messages.Upload atConfig = round(2, w2, 0, partial);
        assertEquals(D, atConfig.vector().length, "no ell announced: the Config's, 1");
        assertMatches(reference(config, w2, partial), atConfig);

        fixture.coordinator.send(new Messages.RoundStart(3, params(7), 0, new int[0][], 4));
        Messages.WorkerError refused = fixture.coordinator.expect(Messages.WorkerError.class);
        assertEquals(Messages.WorkerError.Kind.ROUND, refused.kind());
        assertEquals(3, refused.round());
        assertTrue(refused.reason().contains("ell = 4 outside 1..r = 1..3"), refused.reason());

        double[] w4 = params(8);
        Messages.Upload after = round(4, w4, 2, full);
        assertMatches(reference(config(2, 0), w4, full), after);
        assertFalse(fixture.finished.isDone(), "the worker keeps serving");
        assertTrue(fixture.crashes.isEmpty());
    }
}
