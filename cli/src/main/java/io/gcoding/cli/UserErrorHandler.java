package io.gcoding.cli;

import io.gcoding.coordinator.RunFailedException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;

/**
 * Turns configuration mistakes into one clear line on stderr and exit code 2, and a run that failed for a stated
 * reason (a round that timed out, a diverged model) into one line and exit code 1, instead of a stack trace; real
 * bugs still print their trace. Also the parser's handler: a bad option is one line naming it and pointing to
 * {@code --help}, not the whole usage.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler,
        CommandLine.IParameterExceptionHandler {

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        Throwable cause = unwrap(ex);
        if (cause instanceof IllegalArgumentException || cause instanceof UncheckedIOException
                || cause instanceof java.io.IOException) {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + cause.getMessage()));
            return 2;
        }
        if (cause instanceof RunFailedException) {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + cause.getMessage()));
            return 1;
        }
        cmd.getErr().println(cmd.getColorScheme().errorText("internal error: " + cause));
        cause.printStackTrace(cmd.getErr());
        return 1;
    }

    @Override
    public int handleParseException(CommandLine.ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()) + " (see '"
                + cmd.getCommandSpec().qualifiedName() + " --help')");
        return 2;
    }

    /** The failure behind the wrappers of futures and executors. */
    private static Throwable unwrap(Throwable t) {
        Throwable c = t;
        while ((c instanceof ExecutionException || c instanceof CompletionException) && c.getCause() != null) {
            c = c.getCause();
        }
        return c;
    }
}
