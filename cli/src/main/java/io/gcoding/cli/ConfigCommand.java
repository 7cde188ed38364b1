package io.gcoding.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code gcoding config}: about the YAML files that {@code --config} reads. */
@Command(name = "config", mixinStandardHelpOptions = true,
        description = "About config files for 'train', 'demo', 'coordinator' and 'worker --config FILE': --example"
                + " prints a documented example for a cluster run, read by the coordinator and the workers alike (it"
                + " validates as it is).")
final class ConfigCommand implements Callable<Integer> {
    static final String EXAMPLE = "/example-config.yaml";

    @Spec
    CommandSpec spec;

    @Option(names = "--example", description = "Print a documented example config file.")
    boolean example;

    @Override
    public Integer call() throws IOException {
        if (!example) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return 0;
        }
        spec.commandLine().getOut().print(example());
        spec.commandLine().getOut().flush();
        return 0;
    }

    static String example() throws IOException {
        try (InputStream in = ConfigCommand.class.getResourceAsStream(EXAMPLE)) {
            if (in == null) {
                throw new IllegalStateException(EXAMPLE + " is missing from the jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
