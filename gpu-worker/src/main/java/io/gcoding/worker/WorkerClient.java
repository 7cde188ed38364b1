package io.gcoding.worker;

import io.gcoding.kernels.ComputeBackend;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.TrainingGrpc;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.ManagedChannel;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import io.gcoding.coding.KeyValueSpec;
import io.grpc.Status;
import java.nio.file.Path;
import java.util.Locale;
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
 * <p>When the stream fails and a {@link ReconnectPolicy} is given, the worker opens a new stream on the same channel
 * with exponential backoff (one log line per attempt, naming the coordinator's address) and says Hello again, until
 * the policy's timeout; the coordinator (the same process, or a new one resumed from a checkpoint) then sends its
 * Config as to any joining worker. Each connection gets a fresh {@link WorkerSession} (the loaded data is kept), so
 * nothing a cancelled round computes for the old connection can be sent on the new one, even where a resumed
 * coordinator repeats round numbers.
 *
 * <p>Lifecycle: {@link #start()} returns a future that completes with the Shutdown reason, or exceptionally when
 * the stream fails and is not (or no longer) retried; {@link #close()} stops everything.
 */
public final class WorkerClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerClient.class);
    /** Small onReady threshold: a progress report waits for the transport instead of queueing behind others. */
    private static final int ON_READY_THRESHOLD = 1024;
    static final long HEARTBEAT_MILLIS = 1000;
    /** A backend that has not started after this long (CUDA context creation takes seconds, not minutes) is an error. */
    static final long BACKEND_START_SECONDS = 300;

    private final int worker;
    private final String token;
    private final boolean replacement;
    private final ManagedChannel channel;
    private final Supplier<ComputeBackend> backendFactory;
    private final CrashAction crash;
    private final WorkerClock clock;
    private final ScheduledExecutorService control;
    private final ExecutorService compute = Executors.newSingleThreadExecutor(r -> thread(r, "worker-compute"));
    private final CompletableFuture<String> finished = new CompletableFuture<>();
    /** Beats every second on the control thread, so that the coordinator can tell a frozen worker from a slow one. */
    private final ScheduledExecutorService heartbeats = Executors.newSingleThreadScheduledExecutor(
            r -> thread(r, "worker-heartbeat"));
    private final AtomicBoolean closed = new AtomicBoolean();
    private final ReconnectPolicy reconnect;
    private final DatasetCache datasets;
    private final int computeNiceness;
    private ComputeBackend backend;
    /** The current connection's session; control thread only (read by close() once the control thread is done). */
    private volatile WorkerSession session;
    /** Control thread: when the current outage began (clock nanos), -1 while connected. */
    private long lostAt = -1;
    /** Control thread: failed attempts in the current outage. */
    private int failures;

    /**
     * A worker with the given id, token and channel.
     *
     * @param backendFactory creates the backend; called once, on the compute thread
     */
    public static Builder builder(int worker, String token, ManagedChannel channel,
            Supplier<ComputeBackend> backendFactory) {
        return new Builder(worker, token, channel, backendFactory);
    }

    /** The worker's settings; {@link #onInjectedFailure} is required, the rest have defaults. */
    public static final class Builder {
        private final int worker;
        private final String token;
        private final ManagedChannel channel;
        private final Supplier<ComputeBackend> backendFactory;
        private boolean replacement;
        private ScheduledExecutorService control;
        private Path dataDir;
        private CrashAction crash;
        private WorkerClock clock = WorkerClock.SYSTEM;
        private ReconnectPolicy reconnect = ReconnectPolicy.NEVER;
        private int computeNiceness;

        private Builder(int worker, String token, ManagedChannel channel, Supplier<ComputeBackend> backendFactory) {
            this.worker = worker;
            this.token = token;
            this.channel = channel;
            this.backendFactory = backendFactory;
        }

        /** This process replaces a failed one (it does not inject the failure again in the session it joins). */
        public Builder replacement(boolean value) {
            this.replacement = value;
            return this;
        }

        /**
         * The control thread (every protocol decision and send): the channel's I/O thread for a
         * {@link WorkerChannels.Connection}, so messages need no hand-off; shut down by {@link #close()}. Default: a
         * thread of its own.
         */
        public Builder control(ScheduledExecutorService value) {
            this.control = value;
            return this;
        }

        /** Where datasets are read (default: their default directory). */
        public Builder dataDir(Path value) {
            this.dataDir = value;
            return this;
        }

        /** What an injected failure does (a worker process halts; tests cut the connection). Required. */
        public Builder onInjectedFailure(CrashAction value) {
            this.crash = value;
            return this;
        }

        /** The worker's time (a fake one in tests of the injected pacing). Default: the system's. */
        public Builder clock(WorkerClock value) {
            this.clock = value;
            return this;
        }

        /** What to do when the stream fails. Default {@link ReconnectPolicy#NEVER}: end with the error. */
        public Builder reconnect(ReconnectPolicy value) {
            this.reconnect = value;
            return this;
        }

        /**
         * 0 (default): the compute thread runs at the process's priority; 1..19: at that Linux nice value, so that
         * where workers share cores (a local cluster) the control threads, which answer the coordinator, are not
         * queued behind the compute threads.
         */
        public Builder computeNiceness(int value) {
            if (value < 0 || value > 19) {
                throw new IllegalArgumentException("compute niceness must be in 0..19, got " + value);
            }
            this.computeNiceness = value;
            return this;
        }

        public WorkerClient build() {
            if (crash == null) {
                throw new IllegalStateException("onInjectedFailure(...) is required: what an injected failure does");
            }
            return new WorkerClient(this);
        }
    }

    private WorkerClient(Builder b) {
        this.control = b.control != null ? b.control
                : Executors.newSingleThreadScheduledExecutor(r -> thread(r, "worker-control"));
        this.reconnect = b.reconnect;
        this.datasets = new DatasetCache(b.dataDir);
        this.clock = b.clock;
        this.worker = b.worker;
        this.token = b.token;
        this.replacement = b.replacement;
        this.channel = b.channel;
        this.backendFactory = b.backendFactory;
        this.crash = b.crash;
        this.computeNiceness = b.computeNiceness;
    }

    public CompletableFuture<String> start() {
        if (computeNiceness != 0) {
            compute.execute(() -> ThreadNiceness.lowerCurrentThread(computeNiceness));
        }
        try {
            backend = compute.submit(backendFactory::get).get(BACKEND_START_SECONDS, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            finished.completeExceptionally(new IllegalStateException("the compute backend did not start within "
                    + BACKEND_START_SECONDS + " s (a GPU driver that hangs, or a device held by another process)"));
            return finished;
        } catch (Exception e) {
            finished.completeExceptionally(e.getCause() == null ? e : e.getCause());
            return finished;
        }
        LOG.info("worker {} connecting to {} ({}{})", worker, channel.authority(), backend.deviceDescription(),
                replacement ? ", replacement process" : "");
        onControl(this::connect);
        heartbeats.scheduleAtFixedRate(() -> onControl(() -> {
            if (session != null) {
                session.heartbeat();
            }
        }), HEARTBEAT_MILLIS, HEARTBEAT_MILLIS, TimeUnit.MILLISECONDS);
        finished.whenComplete((reason, error) -> heartbeats.shutdownNow());
        return finished;
    }

    /** Control thread: opens a stream with a fresh session and says Hello. */
    private void connect() {
        if (closed.get() || finished.isDone()) {
            return;
        }
        WorkerSession s = new WorkerSession(worker, replacement, control, compute, backend, datasets, crash, clock,
                finished);
        session = s;
        TrainingGrpc.newStub(channel).withOnReadyThreshold(ON_READY_THRESHOLD).session(new ClientResponseObserver<WorkerMessage, CoordinatorMessage>() {
            @Override
            public void beforeStart(ClientCallStreamObserver<WorkerMessage> requestStream) {
                requestStream.setOnReadyHandler(() -> onControl(() -> {
                    if (session == s) {
                        s.flush();
                    }
                }));
                s.attach(requestStream); // called synchronously by session(), on this (the control) thread
            }

            @Override
            public void onNext(CoordinatorMessage message) {
                onControl(() -> {
                    if (session == s) {
                        connected();
                        s.handle(message);
                    }
                });
            }

            @Override
            public void onError(Throwable t) {
                onControl(() -> {
                    if (session == s) {
                        lost(s, t);
                    }
                });
            }

            @Override
            public void onCompleted() {
                onControl(() -> {
                    if (session == s) {
                        s.stop();
                        finished.complete("coordinator closed the stream");
                    }
                });
            }
        });
        // only now has the call started: the Hello may go out
        s.send(new Messages.Hello(worker, backend.name(), backend.deviceDescription(), token, replacement));
    }

    /** Control thread: a message arrived, so the coordinator is there (again). */
    private void connected() {
        if (lostAt >= 0) {
            LOG.info("worker {} reconnected to the coordinator at {} after {} attempt(s)", worker, channel.authority(),
                    failures);
        }
        lostAt = -1;
        failures = 0;
    }

    /** Control thread: the stream failed; retry with backoff while the policy allows, else end with the error. */
    private void lost(WorkerSession s, Throwable t) {
        s.stop();
        try {
            compute.execute(s::release); // after the cancelled round: the compute thread is serial
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("worker closing: the old session's chunks are freed by close()");
        }
        Status status = Status.fromThrowable(t);
        String why = status.getCode() + (status.getDescription() == null ? "" : ": " + status.getDescription());
        String refusal = refusal(status, t);
        if (refusal != null) {
            // retrying cannot help: the same token, id or certificate would be refused again
            String message = "no retry, the connection to the coordinator at " + channel.authority() + " is refused: "
                    + refusal;
            LOG.error("worker {}: {}", worker, message);
            finished.completeExceptionally(new IllegalStateException(message, t));
            return;
        }
        if (!reconnect.enabled() || closed.get()) {
            finished.completeExceptionally(new IllegalStateException("connection to the coordinator failed: "
                    + t.getMessage(), t));
            return;
        }
        long now = clock.nanoTime();
        if (lostAt < 0) {
            lostAt = now;
        }
        double away = (now - lostAt) / 1e9;
        failures++;
        if (away >= reconnect.timeoutSeconds()) {
            String message = String.format(Locale.ROOT, "gave up: no connection to the coordinator at %s for %.1f s"
                    + " (%d attempts, reconnect timeout %s s); last error %s", channel.authority(), away, failures,
                    KeyValueSpec.format(reconnect.timeoutSeconds()), why);
            LOG.error("worker {}: {}", worker, message);
            finished.completeExceptionally(new IllegalStateException(message, t));
            return;
        }
        double delay = Math.min(reconnect.delaySeconds(failures), reconnect.timeoutSeconds() - away);
        LOG.warn("worker {}: connection to the coordinator at {} failed ({}); attempt {} in {} s (giving up {} s after"
                + " the connection was lost)", worker, channel.authority(), why, failures + 1,
                String.format(Locale.ROOT, "%.2f", delay), KeyValueSpec.format(reconnect.timeoutSeconds()));
        try {
            control.schedule(this::connect, (long) (delay * 1e9), TimeUnit.NANOSECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("worker closing: no reconnect");
        }
    }

    /**
     * Why a failed stream is final (an authentication or TLS failure), or null for a lost connection that a retry
     * may find again.
     */
    static String refusal(Status status, Throwable t) {
        String description = status.getDescription() == null ? status.getCode().toString() : status.getDescription();
        if (status.getCode() == Status.Code.PERMISSION_DENIED || status.getCode() == Status.Code.UNAUTHENTICATED) {
            return description;
        }
        if (description.contains("INADEQUATE_SECURITY")) {
            // the HTTP/2 answer of a TLS coordinator to a plaintext worker (its debug data says what to do)
            int debug = description.indexOf("debug data: ");
            String text = debug < 0 ? description : description.substring(debug + "debug data: ".length());
            return text.lines().findFirst().orElse(text).strip(); // gRPC appends stream details on a second line
        }
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof javax.net.ssl.SSLException) {
                return "TLS failure (" + c.getMessage() + "): check --tls-ca, and --tls-cert/--tls-key where the"
                        + " coordinator requires client certificates";
            }
        }
        return null;
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
            WorkerSession s = session;
            if (s != null) {
                s.release();
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
