package io.gcoding.cli;

import io.gcoding.coding.engine.ProtocolKind;
import io.gcoding.coordinator.OffLoopListener;
import io.gcoding.coordinator.TrainingSpec;
import io.gcoding.data.TrainTest;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gcoding train}: the coordinator in this JVM and m worker JVMs on loopback; trains with each protocol. */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains with gradient coding on a local cluster: the coordinator in this process and m worker"
                + " processes on loopback (random free port, fresh auth token). Several protocols run one after"
                + " another on the same workers, data, initial model and stragglers, and are compared in the summary.")
final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Mixin(name = ConfigOption.NAME)
    ConfigOption config;

    @Option(names = "--metrics-port", description = "Serve Prometheus metrics on this port while training.")
    Integer metricsPort;

    @Override
    public Integer call() throws Exception {
        return run(spec.commandLine().getOut(), options, options.toSpec(Map.of()), metricsPort, false);
    }

    /** Shared with {@code demo}. */
    static int run(PrintWriter out, TrainingOptions options, TrainingSpec training, Integer metricsPort,
            boolean allowSyntheticFallback) throws Exception {
        WorkerHeap heap = WorkerHeap.parse(options.workerHeap); // checked before anything loads or starts
        TrainingLauncher launcher = new TrainingLauncher(training, options.dataDir, out, options.checkpoints());
        TrainTest data;
        try {
            data = launcher.loadData();
        } catch (io.gcoding.data.MissingDatasetException e) {
            if (!allowSyntheticFallback) {
                throw e;
            }
            String fallback = "synthetic:rows=12000,test=2000,features=100,classes=10,task=softmax";
            out.println("NOTE: " + e.getMessage());
            out.println("NOTE: the demo continues on synthetic data instead (" + fallback + ")");
            training = withDataset(training, fallback);
            launcher = new TrainingLauncher(training, options.dataDir, out, options.checkpoints());
            data = launcher.loadData();
        }
        out.printf("data: %s (%d train rows, %d test rows, %d features); model %s; protocols %s; %d rounds each%n",
                training.dataset(), data.train().rows(), data.test().rows(), data.train().features(), training.model(),
                "[" + ProtocolKind.labels(training.protocols()) + "]", training.rounds());
        if (!training.stragglers().isEmpty()) {
            out.println(training.stragglerDescription());
        }
        out.flush();
        TrainingReport report;
        try (OffLoopListener view = options.liveView()) {
            report = launcher.runLocal(data, view, metricsPort, heap.forData(data));
        }
        out.println();
        writeResults(out, options, report);
        return 0;
    }

    /** The summary table, and the JSON and HTML report where asked for; shared with {@code coordinator}. */
    static void writeResults(PrintWriter out, TrainingOptions options, TrainingReport report)
            throws java.io.IOException {
        out.print(report.table());
        if (options.json != null) {
            Json.write(options.json, report.json());
            out.println("wrote " + options.json);
        }
        if (options.report != null) {
            java.util.List<java.nio.file.Path> files = HtmlReport.write(options.report, report);
            out.println("wrote the report " + files.get(0) + " (" + files.size() + " files)");
        }
        out.flush();
    }

    static TrainingSpec withDataset(TrainingSpec s, String dataset) {
        return s.toBuilder().dataset(dataset).build();
    }
}
