package io.gcoding.coordinator;

import io.gcoding.coding.ConfigurationException;

/**
 * A worker reported that the session cannot work (the same on every worker: data that does not fit the model, too
 * few rows for the chunks, ...). A configuration error: the command prints it on one line and exits with 2.
 */
public final class WorkerConfigurationException extends ConfigurationException {
    private static final long serialVersionUID = 1L;

    public WorkerConfigurationException(String message) {
        super(message);
    }
}
