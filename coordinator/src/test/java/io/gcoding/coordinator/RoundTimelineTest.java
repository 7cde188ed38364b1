package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RoundTimelineTest {

    @Test
    void aCumulativeReportThatSkipsCountsDatesEverySkippedChunkToItsArrival() {
        RoundTimeline.Recorder r = new RoundTimeline.Recorder(new int[] {3, 2});
        r.progress(0, 0, 1, 0.10);
        r.progress(0, 1, 3, 0.25); // chunks 2 and 3 in one report
        r.upload(1, 1, 0.40);
        RoundTimeline t = r.snapshot();
        assertArrayEquals(new double[] {0.10, 0.25, 0.25}, t.chunkSeconds()[0], 0);
        assertEquals(3, t.chunksDone(0));
        assertEquals(0, t.chunksDone(1));
        assertEquals(0.40, t.uploadSeconds()[1], 0);
        assertEquals(1, t.uploadVersions()[1]);
        assertEquals(-1, t.uploadVersions()[0]);
    }

    @Test
    void aSnapshotIsNotChangedByTheNextRound() {
        RoundTimeline.Recorder r = new RoundTimeline.Recorder(new int[] {2});
        r.progress(0, 0, 2, 0.5);
        RoundTimeline first = r.snapshot();
        r.clear();
        r.progress(0, 0, 1, 0.7);
        assertArrayEquals(new double[] {0.5, 0.5}, first.chunkSeconds()[0], 0);
        RoundTimeline second = r.snapshot();
        assertEquals(0.7, second.chunkSeconds(0, 0), 0);
        assertTrue(Double.isNaN(second.chunkSeconds(0, 1)));
    }
}
