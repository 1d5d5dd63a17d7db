package dev.descent.train;

/**
 * What one epoch of a {@link Trainer} run gave: one row of its {@link History}.
 *
 * <p>Training numbers are running means over the epoch's minibatches, each with θ as it was at that
 * batch and dropout on (Keras's convention): the loss is Σ mᵦ·Lᵦ / Σ mᵦ over the batches that were
 * not skipped, Lᵦ the mean data loss of batch b (without the regularizer's penalty) and mᵦ its rows.
 * Validation numbers come from one pass over the validation set at the end of the epoch, in
 * evaluation mode.
 *
 * @param epoch              the 0-based epoch index
 * @param globalStep         minibatches processed since the run began, at the end of this epoch
 * @param trainLoss          the running mean data loss (NaN if every batch was skipped)
 * @param trainAccuracy      the running accuracy in [0, 1]; NaN for regression
 * @param validationLoss     the validation data loss; NaN without a validation set
 * @param validationAccuracy the validation accuracy; NaN without a validation set or for regression
 * @param learningRate       the learning rate the next step will use (NaN when the optimizer has none
 *                           or several, e.g. a partition)
 * @param elapsedNanos       wall time since the run began, summed over resumed sessions
 * @param skippedBatches     minibatches of this epoch skipped for a non-finite loss or gradient
 */
public record EpochSummary(int epoch, long globalStep, double trainLoss, double trainAccuracy, double validationLoss,
        double validationAccuracy, double learningRate, long elapsedNanos, long skippedBatches) {

    /** The number of values {@link #toArray()} writes. */
    static final int WIDTH = 9;

    public EpochSummary {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch = " + epoch + " is negative");
        }
        if (globalStep < 0 || elapsedNanos < 0 || skippedBatches < 0) {
            throw new IllegalArgumentException("globalStep = " + globalStep + ", elapsedNanos = " + elapsedNanos
                    + " and skippedBatches = " + skippedBatches + " must be >= 0");
        }
    }

    /** True when the run had a validation set. */
    public boolean hasValidation() {
        return !Double.isNaN(validationLoss);
    }

    /** The elapsed time in seconds. */
    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** The fields in declaration order, as doubles (for checkpoints; every long here is far below 2⁵³). */
    double[] toArray() {
        return new double[] {epoch, globalStep, trainLoss, trainAccuracy, validationLoss, validationAccuracy,
            learningRate, elapsedNanos, skippedBatches};
    }

    /** The inverse of {@link #toArray()}, reading {@value #WIDTH} values from {@code a} at {@code offset}. */
    static EpochSummary fromArray(double[] a, int offset) {
        return new EpochSummary((int) a[offset], (long) a[offset + 1], a[offset + 2], a[offset + 3], a[offset + 4],
                a[offset + 5], a[offset + 6], (long) a[offset + 7], (long) a[offset + 8]);
    }
}
