package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Finding a local cluster's worker processes and sending them signals (Linux), for the fault scenario tests. */
final class ProcessFaults {
    private ProcessFaults() {
    }

    /** The worker JVM with this id among this JVM's descendants, waited for up to 60 s. */
    static ProcessHandle worker(int id) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Optional<ProcessHandle> p = ProcessHandle.current().descendants().filter(h -> {
                List<String> args = arguments(h);
                int i = args.indexOf("--id");
                return args.contains("worker") && i >= 0 && i + 1 < args.size() && args.get(i + 1).equals("" + id);
            }).findFirst();
            if (p.isPresent()) {
                return p.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("worker " + id + " did not start within 60 s");
    }

    /** Until worker 2's log says its chunks are ready (the rounds begin), at most 60 s. */
    static void awaitRounds(StringWriter out) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\(logs: (\\S+)\\)").matcher(out.toString());
            if (m.find()) {
                Path log = Path.of(m.group(1), "worker-2.log");
                if (java.nio.file.Files.exists(log) && java.nio.file.Files.readString(log).contains("ready in")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the rounds did not begin within 60 s: " + out);
    }

    /** From /proc (ProcessHandle.Info leaves out the arguments of long command lines). */
    static List<String> arguments(ProcessHandle h) {
        try {
            byte[] raw = java.nio.file.Files.readAllBytes(Path.of("/proc", Long.toString(h.pid()), "cmdline"));
            return List.of(new String(raw, java.nio.charset.StandardCharsets.UTF_8).split("\u0000"));
        } catch (IOException e) {
            return List.of(); // it exited meanwhile
        }
    }

    static void signal(String name, ProcessHandle p) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(p.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " " + p.pid());
    }

    /** The process's output, line by line, read on one of {@code threads}; a last line says why it ended. */
    static java.util.concurrent.BlockingQueue<String> outputLines(Process p, java.util.concurrent.Executor threads) {
        java.util.concurrent.BlockingQueue<String> lines = new java.util.concurrent.LinkedBlockingQueue<>();
        threads.execute(() -> {
            try (java.io.BufferedReader r = new java.io.BufferedReader(new java.io.InputStreamReader(p.getInputStream(),
                    java.nio.charset.StandardCharsets.UTF_8))) {
                for (String line = r.readLine(); line != null; line = r.readLine()) {
                    lines.add(line);
                }
            } catch (java.io.IOException e) {
                lines.add("(output ended: " + e + ")");
            }
        });
        return lines;
    }
}
