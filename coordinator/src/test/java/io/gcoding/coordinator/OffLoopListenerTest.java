package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OffLoopListenerTest {

    /** Records what it is told and on which thread; the first step can be held until released. */
    private static final class Recording implements TrainingRun.Listener {
        final List<String> events = Collections.synchronizedList(new ArrayList<>());
        final List<String> threads = Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch firstStepEntered = new CountDownLatch(1);
        final CountDownLatch release;

        Recording(boolean holdFirstStep) {
            release = new CountDownLatch(holdFirstStep ? 1 : 0);
        }

        @Override
        public void sessionStarting(String protocol, int rounds) {
            add("start " + protocol);
        }

        @Override
        public void afterStep(String protocol, int roundsDone, RoundRecord record, double[] parameters) {
            add("step " + roundsDone);
            firstStepEntered.countDown();
            try {
                if (!release.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void sessionFinished(SessionResult result) {
            add("finished");
        }

        private void add(String event) {
            events.add(event);
            threads.add(Thread.currentThread().getName());
        }
    }

    @Test
    void callbacksRunInOrderOffTheCallersThreadAndTheSessionEndWaitsForThem() {
        Recording target = new Recording(false);
        try (OffLoopListener view = new OffLoopListener(target, false)) {
            view.sessionStarting("partial", 3);
            for (int k = 1; k <= 3; k++) {
                view.afterStep("partial", k, null, new double[0]);
            }
            view.sessionFinished(null); // returns once all of the above has been shown
            assertEquals(List.of("start partial", "step 1", "step 2", "step 3", "finished"), List.copyOf(target.events));
        }
        for (String thread : target.threads) {
            assertNotEquals(Thread.currentThread().getName(), thread);
        }
    }

    @Test
    void aViewThatFallsBehindNeverBlocksTheCallerAndSkipsRoundsInstead() throws InterruptedException {
        Recording target = new Recording(true);
        try (OffLoopListener view = new OffLoopListener(target, false)) {
            view.afterStep("partial", 1, null, new double[0]);
            assertTrue(target.firstStepEntered.await(30, TimeUnit.SECONDS));
            // the view is stuck inside round 1: many more rounds than the queue holds must still return at once
            assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                for (int k = 2; k <= 10_000; k++) {
                    view.afterStep("partial", k, null, new double[0]);
                }
            });
            target.release.countDown();
            view.sessionFinished(null);
        }
        List<String> events = List.copyOf(target.events);
        assertEquals("step 1", events.get(0));
        assertEquals("finished", events.get(events.size() - 1));
        int shown = events.size() - 2;
        assertTrue(shown > 0 && shown < 9_999, "some rounds shown, the overflow skipped: " + shown);
        assertEquals("step " + (shown + 1), events.get(events.size() - 2), "the ones shown are the first, in order");
    }

    @Test
    void aViewRedrawnInPlaceSkipsRoundsAlreadySupersededInTheQueue() throws InterruptedException {
        Recording target = new Recording(true);
        try (OffLoopListener view = new OffLoopListener(target, true)) {
            view.afterStep("partial", 1, null, new double[0]);
            assertTrue(target.firstStepEntered.await(30, TimeUnit.SECONDS));
            for (int k = 2; k <= 5; k++) {
                view.afterStep("partial", k, null, new double[0]);
            }
            view.sessionStarting("uncoded", 2);
            view.afterStep("uncoded", 1, null, new double[0]);
            target.release.countDown();
            view.sessionFinished(null);
        }
        // 2..4 were superseded by 5 before they were drawn; 5 is the last of its session, so it is drawn
        assertEquals(List.of("step 1", "step 5", "start uncoded", "step 1", "finished"), List.copyOf(target.events));
    }
}
