package io.gcoding.coding.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.coding.Assignments;
import io.gcoding.coding.Ordering;
import io.gcoding.coding.Orderings;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.TriggerPolicy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The round engine on the event-queue clock: every deadline and timeout is fired by advancing fake time. */
class RoundEngineTest {
    // cyclic(4, 2), natural order: worker j processes chunk j then j+1 (mod 4)
    private final Ordering ordering = Orderings.natural(Assignments.cyclic(4, 2));
    private final EventQueueScheduler clock = new EventQueueScheduler();
    private final Recorder out = new Recorder();

    private RoundEngine engine(ProtocolKind kind, TriggerPolicy trigger, double encodeTimeout, double roundTimeout) {
        return new RoundEngine(RoundRule.of(kind, ordering, 1, trigger, 0),
                new RoundEngine.Timeouts(encodeTimeout, roundTimeout), UploadDecoder.NONE, clock, out);
    }

    private RoundEngine partial() {
        return engine(ProtocolKind.PARTIAL, TriggerPolicy.exact(), 1, Double.POSITIVE_INFINITY);
    }

    @Test
    void partialEncodesAtFirstCoverageAndDecodesWhenEveryUploadIsIn() {
        RoundEngine e = partial();
        e.start(7);
        assertEquals(List.of("start 7"), out.events);
        clock.advanceBy(0.2);
        e.progress(0, 2); // chunks 0, 1
        clock.advanceBy(0.3);
        e.progress(2, 2); // chunks 2, 3: covered
        assertEquals("encode 7 v0 [2, 0, 2, 0]", out.last());
        assertFalse(e.progress(1, 0), "nothing new");
        assertTrue(e.progress(1, 1), "kept while the ENCODE is out");
        assertFalse(e.awaitsUpload(1, 0), "worker 1 is not in the state");
        assertTrue(e.upload(0, 0, new double[0]));
        assertFalse(e.upload(0, 0, new double[0]), "duplicate");
        clock.advanceBy(0.1);
        assertTrue(e.upload(2, 0, new double[0]));
        RoundReport r = out.report;
        assertEquals(new StateVector(new int[] {2, 0, 2, 0}), r.state());
        assertEquals(0.5, r.timing().triggerSeconds(), 1e-12);
        assertEquals(0.6, r.timing().roundSeconds(), 1e-12);
        assertEquals(0.1, r.timing().encodeToDecodeSeconds(), 1e-12);
        assertEquals(1, r.faults().versions());
        assertEquals(0, r.closedFormError());
        assertArrayEquals(new int[] {0, 1, 2, 3}, r.chunksUsed());
        clock.advanceBy(5);
        assertEquals("decoded 7", out.last(), "the encode timeout was cancelled by the decode");
    }

    @Test
    void eachRoundTriggersOnCoverageOfItsOwnEllAndDecodesWithThatEllsDecoder() {
        List<Integer> built = new ArrayList<>();
        RoundEngine e = RoundEngine.perEll(RoundRule.of(ProtocolKind.PARTIAL, ordering, 1, TriggerPolicy.exact(), 0),
                RoundEngine.Timeouts.encodeOnly(1), ell -> {
                    built.add(ell);
                    return uploads -> new double[] {ell};
                }, clock, out);
        e.start(0, ordering, 2);
        assertEquals(2, e.rule().ell());
        e.progress(0, 2);
        e.progress(2, 2);
        assertEquals("start 0", out.last(), "covered once: enough for ell 1, not for ell 2");
        e.progress(1, 2);
        e.progress(3, 2);
        assertEquals("encode 0 v0 [2, 2, 2, 2]", out.last());
        for (int j = 0; j < 4; j++) {
            e.upload(j, 0, new double[0]);
        }
        assertEquals(2.0, out.gradient[0], "ell 2's decoder");
        e.start(1, ordering, 1);
        e.progress(0, 2);
        e.progress(2, 2);
        assertEquals("encode 1 v0 [2, 0, 2, 0]", out.last(), "back at ell 1: one copy of each chunk");
        e.upload(0, 0, new double[0]);
        e.upload(2, 0, new double[0]);
        assertEquals(1.0, out.gradient[0], "ell 1's decoder");
        assertEquals(List.of(1, 2, 1), built, "the engine asks for a decoder when the ell changes; the caller caches");
        org.junit.jupiter.api.Assertions.assertThrows(io.gcoding.coding.ConfigurationException.class,
                () -> e.start(2, ordering, 3), "cyclic(4, 2) cannot decode ell 3 exactly");
        RoundEngine original = new RoundEngine(RoundRule.of(ProtocolKind.ORIGINAL, ordering, 1, TriggerPolicy.exact(),
                0), RoundEngine.Timeouts.encodeOnly(1), UploadDecoder.NONE, clock, out);
        org.junit.jupiter.api.Assertions.assertThrows(io.gcoding.coding.ConfigurationException.class,
                () -> original.start(0, ordering, 2), "the original protocol's wait rule is tied to its ell");
    }

    @Test
    void aRoundStartedOnOtherOrdersCountsCoverageOnThem() {
        RoundEngine e = partial();
        // worker j processes chunk j+1 first, then j
        Ordering swapped = new Ordering(ordering.assignment(), new int[][] {{1, 0}, {2, 1}, {3, 2}, {0, 3}});
        e.start(3, swapped);
        e.progress(0, 1); // chunk 1
        e.progress(1, 1); // chunk 2
        e.progress(2, 2); // chunks 3, 2
        assertEquals("start 3", out.last(), "chunk 0 is missing on these orders (the natural ones would cover)");
        e.progress(3, 1); // chunk 0
        assertEquals("encode 3 v0 [1, 1, 2, 1]", out.last());
        assertEquals(swapped, e.rule().ordering());
        e.upload(0, 0, new double[0]);
        e.upload(1, 0, new double[0]);
        e.upload(2, 0, new double[0]);
        e.upload(3, 0, new double[0]);
        assertEquals("decoded 3", out.last());
        e.start(4, ordering);
        e.progress(0, 1); // chunk 0
        e.progress(1, 1); // chunk 1
        e.progress(2, 2); // chunks 2, 3
        assertEquals("encode 4 v0 [1, 1, 2, 0]", out.last(), "back on the natural orders");
    }

    @Test
    void encodeTimeoutReEncodesWithTheProgressThatArrivedMeanwhile() {
        RoundEngine e = partial();
        e.start(1);
        e.progress(0, 2);
        e.progress(1, 1);
        e.progress(2, 2); // covered: s = (2, 1, 2, 0)
        assertEquals("encode 1 v0 [2, 1, 2, 0]", out.last());
        e.progress(3, 1); // arrives during the ENCODE: chunk 3
        e.upload(0, 0, new double[0]);
        e.upload(1, 0, new double[0]);
        clock.advanceBy(1.0); // worker 2 never uploads
        assertTrue(e.isDead(2));
        // without worker 2, chunks 2 (w1 has only chunk 1) and 3 need worker 3's report from during the ENCODE:
        // chunk 2 is held by w1 (position 2) and w2 -> lost, so RESUME
        assertEquals("resume 1 v1", out.last());
        assertEquals(RoundEngine.Phase.COLLECTING, e.phase());
        e.progress(1, 2); // worker 1 now has chunk 2 as well
        assertEquals("encode 1 v1 [2, 2, 0, 1]", out.last(), "worker 3's report during the ENCODE counts");
        assertFalse(e.upload(0, 0, new double[0]), "an upload of the old version is stale");
        assertTrue(e.upload(0, 1, new double[0]));
        assertTrue(e.upload(1, 1, new double[0]));
        assertTrue(e.upload(3, 1, new double[0]));
        assertEquals(2, out.report.faults().versions());
        assertEquals(1, out.report.faults().resumes());
        assertArrayEquals(new int[] {2}, out.report.faults().dead());
    }

    @Test
    void aLostWorkerWhoseStateIsNotNeededGivesANewEncodeAtOnce() {
        RoundEngine e = partial();
        e.start(3);
        e.progress(0, 2);
        e.progress(1, 1);
        e.progress(3, 1);
        e.progress(2, 2);
        assertEquals("encode 3 v0 [2, 1, 2, 1]", out.last());
        e.workerLost(1, "its stream ended"); // only duplicated chunk 1
        assertEquals("encode 3 v1 [2, 0, 2, 1]", out.last());
        assertEquals(1, e.version());
        e.upload(0, 1, new double[0]);
        e.upload(2, 1, new double[0]);
        e.upload(3, 1, new double[0]);
        assertEquals(1, out.report.faults().reEncodes());
        assertEquals(0, out.report.faults().resumes());
    }

    @Test
    void aWorkerThatAlreadyUploadedAndThenDisconnectsStillCounts() {
        RoundEngine e = partial();
        e.start(0);
        e.progress(0, 2);
        e.progress(2, 2);
        e.upload(0, 0, new double[0]);
        e.workerLost(0, "stream ended after its upload");
        assertEquals(0, e.version(), "no new version: its upload is in hand");
        e.upload(2, 0, new double[0]);
        assertEquals("decoded 0", out.last());
    }

    @Test
    void replacementRejoinsWhileCollectingOnly() {
        RoundEngine e = engine(ProtocolKind.UNCODED, TriggerPolicy.exact(), 1, Double.POSITIVE_INFINITY);
        e.start(5);
        e.workerLost(2, "crashed");
        assertTrue(e.workerJoined(2));
        for (int j = 0; j < 4; j++) {
            assertTrue(e.awaitsUpload(j, 0), "uncoded uploads on completion, no ENCODE");
            e.upload(j, 0, new double[0]);
        }
        assertEquals(List.of("start 5", "dead 2", "decoded 5"), out.events);
        assertEquals(0, out.report.timing().encodeToDecodeSeconds());
    }

    @Test
    void ignoreStragglersDecodesTheFastestKAndRescales() {
        RoundEngine e = new RoundEngine(RoundRule.of(ProtocolKind.IGNORE_STRAGGLERS, ordering, 1, TriggerPolicy.exact(),
                3), RoundEngine.Timeouts.encodeOnly(1), uploads -> new double[] {2.0}, clock, out);
        e.start(0);
        e.upload(3, 0, new double[0]);
        e.upload(0, 0, new double[0]);
        assertNull(out.report);
        e.upload(1, 0, new double[0]);
        assertEquals(new StateVector(new int[] {1, 1, 0, 1}), out.report.state());
        assertEquals(2.0 * 4 / 3, out.gradient[0], 1e-15, "N / chunks used");
        assertEquals(0.25, out.report.closedFormError());
    }

    @Test
    void approximateModeEncodesAtTheDeadlineOrAtTheFirstReportAfterIt() {
        RoundEngine e = engine(ProtocolKind.PARTIAL, TriggerPolicy.deadline(2, 0), 1, Double.POSITIVE_INFINITY);
        e.start(0);
        clock.advanceBy(2.5);
        assertEquals(List.of("start 0"), out.events, "nothing to decode at the deadline");
        e.progress(1, 1);
        assertEquals("encode 0 v0 [0, 1, 0, 0]", out.last());
    }

    @Test
    void roundTimeoutFailsTheRoundNamingWhomItWaitsFor() {
        RoundEngine e = engine(ProtocolKind.PARTIAL, TriggerPolicy.exact(), 1, 30);
        e.start(9);
        e.progress(0, 2);
        e.workerLost(2, "crashed");
        clock.advanceBy(29);
        assertEquals(RoundEngine.Phase.COLLECTING, e.phase());
        clock.advanceBy(2);
        assertEquals(RoundEngine.Phase.FAILED, e.phase());
        assertTrue(out.last().startsWith("failed 9"), out.last());
        assertTrue(out.reason.contains("within the round timeout of 30.0 s"), out.reason);
        // chunks 2 and 3 are missing; their live holders: worker 1 (chunk 2 at position 2) and worker 3
        assertTrue(out.reason.contains("workers 1 3"), out.reason);
        assertTrue(out.reason.contains("dead this round: [2]"), out.reason);
    }

    @Test
    void theNextRoundCanStartFromInsideTheDecodeCallback() {
        RoundEngine[] holder = new RoundEngine[1];
        Recorder chained = new Recorder() {
            @Override
            public void decoded(long round, double[] gradient, RoundReport report) {
                super.decoded(round, gradient, report);
                if (round < 2) {
                    holder[0].start(round + 1);
                }
            }
        };
        RoundEngine e = new RoundEngine(RoundRule.of(ProtocolKind.UNCODED, ordering, 1, TriggerPolicy.exact(), 0),
                RoundEngine.Timeouts.encodeOnly(1), UploadDecoder.NONE, clock, chained);
        holder[0] = e;
        e.start(0);
        for (int round = 0; round <= 2; round++) {
            for (int j = 0; j < 4; j++) {
                e.upload(j, 0, new double[0]);
            }
        }
        assertEquals(List.of("start 0", "decoded 0", "start 1", "decoded 1", "start 2", "decoded 2"), chained.events);
    }

    @Test
    void theEncodeTimeoutAdaptsToTheObservedUploadLatency() {
        RoundEngine e = new RoundEngine(RoundRule.of(ProtocolKind.PARTIAL, ordering, 1, TriggerPolicy.exact(), 0),
                new RoundEngine.Timeouts(10, 0.5, Double.POSITIVE_INFINITY), UploadDecoder.NONE, clock, out);
        assertEquals(10, e.encodeTimeout(), "the configured timeout until enough uploads were seen");
        for (int round = 0; round < 12; round++) { // 2 uploads a round, 0.05 s after the ENCODE
            e.start(round);
            e.progress(0, 2);
            e.progress(2, 2);
            clock.advanceBy(0.05);
            e.upload(0, 0, new double[0]);
            e.upload(2, 0, new double[0]);
        }
        assertEquals(0.5, e.encodeTimeout(), 1e-12, "4 x p99 = 0.2 s, raised to the floor of 0.5 s");
        // a frozen worker now costs 0.5 s, not 10
        e.start(99);
        e.progress(0, 2);
        e.progress(2, 2);
        e.upload(0, 0, new double[0]);
        clock.advanceBy(0.49);
        assertFalse(e.isDead(2));
        clock.advanceBy(0.02);
        assertTrue(e.isDead(2));
    }

    @Test
    void whichAbsencesEachProtocolTolerates() {
        // cyclic(4, 2): chunk i on workers i-1 and i
        RoundRule partial = RoundRule.of(ProtocolKind.PARTIAL, ordering, 1, TriggerPolicy.exact(), 0);
        assertTrue(partial.toleratesAbsent(List.of(1)));
        assertTrue(partial.toleratesAbsent(List.of(0, 2)), "every chunk keeps one of its two holders");
        assertFalse(partial.toleratesAbsent(List.of(0, 1)), "chunk 1 lost both holders");
        assertFalse(RoundRule.of(ProtocolKind.PARTIAL, ordering, 2, TriggerPolicy.exact(), 0)
                .toleratesAbsent(List.of(3)), "ell = 2 needs both holders");
        assertFalse(RoundRule.of(ProtocolKind.UNCODED, ordering, 1, TriggerPolicy.exact(), 0)
                .toleratesAbsent(List.of(3)));
        RoundRule original = RoundRule.of(ProtocolKind.ORIGINAL, ordering, 1, TriggerPolicy.exact(), 0);
        assertTrue(original.toleratesAbsent(List.of(3)), "m - s = 3 workers remain");
        assertFalse(original.toleratesAbsent(List.of(0, 2)));
        assertTrue(RoundRule.of(ProtocolKind.UNCODED, ordering, 1, TriggerPolicy.deadline(1, 0), 0)
                .toleratesAbsent(List.of(3)), "approximate mode decodes whatever arrives");
    }

    /** Records what the engine sends. */
    static class Recorder implements RoundOutput {
        final List<String> events = new ArrayList<>();
        RoundReport report;
        double[] gradient;
        String reason;

        String last() {
            return events.get(events.size() - 1);
        }

        @Override
        public void startRound(long round) {
            events.add("start " + round);
        }

        @Override
        public void encode(long round, int version, StateVector state) {
            events.add("encode " + round + " v" + version + " " + state);
        }

        @Override
        public void resume(long round, int version) {
            events.add("resume " + round + " v" + version);
        }

        @Override
        public void decoded(long round, double[] g, RoundReport r) {
            events.add("decoded " + round);
            report = r;
            gradient = g;
        }

        @Override
        public void failed(long round, String why) {
            events.add("failed " + round);
            reason = why;
        }

        @Override
        public void workerDead(long round, int worker, String why) {
            events.add("dead " + worker);
        }
    }
}
