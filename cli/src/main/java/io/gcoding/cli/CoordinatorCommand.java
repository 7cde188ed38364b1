package io.gcoding.cli;

import io.gcoding.coordinator.LocalCluster;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.TrainTest;
import java.io.PrintWriter;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

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

    @Option(names = "--listen", required = true, description = "HOST:PORT to listen on (port 0: any free port).")
    String listen;

    @Option(names = "--token", description = "Auth token workers must present (default: the "
            + LocalCluster.TOKEN_ENV + " environment variable; a fresh one is printed when neither is set).")
    String token;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics on this port.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        TrainingSpec training = options.toSpec(Map.of());
        InetSocketAddress address = HostPort.parse(listen, "--listen");
        String secret = token != null ? token : System.getenv(LocalCluster.TOKEN_ENV);
        if (secret == null || secret.isEmpty()) {
            secret = TrainingLauncher.newToken();
            out.println("auth token (give it to every worker as " + LocalCluster.TOKEN_ENV + "): " + secret);
        }
        TrainingLauncher launcher = new TrainingLauncher(training, options.dataDir, out, options.checkpoints());
        TrainTest data = launcher.loadData();
        TrainingReport report = launcher.runExternal(data, options.liveView(),
                new InetSocketAddress(address.getHostString(), address.getPort()), secret, metricsPort);
        TrainCommand.writeResults(out, options, report);
        return 0;
    }
}
