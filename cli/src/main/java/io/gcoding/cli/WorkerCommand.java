package io.gcoding.cli;

import io.gcoding.coordinator.LocalCluster;
import io.gcoding.kernels.BackendOptions;
import io.gcoding.kernels.Backends;
import io.gcoding.worker.CrashAction;
import io.gcoding.worker.ReconnectPolicy;
import io.gcoding.worker.WorkerChannels;
import io.gcoding.worker.WorkerClient;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gcoding worker}: one worker process. */
@Command(name = "worker", mixinStandardHelpOptions = true,
        description = "Runs one worker: connects to the coordinator, receives its Config, rebuilds its data chunks,"
                + " computes per-chunk gradients on the selected backend (GCODING_BACKEND=cpu|cuda to force one),"
                + " reports progress, encodes on ENCODE and uploads, until the coordinator says Shutdown.")
final class WorkerCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin(name = ConfigOption.NAME)
    ConfigOption config;

    @Option(names = "--coordinator", required = true, description = "The coordinator's HOST:PORT.")
    String coordinator;

    @Option(names = "--id", description = "This worker's id j (0-based). Default: the rank its launcher gives it, the"
            + " first set of OMPI_COMM_WORLD_RANK (mpirun), JOB_COMPLETION_INDEX (Kubernetes Indexed Job),"
            + " SLURM_PROCID (srun).")
    Integer idOption;

    @Option(names = "--token-file", description = TokenSource.FILE_HELP)
    Path tokenFile;

    @Option(names = "--token", description = TokenSource.FLAG_HELP)
    String token;

    @Option(names = "--tls-ca", description = "Connect with TLS; the coordinator's certificate must be signed by this"
            + " CA (PEM) and name the host of --coordinator.")
    Path tlsCa;

    @Option(names = "--tls-cert", description = "Mutual TLS: this worker's certificate (PEM). With --tls-key and"
            + " --tls-ca.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "Mutual TLS: its private key (PEM, PKCS#8).")
    Path tlsKey;

    @Option(names = "--data-dir", description = "Directory with the Fashion-MNIST IDX files.")
    Path dataDir;

    @Option(names = "--workers-on-machine", defaultValue = "1", description = "Worker processes sharing this"
            + " machine; above 1 the CPU backend uses one BLAS thread. Default: ${DEFAULT-VALUE}")
    int workersOnMachine;

    @Option(names = "--replacement", description = "This process replaces a failed worker (it does not repeat the"
            + " injected failure in the session it joins).")
    boolean replacement;

    @Option(names = "--max-message-mb", defaultValue = "512", description = "Largest message accepted from the"
            + " coordinator, in MiB (a model of d doubles takes 8d bytes). Default: ${DEFAULT-VALUE}")
    int maxMessageMb;

    @Option(names = "--reconnect-timeout", defaultValue = "60", description = "Seconds to keep reconnecting (backoff"
            + " 0.25 s doubling to 2 s, a log line per attempt) when the stream to the coordinator fails, e.g. while a"
            + " coordinator restarts with --resume; 0: exit at once. Default: ${DEFAULT-VALUE}")
    double reconnectTimeout;

    @Option(names = "--compute-nice", defaultValue = "0", description = "Run the compute thread at this Linux nice"
            + " value (1-19; 0: unchanged), so that where workers share a machine's cores their control threads, which"
            + " answer the coordinator, are not queued behind the compute threads. The local cluster of train/demo"
            + " uses 10. Default: ${DEFAULT-VALUE}.")
    int computeNice;

    @Option(names = "--exit-with-parent", hidden = true, description = "Exit when the parent process (the local"
            + " cluster's coordinator) exits, however it exits.")
    boolean exitWithParent;

    @Override
    public Integer call() throws Exception {
        String secret = TokenSource.resolve(tokenFile, token, System.getenv());
        if (secret == null) {
            throw new IllegalArgumentException("no auth token: set " + LocalCluster.TOKEN_ENV + " or pass --token-file"
                    + " FILE");
        }
        if (tlsCa == null && (tlsCert != null || tlsKey != null)) {
            throw new IllegalArgumentException("--tls-cert/--tls-key need --tls-ca (the CA of the coordinator's"
                    + " certificate)");
        }
        WorkerChannels.Tls tls = tlsCa == null ? null : new WorkerChannels.Tls(tlsCa, tlsCert, tlsKey);
        if (maxMessageMb < 1 || maxMessageMb > 2047) {
            throw new IllegalArgumentException("--max-message-mb must be in 1..2047 (MiB), got " + maxMessageMb);
        }
        WorkerId workerId = WorkerId.resolve(idOption, System.getenv());
        int id = workerId.id();
        if (!(reconnectTimeout >= 0) || Double.isInfinite(reconnectTimeout)) {
            throw new IllegalArgumentException("--reconnect-timeout must be >= 0 seconds, got " + reconnectTimeout);
        }
        if (computeNice < 0 || computeNice > 19) {
            throw new IllegalArgumentException("--compute-nice must be in 0..19, got " + computeNice);
        }
        InetSocketAddress address = HostPort.parse(coordinator, "--coordinator");
        if (!workerId.fromOption()) {
            spec.commandLine().getErr().println("worker id " + id + " (from " + workerId.source() + ")");
        }
        WorkerChannels.Connection connection = WorkerChannels.connect(address.getHostString(), address.getPort(), tls,
                maxMessageMb << 20);
        try (WorkerClient client = WorkerClient.builder(id, secret, connection.channel(),
                () -> Backends.select(BackendOptions.sharedBy(workersOnMachine))).control(connection.control())
                .replacement(replacement).dataDir(dataDir).onInjectedFailure(CrashAction.haltProcess())
                .reconnect(ReconnectPolicy.forSeconds(reconnectTimeout)).computeNiceness(computeNice).build()) {
            CompletableFuture<String> outcome = new CompletableFuture<>();
            if (exitWithParent) {
                // a coordinator killed with SIGKILL runs no shutdown hook: without this its workers would wait out
                // the reconnect timeout for a coordinator that cannot come back (the next one has another port).
                // Watched before connecting, so the parent is the one that started this process.
                ProcessHandle.current().parent().ifPresent(parent -> parent.onExit().thenRun(() ->
                        outcome.completeExceptionally(new IllegalStateException("the coordinator process (pid "
                                + parent.pid() + ") exited"))));
            }
            client.start().whenComplete((reason, error) -> {
                if (error != null) {
                    outcome.completeExceptionally(error);
                } else {
                    outcome.complete(reason);
                }
            });
            String reason = outcome.get();
            spec.commandLine().getOut().println("worker " + id + " finished: " + reason);
            return 0;
        } catch (ExecutionException e) {
            spec.commandLine().getErr().println("worker " + id + ": " + e.getCause().getMessage());
            return 1;
        }
    }
}
