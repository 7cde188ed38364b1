package io.gcoding.cli;

import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code gcoding demo}: the README's main command. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "The main demo (about three minutes on two cores): softmax regression on Fashion-MNIST (synthetic"
                + " data, with a note, if the dataset is absent), 8 worker processes, two injected partial stragglers"
                + " and one injected failure, and the partial, original and uncoded protocols run one after another"
                + " and compared. Takes every option of 'train' to change these defaults.")
final class DemoCommand implements Callable<Integer> {

    /** Chosen so the demo finishes in about three minutes on two cores; see docs/RUNTIME.md. */
    static final Map<String, Object> DEFAULTS = Map.of(
            "workers", 8,
            "replication", 2,
            "protocol", "partial,original,uncoded",
            "model", "softmax",
            "dataset", "fashion-mnist",
            "rounds", 40,
            "optimizer", "adam:lr=0.01",
            "stragglers", "slow=2:10,5:10;fail=7@5",
            "eval-every", 10);

    @Spec
    CommandSpec spec;

    @Mixin
    TrainingOptions options;

    @Mixin(name = ConfigOption.NAME)
    ConfigOption config;

    @Override
    public Integer call() throws Exception {
        return TrainCommand.run(spec.commandLine().getOut(), options, options.toSpec(DEFAULTS), null, true);
    }
}
