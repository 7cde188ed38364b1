package io.gcoding.cli;

import io.gcoding.coordinator.LocalCluster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

/**
 * Where the shared auth token comes from, in order: {@code --token-file FILE}, the {@code --token} flag (which
 * {@code ps} shows, as its help says), the {@code GCODING_TOKEN} environment variable. The token itself is never
 * printed or logged.
 */
final class TokenSource {
    /** The --token option's help. */
    static final String FLAG_HELP = "Auth token on the command line: VISIBLE to every user in 'ps' and shell history;"
            + " prefer --token-file or the " + LocalCluster.TOKEN_ENV + " environment variable.";
    static final String FILE_HELP = "Read the auth token from this file (first line; keep it mode 600). Default: the "
            + LocalCluster.TOKEN_ENV + " environment variable.";

    private TokenSource() {
    }

    /** @return the token, or null when none is given */
    static String resolve(Path file, String flag, Map<String, String> env) {
        if (file != null) {
            String text;
            try {
                text = Files.readString(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new IllegalArgumentException("--token-file " + file + ": cannot read it (" + e.getMessage()
                        + "); give a readable file holding the token");
            }
            String token = text.lines().findFirst().orElse("").trim();
            if (token.isEmpty()) {
                throw new IllegalArgumentException("--token-file " + file + " is empty: write the token on its first"
                        + " line");
            }
            return token;
        }
        if (flag != null && !flag.isEmpty()) {
            return flag;
        }
        String fromEnv = env.get(LocalCluster.TOKEN_ENV);
        return fromEnv == null || fromEnv.isEmpty() ? null : fromEnv;
    }

    /** Writes a fresh token to a new owner-only file, whose path (not the token) the caller prints. */
    static Path writeFresh() throws IOException {
        Path file = Files.createTempFile("gcoding-token-", "",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(file, TrainingLauncher.newToken() + "\n", StandardCharsets.UTF_8);
        return file;
    }
}
