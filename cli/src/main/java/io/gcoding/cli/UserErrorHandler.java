package io.gcoding.cli;

import java.io.UncheckedIOException;
import picocli.CommandLine;

/**
 * Turns configuration mistakes into one clear line on stderr and exit code 2, instead of a stack trace; real bugs
 * still print their trace.
 */
final class UserErrorHandler implements CommandLine.IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, CommandLine.ParseResult parseResult) {
        if (ex instanceof IllegalArgumentException || ex instanceof UncheckedIOException
                || ex instanceof java.io.IOException) {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
            return 2;
        }
        cmd.getErr().println(cmd.getColorScheme().errorText("internal error: " + ex));
        ex.printStackTrace(cmd.getErr());
        return 1;
    }
}
