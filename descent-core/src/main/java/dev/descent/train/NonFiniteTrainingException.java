package dev.descent.train;

/**
 * A training step met a NaN or ±∞ under {@link dev.descent.optim.transform.NonFinitePolicy#REFUSE}.
 * The message names the step, the epoch and batch, what was not finite and where, for example
 *
 * <pre>
 * non-finite gradient at step 7 (epoch 1, batch 3 of 10): W1[12] (flat index 12) = NaN (J = NaN);
 * the parameters are those after step 6
 * </pre>
 *
 * Nothing was updated by the failing step: the run's parameters and optimizer state are those of
 * the step before (an update that made θ or the state non-finite was undone). For the state the
 * message names the buffer's key and index, e.g.
 *
 * <pre>
 * the update at step 1 (epoch 1, batch 1 of 2) made the optimizer state non-finite: state 'adam.v'[0] =
 * Infinity (J = 0.69); the update was undone; the parameters are those after step 0
 * </pre>
 */
public final class NonFiniteTrainingException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What was not finite. */
    public enum Quantity {
        /** The batch objective J. */
        LOSS,
        /** An element of the gradient. */
        GRADIENT,
        /** An element of θ after the update (the update was undone). */
        PARAMETERS,
        /** An entry of the optimizer's state after the update, e.g. Adam's r overflowing to +∞ (the update was undone). */
        STATE
    }

    private final long step;
    private final long epoch;
    private final long batch;
    private final Quantity quantity;
    private final String where;
    private final double value;

    /**
     * @param step     the 1-based global step
     * @param epoch    the 0-based epoch
     * @param batch    the 0-based batch within the epoch
     * @param batches  batches per epoch (for the message)
     * @param quantity what was not finite
     * @param where    the block and index, e.g. {@code W1[3] (flat index 3)}, or the state entry
     *                 ({@code state 'adam.v'[3]}); null for the loss alone
     * @param value    the non-finite value
     * @param loss     J of the batch (for the message)
     */
    NonFiniteTrainingException(long step, long epoch, long batch, int batches, Quantity quantity, String where,
            double value, double loss) {
        super(message(step, epoch, batch, batches, quantity, where, value, loss));
        this.step = step;
        this.epoch = epoch;
        this.batch = batch;
        this.quantity = quantity;
        this.where = where;
        this.value = value;
    }

    private static String message(long step, long epoch, long batch, int batches, Quantity quantity, String where,
            double value, double loss) {
        String at = " at step " + step + " (epoch " + (epoch + 1) + ", batch " + (batch + 1) + " of " + batches + ")";
        String what = switch (quantity) {
            case LOSS -> "non-finite loss" + at + ": J = " + value
                    + (where == null ? " (the gradient is finite)" : "; first non-finite gradient entry " + where);
            case GRADIENT -> "non-finite gradient" + at + ": " + where + " = " + value + " (J = " + loss + ")";
            case PARAMETERS -> "the update" + at + " made the parameters non-finite: " + where + " = " + value
                    + " (J = " + loss + "); the update was undone";
            case STATE -> "the update" + at + " made the optimizer state non-finite: " + where + " = " + value
                    + " (J = " + loss + "); the update was undone";
        };
        return what + "; the parameters are those after step " + (step - 1);
    }

    /** The 1-based global step whose loss or gradient was not finite. */
    public long step() {
        return step;
    }

    /** The 0-based epoch. */
    public long epoch() {
        return epoch;
    }

    /** The 0-based batch within the epoch. */
    public long batch() {
        return batch;
    }

    public Quantity quantity() {
        return quantity;
    }

    /**
     * The block and index of the first non-finite element, e.g. {@code W1[3] (flat index 3)}, or the
     * state entry, e.g. {@code state 'adam.v'[3]}; null if only the loss was.
     */
    public String where() {
        return where;
    }

    /** The non-finite value. */
    public double value() {
        return value;
    }
}
