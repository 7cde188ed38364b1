package io.gcoding.cli;

import java.nio.file.Path;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code --config FILE} (a picocli mixin named {@value #NAME}). Picocli applies default values after it has matched
 * the command line, so the file is read when its option is matched and its values then fill exactly the options the
 * command line left unset, through {@link #DEFAULTS}: the command line overrides the file, the file overrides the
 * command's own defaults.
 */
final class ConfigOption {
    static final String NAME = "config";

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    private Map<String, String> values = Map.of();

    @Option(names = "--config", paramLabel = "FILE", description = "Read options from this YAML file (sections"
            + " cluster, coding, training, output, worker; keys are the option names without --; one file can serve the"
            + " coordinator and the workers, each reading its own keys). Options given on the command line override the"
            + " file. 'gcoding config --example' prints a documented example.")
    void setConfig(Path file) {
        if (file == null) {
            values = Map.of();
            return;
        }
        ConfigFile.Values read;
        try {
            read = ConfigFile.read(file, command);
        } catch (ConfigFile.ConfigFileException e) {
            throw new ParameterException(command.commandLine(), e.getMessage());
        }
        values = read.options();
        if (!read.skipped().isEmpty()) {
            int n = read.skipped().size();
            command.commandLine().getErr().println("note: " + file + ": " + (n == 1 ? "1 key is" : n + " keys are")
                    + " for other commands and not read by '" + command.qualifiedName() + "': "
                    + String.join(", ", read.skipped()));
            command.commandLine().getErr().flush();
        }
    }

    /** The root command line's default provider: an option's value from its command's config file, if any. */
    static final CommandLine.IDefaultValueProvider DEFAULTS = (ArgSpec arg) -> {
        if (!arg.isOption() || arg.command() == null) {
            return null;
        }
        CommandSpec mixin = arg.command().mixins().get(NAME);
        if (mixin == null || !(mixin.userObject() instanceof ConfigOption config)) {
            return null;
        }
        return config.values.get(((CommandLine.Model.OptionSpec) arg).longestName());
    };
}
