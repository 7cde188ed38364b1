package io.gcoding.coordinator;

import io.gcoding.coding.engine.Scheduler;
import io.gcoding.protocol.EncodedFrame;
import io.gcoding.protocol.MessageValidator;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.TrainingService;
import io.gcoding.protocol.WireProtocol;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The parameter server: a gRPC server with one bidirectional stream per worker, a single-threaded loop that owns
 * all coordinator state (membership, the active session's {@link RoundDriver}), and sessions run one after another
 * on the same workers (one per protocol when protocols are compared).
 *
 * <p>Lifecycle: construct with an injected {@link ServerBuilder} (Netty for real runs, in-process in tests) and
 * {@link EventLoop} (the real one, or a fake clock in tests); {@link #start()}; {@link #awaitWorkers}; {@link #run} each session; {@link #close()} sends
 * Shutdown to every worker and stops the server.
 */
public final class Coordinator implements AutoCloseable, MessageDispatcher.Target {
    private static final Logger LOG = LoggerFactory.getLogger(Coordinator.class);

    private final EventLoop loop;
    private final ClusterMembership members;
    private final CoordinatorMetrics metrics;
    private final Server server;
    private RoundDriver driver;
    private CompletableFuture<Void> sessionDone;
    private Scheduler.Cancellable livenessCheck;
    private String abortReason;
    private final CompletableFuture<Void> aborted = new CompletableFuture<>();
    private EncodedFrame configFrame;
    private ReadinessGate readiness;
    private long nextRound;
    private boolean resuming;
    private boolean closed;

    /**
     * @param workers          m
     * @param authToken        shared secret every worker's Hello must carry
     * @param maxUploadLength  the largest ceil(d/ell) any session will use: bounds the inbound message size
     * @param serverBuilder    transport (not yet built); the coordinator adds its service and limits
     * @param loop             the state-machine thread and its clock; closed with the coordinator
     * @param metrics          meters
     */
    public Coordinator(int workers, String authToken, int maxUploadLength, ServerBuilder<?> serverBuilder,
            EventLoop loop, CoordinatorMetrics metrics) {
        this(workers, authToken, maxUploadLength, serverBuilder, loop, metrics, PeerGate.NONE);
    }

    /** @param gate told when a connection authenticates (the transport's limit on unauthenticated connections) */
    public Coordinator(int workers, String authToken, int maxUploadLength, ServerBuilder<?> serverBuilder,
            EventLoop loop, CoordinatorMetrics metrics, PeerGate gate) {
        this.loop = loop;
        this.members = new ClusterMembership(workers);
        this.metrics = metrics;
        MessageDispatcher dispatcher = new MessageDispatcher(loop, new MessageValidator(authToken), members, metrics,
                this, gate);
        // the service only stamps the arrival time and hops onto the loop, so it runs on the transport's own thread:
        // an executor in between would add a thread hand-off to every message (TOOLCHAIN.md: never the cached pool)
        this.server = serverBuilder
                .addService(ServerInterceptors.intercept(TrainingService.bind(dispatcher), new RemoteAddress()))
                .maxInboundMessageSize(WireProtocol.coordinatorInboundLimit(maxUploadLength))
                .directExecutor()
                .build();
    }

    /** Makes the caller's remote address (one TCP connection) known to the dispatcher while the call starts. */
    private static final class RemoteAddress implements ServerInterceptor {
        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            Context context = Context.current().withValue(MessageDispatcher.REMOTE,
                    call.getAttributes().get(Grpc.TRANSPORT_ATTR_REMOTE_ADDR));
            return Contexts.interceptCall(context, call, headers, next);
        }
    }

    public Coordinator start() throws IOException {
        server.start();
        return this;
    }

    /** The bound port (for a Netty server started on port 0). */
    public int port() {
        return server.getPort();
    }

    public CoordinatorMetrics metrics() {
        return metrics;
    }

    /** The coordinator's clock (seconds), for measurements that must agree with the round records. */
    public EventLoop loop() {
        return loop;
    }

    /**
     * Waits until every worker id has a live stream, at most {@code timeout}; every 5 s a log line names the workers
     * still missing.
     *
     * @return the workers still missing at the deadline (empty: all connected)
     * @throws RunFailedException when the run was aborted meanwhile
     */
    public List<Integer> awaitWorkers(long timeout, TimeUnit unit) throws InterruptedException {
        long deadline = System.nanoTime() + unit.toNanos(timeout);
        while (true) {
            CompletableFuture<CompletableFuture<Void>> f = new CompletableFuture<>();
            loop.execute(() -> f.complete(members.allConnected()));
            long left = deadline - System.nanoTime();
            try {
                CompletableFuture.anyOf(f.get(10, TimeUnit.SECONDS), aborted)
                        .get(Math.max(0, Math.min(left, TimeUnit.SECONDS.toNanos(5))), TimeUnit.NANOSECONDS);
                return List.of();
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RunFailedException r ? r : new IllegalStateException(e.getCause());
            } catch (TimeoutException e) {
                List<Integer> missing = missingWorkers();
                if (missing.isEmpty()) {
                    return missing;
                }
                if (System.nanoTime() >= deadline) {
                    return missing;
                }
                LOG.info("waiting for workers {} to connect ({} of {} connected; {} s left of the join timeout)",
                        missing, members.workers() - missing.size(), members.workers(),
                        (deadline - System.nanoTime()) / 1_000_000_000L);
            }
        }
    }

    /** Worker ids without a live stream now. */
    public List<Integer> missingWorkers() {
        CompletableFuture<List<Integer>> f = new CompletableFuture<>();
        loop.execute(() -> {
            List<Integer> missing = new ArrayList<>();
            for (int j = 0; j < members.workers(); j++) {
                if (!members.isConnected(j)) {
                    missing.add(j);
                }
            }
            f.complete(missing);
        });
        return f.join();
    }

    public int connectedCount() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(members.connectedCount()));
        return f.join();
    }

    /**
     * Runs one session: sends its Config to every connected worker (and later to any that joins), then rounds until
     * the handler returns null. Round numbers continue from the previous session's, so nothing stale can pass for
     * current.
     *
     * @return completes when the session ends (exceptionally if the handler throws)
     */
    public CompletableFuture<Void> run(SessionPlan plan, SessionHandler handler) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        loop.execute(() -> {
            try {
                if (abortReason != null) {
                    throw new RunFailedException(abortReason);
                }
                if (driver != null && driver.roundInProgress()) {
                    throw new IllegalStateException("a session is already running");
                }
                boolean resumed = resuming && plan.config().firstRound() <= nextRound;
                resuming = false;
                if (plan.config().firstRound() != nextRound && !resumed) {
                    throw new IllegalArgumentException("the session must start at round " + nextRound + ", its config"
                            + " says " + plan.config().firstRound());
                }
                configFrame = EncodedFrame.of(plan.config());
                members.broadcast(configFrame);
                RoundDriver.Listener listener = new RoundDriver.Listener() {
                    @Override
                    public void onDecoded(long round, double[] gradient, RoundRecord record) {
                        try {
                            double[] next = handler.onRound(round, gradient, record);
                            if (next == null) {
                                done.complete(null);
                            } else {
                                driver.startRound(nextRound++, next);
                            }
                        } catch (RuntimeException e) {
                            done.completeExceptionally(e);
                        }
                    }

                    @Override
                    public void onFailed(long round, String reason) {
                        done.completeExceptionally(new RoundFailedException(reason));
                    }
                };
                driver = new RoundDriver(plan, members, loop, metrics, listener);
                sessionDone = done;
                armLiveness(driver, plan.livenessSeconds(), done);
                LOG.debug("session {}: {}", plan.rule().kind().label(), plan.config());
                java.util.Set<Integer> loading = new java.util.TreeSet<>();
                for (int j = 0; j < members.workers(); j++) {
                    if (members.isConnected(j)) {
                        loading.add(j);
                    }
                }
                RoundDriver session = driver;
                readiness = new ReadinessGate(loading, plan.readySeconds(), loop, () -> {
                    if (driver != session || done.isDone()) {
                        return;
                    }
                    try {
                        driver.startRound(nextRound++, handler.initialParameters());
                    } catch (RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                });
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        return done;
    }

    /**
     * For a run resumed from a checkpoint, between sessions: rounds continue at {@code round} (the checkpoint's next
     * round), and the next session may be one that began earlier, i.e. its Config's first round may lie before
     * {@code round} (workers count injected failures and trace trials from it). Round numbers never go back: nothing
     * stale of an earlier session can pass for current.
     */
    public void resumeAt(long round) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        loop.execute(() -> {
            if (driver != null && driver.roundInProgress()) {
                f.completeExceptionally(new IllegalStateException("resumeAt while a round is in progress"));
                return;
            }
            if (round < nextRound) {
                f.completeExceptionally(new IllegalArgumentException("rounds cannot go back from " + nextRound + " to "
                        + round));
                return;
            }
            nextRound = round;
            resuming = true;
            f.complete(null);
        });
        f.orTimeout(10, TimeUnit.SECONDS).join();
    }

    /** The first round number the next session must use. */
    public long nextRound() {
        CompletableFuture<Long> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(nextRound));
        return f.join();
    }

    @Override
    public RoundDriver activeDriver() {
        return driver;
    }

    @Override
    public void onJoined(WorkerLink link) {
        if (configFrame != null) {
            link.send(configFrame);
            if (driver != null) {
                driver.onWorkerJoined(link.worker());
            }
        }
    }

    /**
     * A CONFIGURATION error (the same on every worker) ends the session with its reason; a ROUND error makes the
     * worker dead for the round.
     */
    @Override
    public void onWorkerError(int worker, Messages.WorkerError error) {
        if (error.kind() == Messages.WorkerError.Kind.CONFIGURATION) {
            if (sessionDone != null) {
                sessionDone.completeExceptionally(new WorkerConfigurationException("worker " + worker + ": "
                        + error.reason()));
            }
        } else if (driver != null) {
            driver.onWorkerFailed(worker, error.reason());
        }
    }

    /**
     * Ends the running session, and every later one, with {@code reason} (a worker that keeps failing, say): the
     * run fails with the message instead of waiting for a round that cannot finish.
     */
    public void abort(String reason) {
        loop.execute(() -> {
            abortReason = reason;
            aborted.completeExceptionally(new RunFailedException(reason));
            if (sessionDone != null) {
                sessionDone.completeExceptionally(new RunFailedException(reason));
            }
        });
    }

    /** Every quarter of the liveness deadline: workers silent for longer are dead for the round. */
    private void armLiveness(RoundDriver session, double liveness, CompletableFuture<Void> done) {
        if (livenessCheck != null) {
            livenessCheck.cancel();
        }
        double period = liveness / 4;
        livenessCheck = loop.at(loop.now() + period, () -> {
            if (done.isDone() || driver != session) {
                return;
            }
            double now = loop.now();
            for (int j = 0; j < members.workers(); j++) {
                WorkerLink link = members.link(j);
                if (link != null && now - link.lastHeard() > liveness) {
                    session.onWorkerSilent(j, now - link.lastHeard());
                }
            }
            armLiveness(session, liveness, done);
        });
    }

    @Override
    public void onReady(int worker) {
        if (readiness != null) {
            readiness.done(worker);
        }
    }

    @Override
    public void onLeft(WorkerLink link) {
        if (readiness != null) {
            readiness.done(link.worker()); // not waited for: it rejoins like any replacement
        }
        if (driver != null) {
            driver.onWorkerGone(link.worker());
        }
    }

    /**
     * Sends Shutdown to every connected worker and ends their streams, so worker processes exit on their own; the
     * server keeps running until {@link #close()}. Idempotent.
     */
    public void shutdownWorkers(String reason) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            loop.execute(() -> {
                driver = null; // nothing of the session acts after this: its timers find no driver to act on
                members.closeAll(EncodedFrame.of(new Messages.Shutdown(reason)));
                f.complete(null);
            });
            f.get(5, TimeUnit.SECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // already closed
        } catch (Exception e) {
            LOG.warn("could not tell every worker to shut down: {}", e.toString());
        }
    }

    /** Sends Shutdown to every worker, stops the server and the loop. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        shutdownWorkers("training finished");
        try {
            server.shutdown();
            if (!server.awaitTermination(5, TimeUnit.SECONDS)) {
                server.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            server.shutdownNow();
        }
        loop.close();
    }
}
