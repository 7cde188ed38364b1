package io.gcoding.coding;

/** A coding configuration that cannot work (e.g. a chunk with fewer than ell holders in exact mode). */
public class ConfigurationException extends IllegalArgumentException {
    public ConfigurationException(String message) {
        super(message);
    }
}
