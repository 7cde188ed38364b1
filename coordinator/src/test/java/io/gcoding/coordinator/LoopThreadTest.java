package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The real loop's contract: tasks in order on one thread, timers on the same thread, a failing task survived. */
class LoopThreadTest {

    @Test
    void tasksRunInOrderOnOneThreadAndTimersFireThereInTimeOrder() throws Exception {
        LoopThread loop = new LoopThread("test-loop");
        try {
            List<String> seen = new ArrayList<>(); // loop thread only
            CompletableFuture<Thread> thread = new CompletableFuture<>();
            for (int i = 0; i < 1000; i++) {
                int n = i;
                loop.execute(() -> seen.add("task " + n));
            }
            loop.execute(() -> {
                throw new IllegalStateException("a failing task must not stop the loop");
            });
            CompletableFuture<List<String>> done = new CompletableFuture<>();
            loop.execute(() -> {
                thread.complete(Thread.currentThread());
                double now = loop.now();
                loop.at(now + 0.02, () -> seen.add("late"));
                loop.at(now + 0.01, () -> seen.add("early"));
                loop.at(now + 0.015, () -> seen.add("cancelled")).cancel();
                loop.at(now + 0.03, () -> done.complete(new ArrayList<>(seen)));
            });
            List<String> result = done.get(10, TimeUnit.SECONDS);
            assertEquals(1002, result.size());
            assertEquals("task 0", result.get(0));
            assertEquals("task 999", result.get(999));
            assertEquals(List.of("early", "late"), result.subList(1000, 1002));
            assertEquals("test-loop", thread.get().getName());

            // a timer armed from another thread fires on the loop thread too
            CompletableFuture<Thread> fired = new CompletableFuture<>();
            loop.at(loop.now() + 0.01, () -> fired.complete(Thread.currentThread()));
            assertTrue(fired.get(10, TimeUnit.SECONDS) == thread.get());
        } finally {
            loop.close();
        }
        assertThrows(RejectedExecutionException.class, () -> loop.execute(() -> { }));
    }
}
