package dev.descent.train;

import dev.descent.nn.Precision;
import dev.descent.optim.transform.NonFinitePolicy;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * How a {@link Trainer} runs: the epoch and batch budget, the seed, validation, early stopping,
 * restore-best, checkpoint frequency and what to do with a non-finite loss or gradient.
 *
 * <pre>{@code
 * TrainConfig c = TrainConfig.of(20, 64, 42)            // 20 epochs of minibatches of 64, seed 42
 *         .withValidationFraction(0.1)                  // hold out 10% (stratified for classes)
 *         .withEarlyStopping(Metric.VALIDATION_LOSS, 3, 0.0)
 *         .withRestoreBest(true)
 *         .withCheckpointEverySteps(500).withCheckpointEveryEpoch(true)
 *         .withNonFinite(NonFinitePolicy.SKIP);
 * }</pre>
 *
 * <table>
 *   <caption>Components and defaults ({@link #of})</caption>
 *   <tr><th>component</th><th>meaning</th><th>default</th></tr>
 *   <tr><td>epochs</td><td>passes over the training set, ≥ 1</td><td>—</td></tr>
 *   <tr><td>batchSize</td><td>m, rows per minibatch, ≥ 1; the last batch of an epoch keeps the
 *       n mod m rows that remain (torch's {@code drop_last=False})</td><td>—</td></tr>
 *   <tr><td>seed</td><td>the run's seed: minibatch order {@code MiniBatches.order(n, seed, epoch)}, dropout
 *       masks {@code Seeds.derive(seed, epoch, batch)}, the validation split</td><td>—</td></tr>
 *   <tr><td>validationFraction</td><td>in [0, 1): the share of the training set held out for
 *       validation when {@link Trainer#fit} is given no validation set; 0 for none</td><td>0</td></tr>
 *   <tr><td>monitor</td><td>the metric early stopping, restore-best and reduce-on-plateau
 *       watch</td><td>{@link Metric#VALIDATION_LOSS}</td></tr>
 *   <tr><td>patience</td><td>stop after this many epochs without improvement of {@code monitor}
 *       (Keras's {@code EarlyStopping(patience)}); 0 turns early stopping off</td><td>0</td></tr>
 *   <tr><td>minDelta</td><td>≥ 0: the change of {@code monitor} that counts as an
 *       improvement</td><td>0</td></tr>
 *   <tr><td>restoreBest</td><td>return the parameters of the best epoch (by {@code monitor}) instead
 *       of the last ones</td><td>false</td></tr>
 *   <tr><td>checkpointEverySteps</td><td>write a checkpoint after every this many minibatches
 *       (global steps); 0 for none</td><td>0</td></tr>
 *   <tr><td>checkpointEveryEpoch</td><td>write a checkpoint at the end of every epoch</td><td>false</td></tr>
 *   <tr><td>nonFinite</td><td>what a NaN or ±∞ loss or gradient does: {@code REFUSE} throws
 *       {@link NonFiniteTrainingException} naming the step and the block, {@code SKIP} skips the
 *       batch and counts it, {@code STOP} ends the run with the last good parameters</td>
 *       <td>{@code REFUSE}</td></tr>
 *   <tr><td>precision</td><td>F64, or F32: the matrix products, activations and adjoints in float,
 *       with double master weights (see {@link Precision})</td><td>F64</td></tr>
 * </table>
 *
 * @param epochs               ≥ 1
 * @param batchSize            ≥ 1
 * @param seed                 any value
 * @param validationFraction   in [0, 1)
 * @param monitor              not null
 * @param patience             ≥ 0
 * @param minDelta             ≥ 0, finite
 * @param restoreBest          whether to return the best epoch's parameters
 * @param checkpointEverySteps ≥ 0
 * @param checkpointEveryEpoch whether to checkpoint at every epoch's end
 * @param nonFinite            not null
 * @param maxSteps             a budget in minibatch steps (global steps, across epochs), ≥ 0; 0 for
 *                             none. The run stops at whichever of {@code epochs} and {@code maxSteps}
 *                             comes first, mid-epoch if need be.
 * @param precision            the arithmetic of the forward and backward passes ({@link Precision}); θ and
 *                             the optimizer state are double either way. Default F64.
 */
public record TrainConfig(int epochs, int batchSize, long seed, double validationFraction, Metric monitor,
        int patience, double minDelta, boolean restoreBest, long checkpointEverySteps, boolean checkpointEveryEpoch,
        NonFinitePolicy nonFinite, long maxSteps, Precision precision) {

    public TrainConfig {
        if (epochs < 1) {
            throw new IllegalArgumentException("epochs = " + epochs + " must be >= 1");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize = " + batchSize + " must be >= 1");
        }
        if (!(validationFraction >= 0 && validationFraction < 1)) {
            throw new IllegalArgumentException("validationFraction = " + validationFraction + " is outside [0, 1)");
        }
        if (monitor == null) {
            throw new IllegalArgumentException("monitor must not be null");
        }
        if (patience < 0) {
            throw new IllegalArgumentException("patience = " + patience + " must be >= 0 (0 turns early stopping off)");
        }
        if (!(minDelta >= 0) || !Double.isFinite(minDelta)) {
            throw new IllegalArgumentException("minDelta = " + minDelta + " must be finite and >= 0");
        }
        if (checkpointEverySteps < 0) {
            throw new IllegalArgumentException("checkpointEverySteps = " + checkpointEverySteps
                    + " must be >= 0 (0 for none)");
        }
        if (nonFinite == null) {
            throw new IllegalArgumentException("nonFinite must not be null");
        }
        if (precision == null) {
            throw new IllegalArgumentException("precision must not be null");
        }
        if (maxSteps < 0) {
            throw new IllegalArgumentException("maxSteps = " + maxSteps + " must be >= 0 (0 for no step budget)");
        }
    }

    /** {@code epochs} epochs of minibatches of {@code batchSize} with {@code seed}; every other component at its default. */
    public static TrainConfig of(int epochs, int batchSize, long seed) {
        return new TrainConfig(epochs, batchSize, seed, 0, Metric.VALIDATION_LOSS, 0, 0, false, 0, false,
                NonFinitePolicy.REFUSE, 0, Precision.F64);
    }

    public TrainConfig withEpochs(int e) {
        return new TrainConfig(e, batchSize, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    public TrainConfig withBatchSize(int m) {
        return new TrainConfig(epochs, m, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    public TrainConfig withSeed(long s) {
        return new TrainConfig(epochs, batchSize, s, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    public TrainConfig withValidationFraction(double f) {
        return new TrainConfig(epochs, batchSize, seed, f, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    /** The metric to watch (for restore-best and reduce-on-plateau too). */
    public TrainConfig withMonitor(Metric m) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, m, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    /** Early stopping on {@code metric} after {@code patience} epochs without an improvement larger than {@code minDelta}. */
    public TrainConfig withEarlyStopping(Metric metric, int patience, double minDelta) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, metric, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    public TrainConfig withRestoreBest(boolean r) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, monitor, patience, minDelta, r,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    public TrainConfig withCheckpointEverySteps(long steps) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                steps, checkpointEveryEpoch, nonFinite, maxSteps, precision);
    }

    public TrainConfig withCheckpointEveryEpoch(boolean every) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, every, nonFinite, maxSteps, precision);
    }

    public TrainConfig withNonFinite(NonFinitePolicy p) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, p, maxSteps, precision);
    }

    /** The same configuration with a budget of {@code steps} minibatch steps (0 for none). */
    public TrainConfig withMaxSteps(long steps) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, steps, precision);
    }

    /** The same configuration computing the forward and backward passes in {@code p}. */
    public TrainConfig withPrecision(Precision p) {
        return new TrainConfig(epochs, batchSize, seed, validationFraction, monitor, patience, minDelta, restoreBest,
                checkpointEverySteps, checkpointEveryEpoch, nonFinite, maxSteps, p);
    }

    /** True when early stopping is on (patience ≥ 1). */
    public boolean earlyStopping() {
        return patience > 0;
    }

    /** True when checkpoints are written at all. */
    public boolean checkpoints() {
        return checkpointEverySteps > 0 || checkpointEveryEpoch;
    }

    /**
     * The configuration as {@code key=value} lines in a fixed order, snake_case keys: the text stored
     * in checkpoints under {@link Checkpoint#CONFIG}. Doubles are written with
     * {@link Double#toString}, which reads back to the same bits.
     */
    public String toText() {
        return formatText(toMap());
    }

    /**
     * {@code key=value} lines, one per entry in the map's order: the text {@link #toText()} writes
     * and {@link #parseText} reads, for any settings stored in checkpoint metadata.
     */
    public static String formatText(Map<String, String> settings) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : settings.entrySet()) {
            b.append(e.getKey()).append('=').append(e.getValue()).append('\n');
        }
        return b.toString();
    }

    /** The configuration as an ordered map of the {@link #toText()} keys to values. */
    public Map<String, String> toMap() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("epochs", Integer.toString(epochs));
        m.put("batch_size", Integer.toString(batchSize));
        m.put("seed", Long.toString(seed));
        m.put("validation_fraction", Double.toString(validationFraction));
        m.put("monitor", monitor.name().toLowerCase(Locale.ROOT));
        m.put("patience", Integer.toString(patience));
        m.put("min_delta", Double.toString(minDelta));
        m.put("restore_best", Boolean.toString(restoreBest));
        m.put("checkpoint_every_steps", Long.toString(checkpointEverySteps));
        m.put("checkpoint_every_epoch", Boolean.toString(checkpointEveryEpoch));
        m.put("non_finite", nonFinite.name().toLowerCase(Locale.ROOT));
        m.put("max_steps", Long.toString(maxSteps));
        m.put("precision", precision.key());
        return m;
    }

    /** Parses {@code key=value} lines (as {@link #toText()} writes them) into an ordered map; no validation. */
    public static Map<String, String> parseText(String text) {
        Map<String, String> m = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int eq = line.indexOf('=');
            if (eq > 0) {
                m.put(line.substring(0, eq), line.substring(eq + 1));
            }
        }
        return m;
    }
}
