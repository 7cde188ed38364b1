package io.gcoding.worker;

/**
 * What an injected failure does. In a worker process it ends the JVM at once (as a crash would: no goodbye on
 * the stream); in-process tests cut the worker's connection instead. Injected through the constructor so that no
 * production class carries a test switch.
 */
@FunctionalInterface
public interface CrashAction {
    void crash(String reason);

    /** Halts the JVM with exit code 3 after printing the reason on stderr. */
    static CrashAction haltProcess() {
        return reason -> {
            System.err.println(reason);
            System.err.flush();
            Runtime.getRuntime().halt(3);
        };
    }
}
