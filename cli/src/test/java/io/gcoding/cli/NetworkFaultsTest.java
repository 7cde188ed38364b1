package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Network faults between real processes: the coordinator runs in a Linux network namespace of its own (made by the
 * test: {@code ip netns} and a veth pair on a private /24 that exists only on this machine), the workers outside it
 * (in this JVM, real {@code gcoding worker} commands over TCP). Faults on the veth: {@code tc netem} delay with jitter
 * and packet loss both ways, and a partition (the link down) that heals after a few seconds. Exact-mode training
 * must complete on the model of a clean run on loopback (1e-9 relative). Needs root, {@code ip} and (for delay and
 * loss) the kernel's sch_netem; skipped with the reason where they are missing. JUnit tag {@code netns}.
 */
@Tag("netns")
class NetworkFaultsTest {
    private static final int WORKERS = 3;
    private static final List<String> RUN = List.of("--workers", "3", "--replication", "2",
            "--dataset", "synthetic:rows=3000,test=300,features=20,classes=3,task=softmax", "--protocol", "partial",
            "--rounds", "30", "--batch", "100", "--optimizer", "adam:lr=0.02", "--eval-every", "10",
            "--warmup-rounds", "2", "--liveness", "20", "--encode-timeout", "20");
    private static final double PARTITION_SECONDS = 3;

    private final String tag = Long.toString(ProcessHandle.current().pid() % 10_000);
    private final String namespace = "gcns" + tag;
    private final String outside = "gcva" + tag;
    private final String inside = "gcvb" + tag;
    private final String subnet = "10.231." + (ProcessHandle.current().pid() % 250) + ".";
    private final ExecutorService threads = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "netns-test");
        t.setDaemon(true);
        return t;
    });
    private final List<Process> processes = new ArrayList<>();
    private boolean madeNamespace;

    @AfterEach
    void cleanUp() throws Exception {
        processes.forEach(Process::destroyForcibly);
        if (madeNamespace) {
            sh("ip", "netns", "del", namespace); // takes the veth pair with it
        }
        threads.shutdownNow();
    }

    @Test
    @Timeout(600)
    void aPartitionThatHealsLeavesTheModelExact(@TempDir Path dir) throws Exception {
        prerequisites(false);
        scenario(dir, false);
    }

    @Test
    @Timeout(600)
    void delayLossAndAPartitionLeaveTheModelExact(@TempDir Path dir) throws Exception {
        prerequisites(true);
        scenario(dir, true);
    }

    private void scenario(Path dir, boolean netem) throws Exception {
        Path token = Files.writeString(dir.resolve("token"), "netns-test-token\n");

        // the clean reference on loopback, in this JVM
        Path reference = dir.resolve("reference.json");
        int port = CoordinatorKillResumeTest.freePort();
        List<CompletableFuture<Integer>> refWorkers = startWorkers("127.0.0.1:" + port, token);
        StringWriter err = new StringWriter();
        List<String> args = new ArrayList<>(List.of("coordinator", "--listen", "127.0.0.1:" + port, "--token-file",
                token.toString(), "--json", reference.toString()));
        args.addAll(RUN);
        assertEquals(0, OrderCommandTest.run(new StringWriter(), err, args.toArray(String[]::new)), err.toString());
        for (CompletableFuture<Integer> w : refWorkers) {
            assertEquals(0, w.get(60, TimeUnit.SECONDS));
        }

        // the coordinator in the namespace, the workers outside, faults on the link
        String address = subnet + "2:" + 7070;
        if (netem) {
            netem(outside, "delay 20ms 5ms loss 2%");
            nsNetem("delay 20ms 5ms loss 2%");
        }
        Path faulty = dir.resolve("faulty.json");
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace,
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx512m", "-cp",
                System.getProperty("java.class.path"), GcodingCommand.class.getName(), "coordinator", "--listen",
                address, "--token-file", token.toString(), "--json", faulty.toString(), "--checkpoint-dir",
                dir.resolve("checkpoints").toString(), "--checkpoint-every", "5"));
        cmd.addAll(RUN);
        Process coordinator = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        processes.add(coordinator);
        BlockingQueue<String> lines = ProcessFaults.outputLines(coordinator, threads);
        CoordinatorKillResumeTest.awaitLine(lines, "coordinator listening on " + subnet + "2", 60);
        List<CompletableFuture<Integer>> workers = startWorkers(address, token);
        CoordinatorKillResumeTest.awaitLine(lines, "checkpoint written", 180); // training is under way: cut the link
        sh("ip", "link", "set", outside, "down");
        long cut = System.nanoTime();
        Thread.sleep((long) (PARTITION_SECONDS * 1000)); // the partition's length, a fault injected, not a measurement
        sh("ip", "link", "set", outside, "up");
        double partitioned = (System.nanoTime() - cut) / 1e9;
        assertTrue(coordinator.waitFor(300, TimeUnit.SECONDS), "the run ends: " + lines);
        assertEquals(0, coordinator.exitValue(), "coordinator output: " + lines);
        for (CompletableFuture<Integer> w : workers) {
            assertEquals(0, w.get(60, TimeUnit.SECONDS), "the worker ends with the coordinator's Shutdown");
        }

        JsonNode a = Json.MAPPER.readTree(reference.toFile()).get("protocols").get("partial");
        JsonNode b = Json.MAPPER.readTree(faulty.toFile()).get("protocols").get("partial");
        double rel = CoordinatorKillResumeTest.relativeDifference(a.get("final_parameters"),
                b.get("final_parameters"));
        double slowest = 0;
        for (JsonNode t : b.get("round_times")) {
            slowest = Math.max(slowest, t.asDouble());
        }
        double cleanSlowest = 0;
        for (JsonNode t : a.get("round_times")) {
            cleanSlowest = Math.max(cleanSlowest, t.asDouble());
        }
        System.out.printf(Locale.ROOT, "netns: %s, partition %.1f s; slowest round %.2f s (clean run %.2f s);"
                + " faulty run vs clean run: relative difference %.1e%n",
                netem ? "netem delay 20ms+-5ms loss 2% both ways" : "no netem", partitioned, slowest, cleanSlowest, rel);
        assertTrue(slowest >= PARTITION_SECONDS / 2, "a round spanned the partition: slowest " + slowest + " s");
        assertTrue(rel <= 1e-9, "faulty vs clean relative difference " + rel);
        assertEquals(30, b.get("round_times").size());
    }

    /** Root, ip, a namespace with a veth pair (and netem on it, when asked); skips with the reason otherwise. */
    private void prerequisites(boolean netem) throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root (ip netns, tc): running as "
                + System.getProperty("user.name"));
        assumeTrue(run("ip", "-V") == 0, "needs the ip command (Debian iproute2)");
        assumeTrue(run("ip", "netns", "add", namespace) == 0, "cannot make a network namespace (ip netns add)");
        madeNamespace = true;
        sh("ip", "link", "add", outside, "type", "veth", "peer", "name", inside);
        sh("ip", "link", "set", inside, "netns", namespace);
        sh("ip", "addr", "add", subnet + "1/24", "dev", outside);
        sh("ip", "link", "set", outside, "up");
        sh("ip", "netns", "exec", namespace, "ip", "addr", "add", subnet + "2/24", "dev", inside);
        sh("ip", "netns", "exec", namespace, "ip", "link", "set", inside, "up");
        sh("ip", "netns", "exec", namespace, "ip", "link", "set", "lo", "up");
        if (netem) {
            assumeTrue(run("tc", "-V") == 0, "needs the tc command (Debian iproute2)");
            assumeTrue(run("tc", "qdisc", "add", "dev", outside, "root", "netem", "delay", "1ms") == 0,
                    "tc netem is unavailable ('tc qdisc add ... netem' failed: the kernel lacks sch_netem)");
            sh("tc", "qdisc", "del", "dev", outside, "root");
        }
    }

    private void netem(String device, String spec) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("tc", "qdisc", "add", "dev", device, "root", "netem"));
        cmd.addAll(List.of(spec.split(" ")));
        sh(cmd.toArray(String[]::new));
    }

    private void nsNetem(String spec) throws Exception {
        List<String> cmd = new ArrayList<>(List.of("ip", "netns", "exec", namespace, "tc", "qdisc", "add", "dev",
                inside, "root", "netem"));
        cmd.addAll(List.of(spec.split(" ")));
        sh(cmd.toArray(String[]::new));
    }

    private List<CompletableFuture<Integer>> startWorkers(String address, Path token) {
        List<CompletableFuture<Integer>> futures = new ArrayList<>();
        for (int j = 0; j < WORKERS; j++) {
            String id = Integer.toString(j);
            futures.add(CompletableFuture.supplyAsync(() -> OrderCommandTest.run(new StringWriter(),
                    new StringWriter(), "worker", "--coordinator", address, "--id", id, "--token-file",
                    token.toString(), "--workers-on-machine", Integer.toString(WORKERS), "--reconnect-timeout", "120"),
                    threads));
        }
        return futures;
    }

    private static int run(String... cmd) throws Exception {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1; // not installed
        }
    }

    private static void sh(String... cmd) throws Exception {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), String.join(" ", cmd) + " did not finish");
        assertEquals(0, p.exitValue(), String.join(" ", cmd) + ": " + out);
    }

}
