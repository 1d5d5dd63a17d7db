package dev.descent.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * The record of a training run: one {@link EpochSummary} per completed epoch, and the objective
 * value J of every minibatch (the loss curve at batch resolution, and what batch-level stopping
 * criteria see). Immutable; a resumed run's history continues the checkpointed one, so it equals an
 * uninterrupted run's (apart from elapsed times).
 *
 * @param epochs      the completed epochs, in order
 * @param batchValues J(θ; batch) (loss + penalty) of every processed minibatch in order, the
 *                    non-finite value for a skipped one
 */
public record History(List<EpochSummary> epochs, double[] batchValues) {

    /** An empty history. */
    public static final History EMPTY = new History(List.of(), new double[0]);

    public History {
        epochs = List.copyOf(epochs);
        batchValues = batchValues.clone();
        for (int i = 0; i < epochs.size(); i++) {
            if (epochs.get(i).epoch() != i) {
                throw new IllegalArgumentException("epoch summary " + i + " is for epoch " + epochs.get(i).epoch());
            }
        }
    }

    /** A copy of the batch values. */
    @Override
    public double[] batchValues() {
        return batchValues.clone();
    }

    /** The number of completed epochs. */
    public int size() {
        return epochs.size();
    }

    /** The summary of epoch {@code epoch} (0-based). */
    public EpochSummary get(int epoch) {
        return epochs.get(epoch);
    }

    /** The last completed epoch's summary. */
    public EpochSummary last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("the history is empty");
        }
        return epochs.get(epochs.size() - 1);
    }

    /** The values of {@code metric}, one per epoch. */
    public double[] values(Metric metric) {
        double[] v = new double[epochs.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = metric.of(epochs.get(i));
        }
        return v;
    }

    /**
     * The epoch where {@code metric} was best, by the rule early stopping uses (the first epoch of
     * the best value; later epochs must beat it by more than {@code minDelta}); -1 if there is none
     * (no epoch, or every value NaN).
     */
    public int bestEpoch(Metric metric, double minDelta) {
        EarlyStopping e = new EarlyStopping(metric, 0, minDelta);
        for (EpochSummary s : epochs) {
            e.observe(s);
        }
        return e.bestEpoch();
    }

    /**
     * The history as CSV with a header row: {@code epoch} (1-based), {@code step}, {@code loss},
     * {@code accuracy}, {@code val_loss}, {@code val_accuracy}, {@code lr}, {@code elapsed_s},
     * {@code skipped}; NaN where a value does not exist.
     */
    public String toCsv() {
        StringBuilder b = new StringBuilder("epoch,step,loss,accuracy,val_loss,val_accuracy,lr,elapsed_s,skipped\n");
        for (EpochSummary s : epochs) {
            b.append(String.format(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%s,%.3f,%d%n", s.epoch() + 1, s.globalStep(),
                    s.trainLoss(), s.trainAccuracy(), s.validationLoss(), s.validationAccuracy(), s.learningRate(),
                    s.elapsedSeconds(), s.skippedBatches()));
        }
        return b.toString();
    }

    /** The epochs as a flat array, {@value EpochSummary#WIDTH} values per epoch (for checkpoints). */
    double[] epochsArray() {
        double[] a = new double[epochs.size() * EpochSummary.WIDTH];
        for (int i = 0; i < epochs.size(); i++) {
            System.arraycopy(epochs.get(i).toArray(), 0, a, i * EpochSummary.WIDTH, EpochSummary.WIDTH);
        }
        return a;
    }

    /** The inverse of {@link #epochsArray()}. */
    static List<EpochSummary> epochsFromArray(double[] a) {
        if (a.length % EpochSummary.WIDTH != 0) {
            throw new IllegalArgumentException("an epoch history needs a multiple of " + EpochSummary.WIDTH
                    + " values, got " + a.length);
        }
        List<EpochSummary> out = new ArrayList<>();
        for (int i = 0; i < a.length; i += EpochSummary.WIDTH) {
            out.add(EpochSummary.fromArray(a, i));
        }
        return out;
    }

    /** Equal when the epochs are equal and every batch value has the same bits. */
    @Override
    public boolean equals(Object o) {
        return o instanceof History h && h.epochs.equals(epochs) && Arrays.equals(h.batchValues, batchValues);
    }

    @Override
    public int hashCode() {
        return 31 * epochs.hashCode() + Arrays.hashCode(batchValues);
    }

    @Override
    public String toString() {
        return "History[" + epochs.size() + " epochs, " + batchValues.length + " batches]";
    }
}
