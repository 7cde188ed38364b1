package io.gcoding.worker;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Lowers the CPU priority of the calling thread (Linux: a higher nice value for this thread alone). Java has no call
 * for it (thread priorities are ignored on Linux by default), so the thread's id is read from
 * {@code /proc/thread-self} and {@code renice} sets it; raising a nice value needs no privilege. Best effort: where
 * either is missing, the thread keeps its priority and a log line says so.
 */
final class ThreadNiceness {
    private static final Logger LOG = LoggerFactory.getLogger(ThreadNiceness.class);
    private static final long RENICE_SECONDS = 5;

    private ThreadNiceness() {
    }

    /** @return whether the calling thread now runs at {@code niceness} (1..19) */
    static boolean lowerCurrentThread(int niceness) {
        if (niceness < 1 || niceness > 19) {
            throw new IllegalArgumentException("niceness must be in 1..19, got " + niceness);
        }
        String thread = Thread.currentThread().getName();
        try {
            // "/proc/thread-self" links to "<pid>/task/<tid>"
            String tid = Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString();
            Process renice = new ProcessBuilder("renice", "-n", Integer.toString(niceness), "-p", tid)
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!renice.waitFor(RENICE_SECONDS, TimeUnit.SECONDS)) {
                renice.destroyForcibly();
                LOG.warn("thread {} keeps its CPU priority: renice did not finish within {} s", thread, RENICE_SECONDS);
                return false;
            }
            if (renice.exitValue() != 0) {
                LOG.warn("thread {} keeps its CPU priority: renice -n {} -p {} exited with {}", thread, niceness, tid,
                        renice.exitValue());
                return false;
            }
            LOG.info("thread {} (tid {}) runs at nice {}", thread, tid, niceness);
            return true;
        } catch (IOException | UnsupportedOperationException e) {
            LOG.warn("thread {} keeps its CPU priority (no /proc/thread-self or renice here: {})", thread,
                    e.toString());
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
