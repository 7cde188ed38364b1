package io.gcoding.coding;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class RoundProtocolTest {
    // cyclic(4, 2), natural order: worker j processes j then j+1 (mod 4)
    private final Ordering ordering = Orderings.natural(Assignments.cyclic(4, 2));

    @Test
    void partialEncodesAtFirstCoverageAndIgnoresLaterOrStaleReports() {
        RoundProtocol p = new RoundProtocol(ordering, 1, ProtocolRule.partial(TriggerPolicy.exact()));
        p.start(7, 10.0);
        assertTrue(p.onProgress(6, 0, 2, 10.1).isEmpty(), "a report of another round is dropped");
        assertTrue(p.onProgress(7, 0, 2, 10.2).isEmpty()); // chunks 0, 1
        Optional<RoundProtocol.Encode> e = p.onProgress(7, 2, 2, 10.5); // chunks 2, 3: covered
        assertTrue(e.isPresent());
        assertEquals(new StateVector(new int[] {2, 0, 2, 0}), e.get().state());
        assertEquals(0, e.get().version());
        assertEquals(10.5, e.get().time());
        assertTrue(p.onProgress(7, 1, 1, 10.6).isEmpty(), "after ENCODE workers have stopped");
        assertEquals(RoundProtocol.Phase.ENCODING, p.phase());
    }

    @Test
    void deadWorkerGivesNewVersionOrResume() {
        RoundProtocol p = new RoundProtocol(ordering, 1, ProtocolRule.partial(TriggerPolicy.exact()));
        p.start(1, 0);
        p.onProgress(1, 0, 2, 1);
        p.onProgress(1, 1, 1, 1);
        p.onProgress(1, 3, 1, 1);
        RoundProtocol.Encode first = p.onProgress(1, 2, 2, 2).orElseThrow();
        assertEquals(new StateVector(new int[] {2, 1, 2, 1}), first.state());
        // worker 1 only duplicated chunk 1: without it coverage holds, so a new ENCODE with version 1
        RoundProtocol.Action a = p.onWorkerDead(1, 3).orElseThrow();
        RoundProtocol.Encode second = assertInstanceOf(RoundProtocol.Encode.class, a);
        assertEquals(1, second.version());
        assertEquals(new StateVector(new int[] {2, 0, 2, 1}), second.state());
        // worker 2 alone held chunk 2 in this state: coverage is lost, RESUME with version 2
        RoundProtocol.Action b = p.onWorkerDead(2, 4).orElseThrow();
        assertInstanceOf(RoundProtocol.Resume.class, b);
        assertEquals(2, b.version());
        assertEquals(RoundProtocol.Phase.COLLECTING, p.phase());
        assertTrue(p.onProgress(1, 2, 2, 5).isEmpty(), "a dead worker's reports are ignored for the round");
        assertTrue(p.onProgress(1, 3, 2, 6).isEmpty(), "chunk 2 was held only by the dead workers 1 and 2");
        assertTrue(!p.tracker().isCovered());
    }

    @Test
    void resumeThenEncodeAgainWhenProgressRestoresCoverage() {
        RoundProtocol p = new RoundProtocol(ordering, 1, ProtocolRule.partial(TriggerPolicy.exact()));
        p.start(3, 0);
        p.onProgress(3, 0, 2, 1);
        p.onProgress(3, 1, 1, 1);
        p.onProgress(3, 3, 1, 1);
        p.onProgress(3, 2, 2, 2).orElseThrow();
        assertInstanceOf(RoundProtocol.Resume.class, p.onWorkerDead(2, 3).orElseThrow());
        RoundProtocol.Encode again = p.onProgress(3, 1, 2, 4).orElseThrow(); // worker 1 now covers chunk 2
        assertEquals(1, again.version());
        assertEquals(new StateVector(new int[] {2, 2, 0, 1}), again.state());
    }

    @Test
    void originalWaitsForFullyFinishedWorkersOnly() {
        RoundProtocol p = new RoundProtocol(ordering, 1, ProtocolRule.original(3, TriggerPolicy.exact()));
        p.start(0, 0);
        assertTrue(p.onProgress(0, 0, 1, 1).isEmpty());
        assertTrue(p.onProgress(0, 1, 2, 2).isEmpty());
        assertTrue(p.onProgress(0, 3, 2, 3).isEmpty());
        assertEquals(0, p.tracker().progress(0), "partial progress does not count for classic gradient coding");
        RoundProtocol.Encode e = p.onProgress(0, 0, 2, 4).orElseThrow();
        assertEquals(new StateVector(new int[] {2, 2, 0, 2}), e.state());
    }

    @Test
    void approximateModeFiresAtTheDeadline() {
        RoundProtocol p = new RoundProtocol(ordering, 2, ProtocolRule.partial(TriggerPolicy.deadline(5, 0)));
        p.start(0, 100);
        assertEquals(105, p.nextDeadline());
        p.onProgress(0, 0, 1, 101);
        assertTrue(p.onTime(104.9).isEmpty());
        RoundProtocol.Encode e = p.onTime(105).orElseThrow();
        assertEquals(new StateVector(new int[] {1, 0, 0, 0}), e.state());
        assertEquals(Double.POSITIVE_INFINITY, p.nextDeadline());
    }

    @Test
    void aReplacementCountsAgainOnlyWhileTheRoundCollects() {
        RoundProtocol p = new RoundProtocol(ordering, 1, ProtocolRule.fastest("uncoded", 4, TriggerPolicy.exact()));
        p.start(0, 0);
        for (int j = 0; j < 3; j++) {
            p.onProgress(0, j, 2, 1);
        }
        assertTrue(p.onWorkerDead(3, 2).isEmpty());
        assertTrue(p.onProgress(0, 3, 2, 3).isEmpty(), "the dead worker's report is ignored");
        assertTrue(p.onWorkerRejoined(3));
        RoundProtocol.Encode e = p.onProgress(0, 3, 2, 4).orElseThrow();
        assertEquals(new StateVector(new int[] {2, 2, 2, 2}), e.state());
        assertTrue(!p.onWorkerRejoined(3), "nothing to revive once encoding");
    }
}
