package io.gcoding.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code gcoding} command: one entry point, one subcommand per job. */
@Command(name = "gcoding",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Straggler-tolerant distributed training with gradient coding that uses partial stragglers.",
        subcommands = {
            OrderCommand.class,
            SimulateCommand.class,
            DemoCommand.class,
            TrainCommand.class,
            CoordinatorCommand.class,
            WorkerCommand.class,
            ConfigCommand.class,
            CommandLine.HelpCommand.class
        })
public final class GcodingCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    public static void main(String[] args) {
        System.exit(newCommandLine().execute(args));
    }

    /** The configured command line (also used by tests, which call execute() without exiting the JVM). */
    public static CommandLine newCommandLine() {
        CommandLine cmd = new CommandLine(new GcodingCommand());
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setDefaultValueProvider(ConfigOption.DEFAULTS); // --config FILE (after the subcommands: it propagates)
        UserErrorHandler errors = new UserErrorHandler();
        cmd.setExecutionExceptionHandler(errors);
        cmd.setParameterExceptionHandler(errors);
        return cmd;
    }
}
