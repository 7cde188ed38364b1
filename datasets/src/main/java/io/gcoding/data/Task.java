package io.gcoding.data;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.model.ModelSpec;
import io.gcoding.model.ModelType;
import java.util.Locale;

/** What the labels mean, and so which model fits them by default. */
public enum Task {
    /** Real-valued labels; least squares. */
    REGRESSION(ModelType.LINEAR, "linear"),
    /** Labels 0/1; logistic regression. */
    BINARY(ModelType.LOGISTIC, "logistic"),
    /** Class indices 0..K-1; softmax regression (or an MLP). */
    MULTICLASS(ModelType.SOFTMAX, "softmax");

    private final ModelType modelType;
    private final String optionName;

    Task(ModelType modelType, String optionName) {
        this.modelType = modelType;
        this.optionName = optionName;
    }

    public ModelType modelType() {
        return modelType;
    }

    /** The spelling used in dataset specs ({@code task=linear|logistic|softmax}). */
    public String optionName() {
        return optionName;
    }

    /** The default model for data of this task: linear, logistic or softmax, sized to the data. */
    public ModelSpec suggestedModel(Dataset train) {
        return switch (this) {
            case REGRESSION -> ModelSpec.linear(train.features());
            case BINARY -> ModelSpec.logistic(train.features());
            case MULTICLASS -> ModelSpec.softmax(train.features(), train.classes());
        };
    }

    /** Accepts {@code linear|regression}, {@code logistic|binary}, {@code softmax|multiclass}. */
    public static Task parse(String text) {
        String t = text == null ? "" : text.trim().toLowerCase(Locale.ROOT);
        return switch (t) {
            case "linear", "regression" -> REGRESSION;
            case "logistic", "binary" -> BINARY;
            case "softmax", "multiclass" -> MULTICLASS;
            default -> throw new ConfigurationException("unknown task '" + text
                    + "' (use linear, logistic or softmax)");
        };
    }

    /**
     * The task that loaded data represents: classes >= 2 is multi-class; one output with every label 0 or 1 is
     * binary; anything else is regression.
     */
    public static Task infer(Dataset data) {
        if (data.classes() >= 2) {
            return MULTICLASS;
        }
        for (double label : data.y()) {
            if (label != 0.0 && label != 1.0) {
                return REGRESSION;
            }
        }
        return BINARY;
    }
}
