package io.gcoding.cli;

import io.gcoding.coordinator.OffLoopListener;
import io.gcoding.coordinator.ServerTls;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.TrainTest;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gcoding coordinator}: the parameter server alone, for workers on other machines. */
@Command(name = "coordinator", mixinStandardHelpOptions = true,
        description = "Runs the coordinator (parameter server) alone and waits for m workers started elsewhere with"
                + " 'gcoding worker --coordinator HOST:PORT --id J' and the same token; then trains like 'train'.")
final class CoordinatorCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Mixin(name = ConfigOption.NAME)
    ConfigOption config;

    @Option(names = "--listen", defaultValue = "127.0.0.1:0", description = "HOST:PORT to listen on (port 0: any"
            + " free port, printed). Give the address of a network interface (or 0.0.0.0) for workers on other"
            + " machines. Default: ${DEFAULT-VALUE}")
    String listen;

    @Option(names = "--token-file", description = TokenSource.FILE_HELP + " When neither is set, a fresh token is"
            + " written to a new mode-600 file whose path is printed.")
    Path tokenFile;

    @Option(names = "--token", description = TokenSource.FLAG_HELP)
    String token;

    @Option(names = "--tls-cert", description = "TLS: this coordinator's certificate chain (PEM). With --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", description = "TLS: its private key (PEM, PKCS#8). With --tls-cert.")
    Path tlsKey;

    @Option(names = "--tls-client-ca", description = "Mutual TLS: workers must present a certificate signed by this"
            + " CA (PEM); others are refused in the handshake.")
    Path tlsClientCa;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics (unauthenticated) on this port.")
    Integer metricsPort;

    @Option(names = "--metrics-host", defaultValue = "127.0.0.1", description = "The address the metrics endpoint"
            + " binds (and prints). Default: ${DEFAULT-VALUE}")
    String metricsHost;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingSpec training = options.toSpec(Map.of());
        InetSocketAddress address = HostPort.parse(listen, "--listen");
        ServerTls tls = tls();
        String secret = TokenSource.resolve(tokenFile, token, System.getenv());
        if (secret == null) {
            Path fresh = TokenSource.writeFresh();
            secret = TokenSource.resolve(fresh, null, Map.of());
            out.println("auth token written to " + fresh + " (mode 600): give it to every worker with --token-file"
                    + " FILE or the GCODING_TOKEN environment variable");
        }
        TrainingLauncher launcher = new TrainingLauncher(training, options.dataDir, out, options.checkpoints());
        TrainTest data = launcher.loadData();
        TrainingReport report;
        try (OffLoopListener view = options.liveView()) {
            report = launcher.runExternal(data, view,
                    new InetSocketAddress(address.getHostString(), address.getPort()), secret, tls,
                    metricsPort == null ? null : InetSocketAddress.createUnresolved(metricsHost, metricsPort));
        }
        TrainCommand.writeResults(out, options, report);
        return 0;
    }

    private ServerTls tls() {
        if (tlsCert == null && tlsKey == null) {
            if (tlsClientCa != null) {
                throw new IllegalArgumentException("--tls-client-ca needs --tls-cert and --tls-key (the coordinator's"
                        + " own certificate)");
            }
            return null;
        }
        if (tlsCert == null || tlsKey == null) {
            throw new IllegalArgumentException("--tls-cert and --tls-key go together: give both");
        }
        ServerTls tls = new ServerTls(tlsCert, tlsKey, tlsClientCa);
        tls.context(); // a bad file fails here, before any data is loaded
        return tls;
    }
}
