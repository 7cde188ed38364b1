package io.gcoding.worker;

import io.gcoding.kernels.ComputeBackend;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: connects to the coordinator over an injected channel (Netty for real runs, in-process in tests), says
 * Hello, and serves sessions until Shutdown. Two threads of its own: the control thread (protocol logic, every
 * send) and the compute thread (which alone touches the backend, as backends are not thread-safe).
 *
 * <p>Lifecycle: {@link #start()} returns a future that completes with the Shutdown reason, or exceptionally when
 * the stream fails (the coordinator went away); {@link #close()} stops everything.
 */
public final class WorkerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerClient.class);
    /** Small onReady threshold: a progress report waits for the transport instead of queueing behind others. */
    private static final int ON_READY_THRESHOLD = 1024;
    static final long HEARTBEAT_MILLIS = 1000;

    private final int worker;
    private final String token;
    private final boolean replacement;
    private final ManagedChannel channel;
    private final Supplier<ComputeBackend> backendFactory;
    private final Path dataDir;
    private final CrashAction crash;
    private final WorkerClock clock;
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> thread(r, "worker-control"));
    private final ExecutorService compute = Executors.newSingleThreadExecutor(r -> thread(r, "worker-compute"));
    private final CompletableFuture<String> finished = new CompletableFuture<>();
    /** Beats every second on the control thread, so that the coordinator can tell a frozen worker from a slow one. */
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            r -> thread(r, "worker-heartbeat"));
    private final AtomicBoolean closed = new AtomicBoolean();
    private ComputeBackend backend;
    private WorkerSession session;

    /**
     * @param backendFactory creates the backend; called once, on the compute thread
     * @param dataDir        where datasets are read (null: their default)
     */
    public WorkerClient(int worker, String token, boolean replacement, ManagedChannel channel,
            Supplier<ComputeBackend> backendFactory, Path dataDir, CrashAction crash) {
        this(worker, token, replacement, channel, backendFactory, dataDir, crash, WorkerClock.SYSTEM);
    }

    /** @param clock the worker's time (a fake one in tests of the injected pacing) */
    public WorkerClient(int worker, String token, boolean replacement, ManagedChannel channel,
            Supplier<ComputeBackend> backendFactory, Path dataDir, CrashAction crash, WorkerClock clock) {
        this.clock = clock;
        this.worker = worker;
        this.token = token;
        this.replacement = replacement;
        this.channel = channel;
        this.backendFactory = backendFactory;
        this.dataDir = dataDir;
        this.crash = crash;
    }

    public CompletableFuture<String> start() {
        try {
            backend = compute.submit(backendFactory::get).get();
        } catch (Exception e) {
            finished.completeExceptionally(e.getCause() == null ? e : e.getCause());
            return finished;
        }
        session = new WorkerSession(worker, replacement, control, compute, backend, dataDir, crash, clock, finished);
        TrainingGrpc.newStub(channel).withOnReadyThreshold(ON_READY_THRESHOLD).session(new ClientResponseObserver<WorkerMessage, CoordinatorMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
                requestStream.setOnReadyHandler(() -> onControl(session::flush));
                onControl(() -> session.attach(requestStream));
            }

            @Override
            public void onNext(CoordinatorMessage message) {
                onControl(() -> session.handle(message));
            }

            @Override
            public void onError(Throwable t) {
                onControl(() -> {
                    session.stop();
                    finished.completeExceptionally(new IllegalStateException("connection to the coordinator failed: "
                            + t.getMessage(), t));
                });
            }

            @Override
            public void onCompleted() {
                onControl(() -> {
                    session.stop();
                    finished.complete("coordinator closed the stream");
                });
            }
        });
        // only now has the call started: the Hello may go out
        onControl(() -> session.send(new Messages.Hello(worker, backend.name(), backend.deviceDescription(),
                token, replacement)));
        LOG.info("worker {} connecting ({}{})", worker, backend.deviceDescription(),
                replacement ? ", replacement process" : "");
        heartbeats.scheduleAtFixedRate(() -> onControl(session::heartbeat), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS,
                TimeUnit.MILLISECONDS);
        finished.whenComplete((reason, error) -> heartbeats.shutdownNow());
        return finished;
    }

    /** Stops the session and frees the backend. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        heartbeats.shutdownNow();
        channel.shutdownNow();
        onControl(() -> {
            if (session != null) {
                session.stop();
            }
        });
        compute.execute(() -> {
            if (session != null) {
                session.release();
            }
            if (backend != null) {
                backend.close();
            }
        });
        control.shutdown();
        compute.shutdown();
        try {
            compute.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Runs on the control thread; once the worker is closing, late transport callbacks are ignored. */
    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("worker closing: dropped a late callback");
        }
    }

    private static Thread thread(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
