package io.gcoding.protocol;

import java.nio.file.Files;
import java.nio.file.Path;

/** The checks and error lines about TLS files that the coordinator's and the worker's options share. */
public final class TlsFiles {
    private TlsFiles() {
    }

    /** @throws IllegalArgumentException naming the option and the file, when it cannot be read */
    public static void requireReadable(Path file, String option, String what) {
        if (file == null || !Files.isReadable(file) || Files.isDirectory(file)) {
            throw new IllegalArgumentException(option + " " + file + ": cannot read " + what
                    + "; give a readable file");
        }
    }

    /** The one-line error for certificate or key files that TLS cannot use. */
    public static IllegalArgumentException unusable(String files, Exception cause) {
        return new IllegalArgumentException("cannot use the TLS files " + files + ": " + cause.getMessage()
                + " (expected PEM certificates and a PEM PKCS#8 key; convert a key with 'openssl pkcs8 -topk8"
                + " -nocrypt')");
    }
}
