package io.gcoding.coordinator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.Backends;
import io.gcoding.worker.ReconnectPolicy;
import io.gcoding.worker.WorkerChannels;
import io.gcoding.worker.WorkerClient;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator's transport against real workers and raw sockets on loopback: TLS and mutual TLS with
 * certificates made at test time, refusals that are final for the worker (not retried like a lost connection), the
 * handshake deadline, and the limit on unauthenticated connections per address.
 */
@Timeout(120)
class TransportSecurityTest {
    private static final String TOKEN = "s3cret";
    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    @TempDir
    static Path dir;
    private static TestCertificates trusted;
    private static TestCertificates rogue;
    private static TestCertificates.Pair server;
    private static TestCertificates.Pair client;
    private static TestCertificates.Pair rogueClient;

    private final List<AutoCloseable> open = new ArrayList<>();
    private CoordinatorMetrics metrics;
    private CoordinatorTransport transport;
    private Coordinator coordinator;

    @BeforeAll
    static void certificates() throws Exception {
        trusted = new TestCertificates(dir, "trusted");
        rogue = new TestCertificates(dir, "rogue");
        server = trusted.issue("coordinator");
        client = trusted.issue("worker");
        rogueClient = rogue.issue("intruder");
    }

    @AfterEach
    void stop() throws Exception {
        for (int i = open.size() - 1; i >= 0; i--) {
            open.get(i).close();
        }
        if (coordinator != null) {
            coordinator.close();
        }
        if (transport != null) {
            transport.close();
        }
    }

    private void start(ServerTls tls, CoordinatorTransport.Limits limits) throws Exception {
        metrics = new CoordinatorMetrics(new SimpleMeterRegistry());
        transport = new CoordinatorTransport(new InetSocketAddress("127.0.0.1", 0), tls, limits, metrics);
        coordinator = new Coordinator(2, TOKEN, 3, transport.serverBuilder(), transport.loop(), metrics,
                transport.gate()).start();
    }

    /** A real worker (CPU backend) that would keep reconnecting for 60 s after a lost connection. */
    private CompletableFuture<String> worker(int id, WorkerChannels.Tls tls) {
        WorkerChannels.Connection connection = WorkerChannels.connect("127.0.0.1", coordinator.port(), tls, 64 << 20);
        WorkerClient w = WorkerClient.builder(id, TOKEN, connection.channel(),
                () -> Backends.select(BackendOptions.sharedBy(2))).control(connection.control())
                .onInjectedFailure(reason -> { }).reconnect(ReconnectPolicy.forSeconds(60)).build();
        open.add(w);
        return w.start();
    }

    /** The worker ends, well before its 60 s of reconnecting would, with this error. */
    private static String finalError(CompletableFuture<String> worker) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> worker.get(20, TimeUnit.SECONDS));
        return e.getCause().getMessage();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "timed out waiting for: " + what);
            Thread.sleep(20); // polling a condition with a deadline, not timing anything
        }
    }

    @Test
    void mutualTlsAdmitsACertifiedWorkerAndRefusesTheOthersFinally() throws Exception {
        start(new ServerTls(server.certificate(), server.privateKey(), trusted.ca()),
                CoordinatorTransport.Limits.DEFAULT);
        worker(0, new WorkerChannels.Tls(trusted.ca(), client.certificate(), client.privateKey()));
        await(() -> coordinator.missingWorkers().equals(List.of(1)), "worker 0 joins over mutual TLS");

        String uncertified = finalError(worker(1, new WorkerChannels.Tls(trusted.ca(), null, null)));
        assertTrue(uncertified.contains("is refused: TLS failure")
                && uncertified.contains("CERTIFICATE_REQUIRED"), uncertified);
        String foreign = finalError(worker(1, new WorkerChannels.Tls(trusted.ca(), rogueClient.certificate(),
                rogueClient.privateKey())));
        assertTrue(foreign.contains("TLS"), foreign);
        String plaintext = finalError(worker(1, null));
        assertTrue(plaintext.contains("this coordinator requires TLS"), plaintext);
        assertEquals(1, metrics.refusedConnections(ConnectionRefusal.PLAINTEXT_ON_TLS), 0.0);
        assertEquals(List.of(1), coordinator.missingWorkers(), "none of them joined");
    }

    @Test
    void aWorkerThatDoesNotTrustTheCoordinatorsCertificateGivesUpAtOnce() throws Exception {
        start(new ServerTls(server.certificate(), server.privateKey(), null), CoordinatorTransport.Limits.DEFAULT);
        String untrusted = finalError(worker(0, new WorkerChannels.Tls(rogue.ca(), null, null)));
        assertTrue(untrusted.contains("TLS failure"), untrusted);
        worker(1, new WorkerChannels.Tls(trusted.ca(), null, null));
        await(() -> coordinator.missingWorkers().equals(List.of(0)), "worker 1 joins over TLS");
    }

    @Test
    void aTlsWorkerOnAPlaintextCoordinatorIsRefusedWithAReason() throws Exception {
        start(null, CoordinatorTransport.Limits.DEFAULT);
        String error = finalError(worker(0, new WorkerChannels.Tls(trusted.ca(), null, null)));
        assertTrue(error.contains("TLS failure"), error);
        await(() -> metrics.refusedConnections(ConnectionRefusal.TLS_ON_PLAINTEXT) >= 1, "the refusal is counted");
    }

    @Test
    void idleConnectionsAreClosedAtTheHandshakeDeadline() throws Exception {
        start(null, new CoordinatorTransport.Limits(0.5, 64, 30, 16 << 10));
        try (Socket idle = new Socket(LOOPBACK, coordinator.port())) {
            idle.setSoTimeout(20_000);
            InputStream in = idle.getInputStream();
            long t0 = System.nanoTime();
            int read;
            do {
                read = in.read(); // the server's HTTP/2 preface, then end of stream when it closes the connection
            } while (read >= 0);
            assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(15), "closed long before the 20 s timeout");
        }
        await(() -> transport.gate().unauthenticated(LOOPBACK) == 0, "the closed connection no longer counts");
    }

    @Test
    void unauthenticatedConnectionsPerAddressAreCappedButAuthenticatedOnesDoNotCount() throws Exception {
        start(null, new CoordinatorTransport.Limits(30, 4, 30, 16 << 10));
        worker(0, null);
        await(() -> coordinator.missingWorkers().equals(List.of(1)), "worker 0 joins");
        await(() -> transport.gate().unauthenticated(LOOPBACK) == 0, "an authenticated connection does not count");

        List<Socket> idle = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Socket s = new Socket(LOOPBACK, coordinator.port());
            idle.add(s);
            open.add(s);
        }
        await(() -> metrics.refusedConnections(ConnectionRefusal.UNAUTHENTICATED_LIMIT) == 16, "16 of 20 refused");
        assertEquals(4, transport.gate().unauthenticated(LOOPBACK));
        for (Socket s : idle) {
            s.close();
        }
        await(() -> transport.gate().unauthenticated(LOOPBACK) == 0, "closed connections are released");
        worker(1, null);
        assertTrue(coordinator.awaitWorkers(20, TimeUnit.SECONDS).isEmpty(), "worker 1 joins once they are gone");
        assertEquals(2, coordinator.connectedCount(), "worker 0 was never disturbed");
    }

    @Test
    void twoThousandIdleConnectionsDoNotLockTheWorkersOut() throws Exception {
        // the tester's attack: 2,100 idle TCP connections from the workers' own address (loopback)
        start(null, new CoordinatorTransport.Limits(2, 64, 30, 16 << 10));
        List<Socket> idle = new ArrayList<>();
        try {
            long opening = System.nanoTime();
            for (int i = 0; i < 2_100; i++) {
                idle.add(new Socket(LOOPBACK, coordinator.port()));
            }
            double openSeconds = (System.nanoTime() - opening) / 1e9;
            assertTrue(transport.gate().unauthenticated(LOOPBACK) <= 64, "at most 64 held");
            long t0 = System.nanoTime();
            worker(0, null);
            worker(1, null);
            assertTrue(coordinator.awaitWorkers(30, TimeUnit.SECONDS).isEmpty(), "both workers join");
            double joined = (System.nanoTime() - t0) / 1e9;
            System.out.printf(java.util.Locale.ROOT, "2,100 idle connections: %d refused at accept, workers joined"
                    + " %.1f s after they started (handshake deadline 2 s)%n", Math.round(metrics.refusedConnections(
                    ConnectionRefusal.UNAUTHENTICATED_LIMIT)), joined);
            // each 2 s handshake window frees at most the 64 slots
            assertTrue(metrics.refusedConnections(ConnectionRefusal.UNAUTHENTICATED_LIMIT)
                    >= 2_100 - 64 * (1 + Math.ceil(openSeconds / 2)), "refused at accept, opened in " + openSeconds);
        } finally {
            for (Socket s : idle) {
                s.close();
            }
        }
    }
}
