package io.gcoding.data;

import java.io.IOException;
import java.nio.file.Path;

/** A data file that exists but cannot be what it claims to be; the message names the file and where. */
public class DatasetFormatException extends IOException {
    public DatasetFormatException(Path file, String where, String problem) {
        super(file + (where == null || where.isEmpty() ? "" : ", " + where) + ": " + problem);
    }
}
