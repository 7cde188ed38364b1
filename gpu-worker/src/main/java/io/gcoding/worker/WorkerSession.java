package io.gcoding.worker;

import io.gcoding.coding.BlockLayout;
import io.gcoding.coding.DecodingMatrix;
import io.gcoding.coding.FixedCode;
import io.gcoding.coding.GradientEncoder;
import io.gcoding.coding.MinNormEncoder;
import io.gcoding.coding.StateVector;
import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.kernels.ComputeBackend;
import io.gcoding.protocol.CoordinatorMessageChecks;
import io.gcoding.protocol.Messages;
import io.gcoding.protocol.SessionConfig;
import io.gcoding.protocol.WireCodec;
import io.gcoding.protocol.WireFormatException;
import io.gcoding.protocol.wire.CoordinatorMessage;
import io.gcoding.protocol.wire.WorkerMessage;
import io.grpc.stub.ClientCallStreamObserver;
import java.nio.file.Path;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's protocol logic, on its single control thread: validates each coordinator message, keeps the session
 * (Config, current round, last state version), starts and cancels round computations on the compute thread, and
 * sends progress and uploads. Progress goes out only while the stream is ready (a small onReady threshold) and
 * only the latest cumulative count is kept, so nothing piles up and nothing is lost.
 */
final class WorkerSession implements ChunkComputer.Outbox {
    private static final Logger LOG = LoggerFactory.getLogger(WorkerSession.class);

    private final int worker;
    private final ExecutorService control;
    private final ExecutorService compute;
    private final ComputeBackend backend;
    private final DatasetCache datasets;
    private final CrashAction crash;
    private final WorkerClock clock;
    private final CompletableFuture<String> finished;
    private ClientCallStreamObserver<WorkerMessage> out;

    private boolean failureArmed;
    private boolean crashed;
    private SessionConfig config;
    private ChunkSet chunkSet;
    /**
     * The encoders of the current order version, one per ell a round used ({@code --ell auto}: RoundStart may
     * announce another ell); cleared when the orders change (adaptive ordering).
     */
    private final java.util.Map<Integer, MinNormEncoder> encoders = new java.util.TreeMap<>();
    /** The session's fixed code when its workers upload on completion, else null. */
    private FixedCode fixedCode;
    /** The order version {@link #encoders} were built for (adaptive ordering: RoundStart may announce new orders). */
    private int encoderVersion;
    private ChunkPacing pacing = ChunkPacing.NONE;
    private ChunkComputer computer;
    private long round = -1;
    private int lastEncodeVersion = -1;
    private int lastResumeVersion = -1;
    private BlockingQueue<ChunkComputer.Signal> signals;
    /** The current round's encoder (its orders) and, with a host-memory backend, copies of its finished chunks. */
    private MinNormEncoder roundEncoder;
    private double[][] finishedCopies;
    private long pendingRound = -1;
    private int pendingCount;

    /**
     * @param replacement a process started to replace a failed one does not inject the failure again in the session
     *                    it joins (it would only fail at once); in later sessions it behaves like the original
     */
    WorkerSession(int worker, boolean replacement, ExecutorService control, ExecutorService compute,
            ComputeBackend backend, Path dataDir, CrashAction crash, WorkerClock clock,
            CompletableFuture<String> finished) {
        this(worker, replacement, control, compute, backend, new DatasetCache(dataDir), crash, clock, finished);
    }

    /** @param datasets the loaded data, shared with the sessions of earlier connections (a reconnect keeps it) */
    WorkerSession(int worker, boolean replacement, ExecutorService control, ExecutorService compute,
            ComputeBackend backend, DatasetCache datasets, CrashAction crash, WorkerClock clock,
            CompletableFuture<String> finished) {
        this.worker = worker;
        this.clock = clock;
        this.failureArmed = !replacement;
        this.control = control;
        this.compute = compute;
        this.backend = backend;
        this.datasets = datasets;
        this.crash = crash;
        this.finished = finished;
    }

    void attach(ClientCallStreamObserver<WorkerMessage> stream) {
        this.out = stream;
    }

    /** Control thread: one message from the coordinator. */
    void handle(CoordinatorMessage raw) {
        if (crashed) {
            return; // an injected crash is final, also where the crash action cannot end the process
        }
        Messages.FromCoordinator message;
        try {
            message = WireCodec.decode(raw);
        } catch (WireFormatException e) {
            LOG.warn("ignored a coordinator message: {}", e.getMessage());
            return;
        }
        LOG.debug("received {}", message);
        if (message instanceof SessionConfig c) {
            onConfig(c);
        } else if (message instanceof Messages.RoundStart r) {
            onRoundStart(r);
        } else if (message instanceof Messages.Encode e) {
            String problem = CoordinatorMessageChecks.checkEncode(e, config, round, lastEncodeVersion);
            if (problem == null && e.version() < lastResumeVersion) {
                problem = "ENCODE of version " + e.version() + " is older than the RESUME of version " + lastResumeVersion;
            }
            if (problem != null || signals == null) {
                LOG.warn("ignored ENCODE: {}", problem == null ? "no round is running" : problem);
                return;
            }
            lastEncodeVersion = e.version();
            signals.add(encodeHere(e) ? new ChunkComputer.Signal.Pause() : new ChunkComputer.Signal.Encode(e));
        } else if (message instanceof Messages.Resume r) {
            if (r.round() != round || r.version() <= Math.max(lastEncodeVersion, lastResumeVersion) || signals == null) {
                LOG.warn("ignored {} (round {}, last versions {}/{})", r, round, lastEncodeVersion, lastResumeVersion);
                return;
            }
            lastResumeVersion = r.version();
            signals.add(new ChunkComputer.Signal.Resume());
        } else if (message instanceof Messages.Shutdown s) {
            LOG.info("coordinator says shutdown: {}", s.reason());
            stop();
            finished.complete(s.reason());
        }
    }

    private void onConfig(SessionConfig c) {
        if (worker >= c.workers()) {
            LOG.error("the coordinator's config has {} workers but this is worker {}", c.workers(), worker);
            stop();
            finished.completeExceptionally(new IllegalStateException("worker id " + worker + " outside the config's m = "
                    + c.workers()));
            return;
        }
        if (config != null) {
            failureArmed = true; // see the constructor: a replacement is spared only in the session it joined
        }
        cancelRound();
        config = c;
        round = -1;
        int[] loads = new int[c.workers()];
        for (int j = 0; j < loads.length; j++) {
            loads[j] = c.orders()[j].length;
        }
        pacing = ChunkPacing.of(c.stragglers(), c.dataSeed(), worker, c.workers(), loads);
        pacing.describe().ifPresent(text -> LOG.warn("{}", text));
        encoders.clear();
        encoders.put(c.ell(), new MinNormEncoder(DecodingMatrix.fromSpec(c.thetaSpec(), c.ell(), c.workers()),
                c.ordering()));
        fixedCode = null;
        if (c.uploadRule() == ProtocolKind.UploadRule.ON_COMPLETION) {
            fixedCode = FixedCode.forOrdering(c.ordering()).orElse(null);
            if (fixedCode == null) {
                String reason = "the config asks for uploads on completion, but its assignment has no fixed code";
                LOG.error(reason);
                send(new Messages.WorkerError(Messages.WorkerError.Kind.CONFIGURATION, 0, reason));
                return;
            }
        }
        encoderVersion = 0;
        computer = new ChunkComputer(backend, worker, pacing, clock, this);
        compute.execute(() -> {
            if (chunkSet != null) {
                chunkSet.close();
                chunkSet = null;
            }
            long t0 = clock.nanoTime();
            try {
                chunkSet = new ChunkSet(backend, c, worker, datasets.get(c.dataset(), c.dataSeed()).train());
            } catch (RuntimeException | OutOfMemoryError e) {
                // the same on every worker (the data does not fit the model, too few rows, ...): the coordinator
                // ends the run with this reason instead of restarting workers that fail the same way
                String reason = "cannot prepare the session's chunks: " + describe(e);
                LOG.error(reason);
                onControl(() -> send(new Messages.WorkerError(Messages.WorkerError.Kind.CONFIGURATION, 0, reason)));
                return;
            }
            LOG.info("session {}: {} chunks {} on {} ready in {} ms", c.protocol().label(), chunkSet.order.length,
                    java.util.Arrays.toString(chunkSet.order), backend.name(), (clock.nanoTime() - t0) / 1_000_000);
            onControl(() -> {
                if (config == c) {
                    send(new Messages.Ready(c.firstRound())); // the coordinator holds the first round until then
                }
            });
        });
    }

    private void onRoundStart(Messages.RoundStart r) {
        String problem = CoordinatorMessageChecks.checkRoundStart(r, config, round);
        if (problem != null) {
            LOG.warn("ignored RoundStart: {}", problem);
            return;
        }
        String badEll = CoordinatorMessageChecks.checkRoundEll(r, config);
        if (badEll != null) {
            // a well-formed round this worker cannot encode: the coordinator hears why, and the round goes on without it
            LOG.warn("refused round {}: {}", r.round(), badEll);
            cancelRound();
            round = r.round();
            send(new Messages.WorkerError(Messages.WorkerError.Kind.ROUND, r.round(), badEll));
            return;
        }
        long sessionRound = r.round() - config.firstRound();
        if (failureArmed && pacing.failsAt(sessionRound)) {
            String profile = config.stragglers();
            crashed = true;
            stop();
            crash.crash("INJECTED FAILURE: worker " + worker + " exits at round " + sessionRound
                    + " of the session (straggler profile '" + profile + "')");
            return;
        }
        long startNanos = clock.nanoTime();
        cancelRound();
        round = r.round();
        lastEncodeVersion = -1;
        lastResumeVersion = -1;
        BlockingQueue<ChunkComputer.Signal> queue = new LinkedBlockingQueue<>();
        signals = queue;
        SessionConfig c = config;
        ChunkComputer comp = computer;
        MinNormEncoder enc = encoderFor(r);
        roundEncoder = enc;
        finishedCopies = new double[c.orders()[worker].length][];
        FixedCode code = fixedCode;
        int[] roundOrder = (r.orderVersion() == 0 ? c.orders() : r.orders())[worker];
        compute.execute(() -> {
            try {
                // on the compute thread, after the session's chunks are ready
                comp.run(new ChunkComputer.RoundTask(r.round(), sessionRound, startNanos, r.parameters(), chunkSet,
                        chunkSet.slotsFor(roundOrder), enc, c.batchRows(), c.dataSeed() ^ c.batchSeed(), code, queue));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.error("round {} failed on this worker", r.round(), e);
                String reason = "round " + r.round() + " failed: " + describe(e);
                onControl(() -> {
                    if (round == r.round()) {
                        send(new Messages.WorkerError(Messages.WorkerError.Kind.ROUND, r.round(), reason));
                    }
                });
            }
        });
    }

    /**
     * Control thread: answers an ENCODE at once, from the copies of the first s_j finished chunks, where the backend
     * makes them (host memory); the compute thread then only pauses. An upload otherwise waits for the compute thread
     * to reach the end of its row block and to be scheduled, which on a machine with more busy threads than cores is
     * most of the ENCODE -> decoded time.
     *
     * @return false when the copies are not all here (a GPU backend): the compute thread encodes
     */
    private boolean encodeHere(Messages.Encode e) {
        int s = e.state()[worker];
        if (finishedCopies == null || s > finishedCopies.length) {
            return false;
        }
        double[][] grads = java.util.Arrays.copyOf(finishedCopies, s);
        for (double[] g : grads) {
            if (g == null) {
                return false;
            }
        }
        if (s > 0) { // a worker outside the state sends nothing
            double[][] rows = roundEncoder.coefficients(worker, new StateVector(e.state())).rows();
            send(new Messages.Upload(round, e.version(), GradientEncoder.encode(grads, rows,
                    new BlockLayout(config.parameterCount(), roundEncoder.theta().ell())))); // the round's ell
        }
        return true;
    }

    /**
     * The encoder for the round's orders and ell: the same orders and Theta the coordinator's engine counts coverage
     * on and decodes with, so the coefficients combine exactly the chunks the ENCODE state names. Cached per (ell,
     * order version).
     */
    private MinNormEncoder encoderFor(Messages.RoundStart r) {
        if (r.orderVersion() != encoderVersion) {
            encoders.clear();
            encoderVersion = r.orderVersion();
        }
        return encoders.computeIfAbsent(r.roundEll(config), ell -> {
            var orders = r.orderVersion() == 0 ? config.ordering()
                    : new io.gcoding.coding.Ordering(config.ordering().assignment(), r.orders());
            return new MinNormEncoder(DecodingMatrix.fromSpec(config.thetaSpec(), ell, config.workers()), orders);
        });
    }

    private static String describe(Throwable e) {
        return e instanceof OutOfMemoryError ? "out of memory (" + e.getMessage() + "): give the worker more heap"
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    /** Control thread: tells the coordinator this worker is alive, unless the transport is backed up. */
    void heartbeat() {
        if (out != null && out.isReady() && !crashed) {
            out.onNext(WireCodec.encode(new Messages.Heartbeat()));
        }
    }

    private void cancelRound() {
        finishedCopies = null;
        if (signals != null) {
            signals.add(new ChunkComputer.Signal.Cancel());
            signals = null;
        }
        pendingRound = -1;
    }

    /**
     * Cancels any work and forgets the round, so that a chunk still in flight on the compute thread reports nothing
     * afterwards (progress and uploads are sent only for the current round); the compute thread is stopped by the
     * owner.
     */
    void stop() {
        cancelRound();
        config = null;
        round = -1;
    }

    /** Compute thread: hand over to the control thread. */
    @Override
    public void progress(long forRound, int chunksDone) {
        onControl(() -> {
            if (forRound == round) {
                boolean flushDue = pendingRound >= 0; // a flush is queued, or waits for the transport to be ready
                pendingRound = forRound;
                pendingCount = chunksDone;
                if (!flushDue) {
                    // behind the tasks already queued: reports of chunks that finished together go out as one
                    // (the count is cumulative, so the latest says everything the earlier ones would)
                    onControl(this::flush);
                }
            }
        });
    }

    @Override
    public void chunkGradient(long forRound, int position, double[] gradient) {
        onControl(() -> {
            if (forRound == round && finishedCopies != null) {
                finishedCopies[position] = gradient;
            }
        });
    }

    @Override
    public void upload(long forRound, int version, double[] vector) {
        onControl(() -> {
            if (forRound == round) {
                send(new Messages.Upload(forRound, version, vector));
            }
        });
    }

    /** Hands a task to the control thread; once the worker is closing, a late result of the compute thread is dropped. */
    private void onControl(Runnable task) {
        try {
            control.execute(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            LOG.debug("worker closing: dropped a late result of the compute thread");
        }
    }

    /** Control thread: sends a message now (Hello, uploads: never skipped under flow control). */
    void send(Messages.FromWorker message) {
        if (out != null) {
            out.onNext(WireCodec.encode(message));
        }
    }

    /** Control thread: sends the latest progress if the transport can take it now. */
    void flush() {
        if (pendingRound >= 0 && out != null && out.isReady()) {
            out.onNext(WireCodec.encode(new Messages.Progress(pendingRound, pendingCount)));
            pendingRound = -1;
        }
    }

    /** Compute thread: frees the device state. */
    void release() {
        if (chunkSet != null) {
            chunkSet.close();
            chunkSet = null;
        }
    }
}
