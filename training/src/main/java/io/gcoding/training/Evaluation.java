package io.gcoding.training;

/**
 * How well parameters fit a dataset.
 *
 * @param meanLoss the model's loss averaged over rows (the training objective divided by rows)
 * @param accuracy fraction of rows classified correctly; NaN for a linear (regression) model
 * @param rows     rows evaluated
 */
public record Evaluation(double meanLoss, double accuracy, int rows) {
    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "loss %.6f, accuracy %s over %d rows", meanLoss,
                Double.isNaN(accuracy) ? "n/a" : String.format(java.util.Locale.ROOT, "%.4f", accuracy), rows);
    }
}
