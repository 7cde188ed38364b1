package io.gcoding.coordinator;

/** The model turned non-finite after an optimizer step: the run stops (no worker is blamed for it). */
public final class ModelDivergedException extends RunFailedException {
    private static final long serialVersionUID = 1L;

    public ModelDivergedException(String message) {
        super(message);
    }
}
