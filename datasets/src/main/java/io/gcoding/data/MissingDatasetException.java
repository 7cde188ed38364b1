package io.gcoding.data;

import java.io.IOException;

/** A dataset whose files are not where they were looked for; the message says how to get them. */
public class MissingDatasetException extends IOException {
    public MissingDatasetException(String message) {
        super(message);
    }
}
