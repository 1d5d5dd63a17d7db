package dev.descent.train;

/**
 * An epoch-level number a {@link Trainer} can watch for early stopping, restore-best and
 * reduce-on-plateau: Keras's {@code monitor} ({@code loss}, {@code accuracy}, {@code val_loss},
 * {@code val_accuracy}).
 *
 * <p>Training metrics are running means over the epoch's minibatches (computed with the parameters
 * as they were at each batch, dropout on); validation metrics are computed once at the end of the
 * epoch, in evaluation mode, on the whole validation set.
 */
public enum Metric {
    /** The mean data loss of the epoch's minibatches; lower is better. */
    TRAIN_LOSS("loss", false, false),
    /** The share of the epoch's rows its minibatches predicted correctly; higher is better. */
    TRAIN_ACCURACY("accuracy", true, false),
    /** The data loss on the validation set at the end of the epoch; lower is better. */
    VALIDATION_LOSS("val_loss", false, true),
    /** The accuracy on the validation set at the end of the epoch; higher is better. */
    VALIDATION_ACCURACY("val_accuracy", true, true);

    private final String key;
    private final boolean higherIsBetter;
    private final boolean needsValidation;

    Metric(String key, boolean higherIsBetter, boolean needsValidation) {
        this.key = key;
        this.higherIsBetter = higherIsBetter;
        this.needsValidation = needsValidation;
    }

    /** Keras's name: {@code loss}, {@code accuracy}, {@code val_loss} or {@code val_accuracy}. */
    public String key() {
        return key;
    }

    /** True for accuracies, false for losses. */
    public boolean higherIsBetter() {
        return higherIsBetter;
    }

    /** True for the validation metrics. */
    public boolean needsValidation() {
        return needsValidation;
    }

    /** True for the accuracies, which only classification losses define. */
    public boolean isAccuracy() {
        return this == TRAIN_ACCURACY || this == VALIDATION_ACCURACY;
    }

    /** This metric's value in {@code s} (NaN when the epoch has none). */
    public double of(EpochSummary s) {
        return switch (this) {
            case TRAIN_LOSS -> s.trainLoss();
            case TRAIN_ACCURACY -> s.trainAccuracy();
            case VALIDATION_LOSS -> s.validationLoss();
            case VALIDATION_ACCURACY -> s.validationAccuracy();
        };
    }

    /** The metric named by its {@link #key()} or its enum name, any case; e.g. {@code val_loss}. */
    public static Metric parse(String text) {
        for (Metric m : values()) {
            if (m.key.equalsIgnoreCase(text) || m.name().equalsIgnoreCase(text)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown metric '" + text + "'; known: loss, accuracy, val_loss, val_accuracy");
    }
}
