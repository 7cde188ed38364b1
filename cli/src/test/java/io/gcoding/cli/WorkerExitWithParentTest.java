package io.gcoding.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local cluster's workers do not outlive a coordinator killed with SIGKILL (no shutdown hook runs): with
 * {@code --exit-with-parent} a worker exits when its parent process does, long before its reconnect timeout.
 */
class WorkerExitWithParentTest {

    @Test
    @Timeout(120)
    void workerExitsWhenItsParentIsKilled(@TempDir Path dir) throws Exception {
        Path log = dir.resolve("worker.log");
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            listener.setSoTimeout(60_000);
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            String worker = String.join(" ", List.of("'" + java + "'", "-Xmx256m", "-cp",
                    "'" + System.getProperty("java.class.path") + "'", GcodingCommand.class.getName(), "worker",
                    "--coordinator", "127.0.0.1:" + listener.getLocalPort(), "--id", "0", "--token", "t",
                    "--reconnect-timeout", "600", "--exit-with-parent"));
            // the shell is the worker's parent, standing in for the coordinator JVM of `train`; the worker writes to a
            // file, since the JDK closes a dead child's pipe
            Process parent = new ProcessBuilder("sh", "-c", worker + " > '" + log + "' 2>&1 & echo $!; wait")
                    .redirectErrorStream(true).start();
            try {
                long pid = Long.parseLong(new BufferedReader(new InputStreamReader(parent.getInputStream(),
                        StandardCharsets.UTF_8)).readLine().trim());
                ProcessHandle child = ProcessHandle.of(pid).orElseThrow();
                // the worker's first connection: it is up, and it watches its parent from before it connects
                try (Socket first = listener.accept()) {
                    assertTrue(first.isConnected());
                }
                parent.destroyForcibly(); // SIGKILL: the shell dies, the worker is re-parented
                assertTrue(parent.waitFor(30, TimeUnit.SECONDS));
                child.onExit().get(60, TimeUnit.SECONDS); // far less than its 600 s reconnect timeout
                String text = Files.readString(log);
                assertTrue(text.contains("worker 0: the coordinator process (pid " + parent.pid() + ") exited"), text);
            } finally {
                parent.destroyForcibly();
            }
        }
    }

    @Test
    void reconnectTimeoutZeroExitsAtOnceAndNegativeIsRefused() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        StringWriter err = new StringWriter();
        assertEquals(1, OrderCommandTest.run(new StringWriter(), err, "worker", "--coordinator", "127.0.0.1:" + port,
                "--id", "0", "--token", "t", "--reconnect-timeout", "0"));
        assertTrue(err.toString().contains("connection to the coordinator failed"), err.toString());
        err = new StringWriter();
        assertEquals(2, OrderCommandTest.run(new StringWriter(), err, "worker", "--coordinator", "127.0.0.1:" + port,
                "--id", "0", "--token", "t", "--reconnect-timeout", "-1"));
        assertTrue(err.toString().contains("--reconnect-timeout must be >= 0"), err.toString());
    }
}
