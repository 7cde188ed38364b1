package io.gcoding.coordinator;

import io.gcoding.coding.ConfigurationException;
import io.gcoding.data.Dataset;
import io.gcoding.data.TrainTest;
import io.gcoding.model.ModelSpec;

/**
 * What can be known about the model and the data before any worker starts: labels the model can learn, enough rows
 * for the chunks. Each problem is one line naming it and the fix (exit 2), instead of an error that every worker
 * hits later.
 */
final class DataChecks {
    private DataChecks() {
    }

    static void check(TrainingSpec spec, TrainTest data, ModelSpec model) {
        Dataset train = data.train();
        if (train.rows() < spec.workers()) {
            throw new ConfigurationException("the training data has " + train.rows() + " rows for "
                    + spec.workers() + " chunks (one per worker): give it at least " + spec.workers()
                    + " rows or use fewer workers");
        }
        labels(train, model, spec.dataset());
        labels(data.test(), model, spec.dataset());
    }

    private static void labels(Dataset d, ModelSpec model, String dataset) {
        double[] y = d.y();
        for (int r = 0; r < y.length; r++) {
            double label = y[r];
            String problem = switch (model.type()) {
                case LINEAR -> null;
                case LOGISTIC -> label == 0 || label == 1 ? null : "logistic regression needs labels 0 or 1";
                case SOFTMAX, MLP -> label == Math.rint(label) && label >= 0 && label < model.classes() ? null
                        : model.type().label() + " needs class indices 0.." + (model.classes() - 1);
            };
            if (problem != null) {
                throw new ConfigurationException(d.name() + " (" + dataset + "): row " + r + " has label " + label
                        + ", but " + problem + " (choose a --model that fits the labels" + hint(model, label) + ")");
            }
        }
    }

    private static String hint(ModelSpec model, double label) {
        if (label == -1) {
            return ", or map LIBSVM's -1/+1 labels to 0/1";
        }
        if (model.type() == io.gcoding.model.ModelType.LOGISTIC) {
            return ": softmax for several classes";
        }
        return "";
    }
}
