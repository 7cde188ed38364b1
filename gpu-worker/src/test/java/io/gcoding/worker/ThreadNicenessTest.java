package io.gcoding.worker;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The compute thread's lower priority: only the calling thread's nice value changes, read back from /proc. */
class ThreadNicenessTest {

    @Test
    void lowersTheCallingThreadOnlyAndRefusesValuesOutsideTheRange() throws Exception {
        assumeTrue(Files.exists(Path.of("/proc/thread-self/stat")), "not Linux: no /proc/thread-self");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/renice")) || Files.isExecutable(Path.of("/bin/renice")),
                "renice is not installed");
        int before = niceOfThisThread();
        CompletableFuture<int[]> result = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            boolean done = ThreadNiceness.lowerCurrentThread(Math.min(19, before + 7));
            result.complete(new int[] {done ? 1 : 0, niceOfThisThread()});
        }, "nice-test");
        t.start();
        int[] r = result.get(30, TimeUnit.SECONDS);
        assertEquals(1, r[0], "renice succeeded");
        assertEquals(Math.min(19, before + 7), r[1], "the thread's own nice value");
        assertEquals(before, niceOfThisThread(), "the other threads keep theirs");
        assertThrows(IllegalArgumentException.class, () -> ThreadNiceness.lowerCurrentThread(0));
        assertThrows(IllegalArgumentException.class, () -> ThreadNiceness.lowerCurrentThread(20));
    }

    /** Field 19 of /proc/thread-self/stat (after the parenthesised command name, which may contain spaces). */
    private static int niceOfThisThread() {
        try {
            String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            int nice = Integer.parseInt(fields[16]); // fields[0] is field 3 (state)
            assertTrue(nice >= -20 && nice <= 19);
            return nice;
        } catch (java.io.IOException e) {
            throw new AssertionError(e);
        }
    }
}
