package dev.descent.nn;

/**
 * A model's scores on a whole dataset ({@link ModelObjective#evaluate}).
 *
 * @param count    n, the rows evaluated
 * @param loss     the mean data loss over the n rows (for MSE, the mean squared error)
 * @param penalty  the regularizer's R(θ), not included in {@code loss}
 * @param accuracy the fraction of rows whose predicted class is their label, in [0, 1]; NaN for
 *                 regression
 * @param rmse     √MSE for regression, in the targets' units; NaN for classification
 */
public record Evaluation(int count, double loss, double penalty, double accuracy, double rmse) {

    /** The objective the optimizer minimizes: loss + penalty. */
    public double objective() {
        return loss + penalty;
    }

    /** True for a classification loss (accuracy is defined). */
    public boolean isClassification() {
        return !Double.isNaN(accuracy);
    }

    /** For example {@code loss 0.0812, accuracy 97.75% (n = 400)} or {@code loss 0.25 (RMSE 0.5) (n = 100)}. */
    @Override
    public String toString() {
        String s = String.format("loss %.6g", loss);
        if (penalty != 0) {
            s += String.format(" + penalty %.6g", penalty);
        }
        s += isClassification() ? String.format(", accuracy %.2f%%", 100 * accuracy) : String.format(" (RMSE %.6g)", rmse);
        return s + " (n = " + count + ")";
    }
}
