package dev.descent.train;

import dev.descent.optim.OptimizerState;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.ValueHistory;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The mutable state of one {@link Trainer} run, and its mapping to and from a {@link Checkpoint}.
 * Everything a run needs to continue bit for bit is here and nowhere else: θ, the optimizer state,
 * the position, the history, the current epoch's running sums, the best parameters so far, and why
 * the run stopped once it has.
 *
 * <h2>What a checkpoint holds</h2>
 * <table>
 *   <caption>Beyond θ, the optimizer state and the position</caption>
 *   <tr><th>where</th><th>name</th><th>holds</th></tr>
 *   <tr><td>tensor</td><td>{@value #HISTORY}</td><td>the completed epochs, {@value EpochSummary#WIDTH}
 *       values each in {@link EpochSummary}'s component order</td></tr>
 *   <tr><td>tensor</td><td>{@value #BATCH_VALUES}</td><td>J of every processed minibatch</td></tr>
 *   <tr><td>tensor</td><td>{@value #EPOCH_SUMS}</td><td>the current epoch's Σ mᵦ·Lᵦ, rows correct,
 *       rows, skipped batches</td></tr>
 *   <tr><td>tensor</td><td>{@value #RUN}</td><td>elapsed nanoseconds, skipped batches in all</td></tr>
 *   <tr><td>tensor</td><td>{@value #BEST_PARAMS}</td><td>the model point of the best epoch so far
 *       (only with restore-best, once there is a best epoch)</td></tr>
 *   <tr><td>tensor</td><td>{@value Checkpoint#MODEL_PARAMS}</td><td>the optimizer's model point, when it
 *       is not θ (schedule-free's averaged x); not read on resume, which recomputes it</td></tr>
 *   <tr><td>metadata</td><td>{@link Checkpoint#CONFIG}</td><td>{@link TrainConfig#toText()}</td></tr>
 *   <tr><td>metadata</td><td>{@link Checkpoint#OPTIMIZER}</td><td>the optimizer record's text</td></tr>
 *   <tr><td>metadata</td><td>{@link Checkpoint#RNG}</td><td>how order and dropout seeds derive from the seed</td></tr>
 *   <tr><td>metadata</td><td>{@value #DATA}</td><td>{@code train=<rows>,validation=<rows>}</td></tr>
 *   <tr><td>metadata</td><td>{@value #STOP}</td><td>present once the run has stopped:
 *       {@code <converged|budget|failed>}, the criterion and the detail, one per line</td></tr>
 * </table>
 *
 * The early-stopping counters are not stored: they are a pure function of the history, and a
 * resumed run replays it ({@link EarlyStopping}). Neither are the batch order or the dropout seeds,
 * which are pure functions of (seed, epoch, batch).
 */
final class TrainState {

    static final String HISTORY = "train.history";
    static final String BATCH_VALUES = "train.batch_values";
    static final String EPOCH_SUMS = "train.epoch_sums";
    static final String RUN = "train.run";
    static final String BEST_PARAMS = "train.best_params";
    static final String DATA = "train.data";
    static final String STOP = "train.stop";
    static final String RNG_TEXT = "minibatch order: MiniBatches.order(n, seed, epoch); dropout masks:"
            + " new SplittableRandom(Seeds.derive(seed, epoch, batch))";

    final double[] theta;
    final OptimizerState optimizerState;
    TrainingPosition position;
    final List<EpochSummary> epochs = new ArrayList<>();
    private double[] batchValues = new double[256];
    private int batchCount;
    /** Σ mᵦ·Lᵦ over the current epoch's processed (not skipped) batches. */
    double epochLossSum;
    long epochCorrect;
    long epochRows;
    long epochSkipped;
    long skippedTotal;
    /** Elapsed nanoseconds of earlier sessions (before a resume). */
    long elapsedBefore;
    /** θ of the best epoch (restore-best only), or null. */
    double[] best;
    /** Why the run stopped, or null while it runs. */
    StopReason stop;

    TrainState(double[] theta, OptimizerState optimizerState, TrainingPosition position) {
        this.theta = theta;
        this.optimizerState = optimizerState;
        this.position = position;
    }

    void addBatchValue(double v) {
        if (batchCount == batchValues.length) {
            batchValues = Arrays.copyOf(batchValues, batchCount * 2);
        }
        batchValues[batchCount++] = v;
    }

    double[] batchValues() {
        return Arrays.copyOf(batchValues, batchCount);
    }

    /** The finite batch values, in order: what batch-level stopping criteria have seen. */
    ValueHistory valueHistory() {
        ValueHistory h = new ValueHistory();
        for (int i = 0; i < batchCount; i++) {
            if (Double.isFinite(batchValues[i])) {
                h.add(batchValues[i]);
            }
        }
        return h;
    }

    History history() {
        return new History(epochs, batchValues());
    }

    void resetEpochSums() {
        epochLossSum = 0;
        epochCorrect = 0;
        epochRows = 0;
        epochSkipped = 0;
    }

    /**
     * A snapshot of this state.
     *
     * @param metadata     the run's metadata (config, optimizer, data sizes, the caller's own)
     * @param elapsedNanos the run's elapsed time so far
     */
    /**
     * The checkpoint of this state.
     *
     * @param model the optimizer's model point when it differs from θ (stored as
     *              {@value Checkpoint#MODEL_PARAMS}), else null
     */
    Checkpoint toCheckpoint(Map<String, String> metadata, long elapsedNanos, double[] model) {
        Map<String, String> meta = new LinkedHashMap<>(metadata);
        if (stop != null) {
            meta.put(STOP, encode(stop));
        }
        Map<String, double[]> tensors = new LinkedHashMap<>();
        tensors.put(HISTORY, history().epochsArray());
        tensors.put(BATCH_VALUES, batchValues());
        tensors.put(EPOCH_SUMS, new double[] {epochLossSum, epochCorrect, epochRows, epochSkipped});
        tensors.put(RUN, new double[] {elapsedNanos, skippedTotal});
        if (best != null) {
            tensors.put(BEST_PARAMS, best);
        }
        if (model != null) {
            tensors.put(Checkpoint.MODEL_PARAMS, model);
        }
        return Checkpoint.of(theta, optimizerState, position, meta, tensors);
    }

    /**
     * Loads the parts of {@code c} beyond θ and the optimizer state into this (fresh) state, after
     * checking them; θ and the optimizer state are loaded by the caller.
     *
     * @throws IllegalArgumentException naming what is missing or inconsistent; then nothing of this
     *                                  state was changed
     */
    void loadExtras(Checkpoint c) {
        double[] history = require(c, HISTORY);
        double[] values = require(c, BATCH_VALUES);
        double[] sums = require(c, EPOCH_SUMS);
        double[] run = require(c, RUN);
        if (sums.length != 4 || run.length != 2) {
            throw new IllegalArgumentException("tensors " + EPOCH_SUMS + " and " + RUN + " need 4 and 2 values, got "
                    + sums.length + " and " + run.length);
        }
        List<EpochSummary> loaded = History.epochsFromArray(history);
        TrainingPosition p = c.position();
        if (loaded.size() != p.epoch()) {
            throw new IllegalArgumentException("the history holds " + loaded.size() + " epochs but the position is"
                    + " in epoch " + p.epoch());
        }
        if (values.length != p.globalStep()) {
            throw new IllegalArgumentException("the history holds " + values.length + " batch values but the"
                    + " position is at global step " + p.globalStep());
        }
        double[] bestParams = c.tensor(BEST_PARAMS).orElse(null);
        if (bestParams != null && bestParams.length != theta.length) {
            throw new IllegalArgumentException("tensor " + BEST_PARAMS + " has " + bestParams.length
                    + " values, the model has " + theta.length + " parameters");
        }
        StopReason stopped = c.metadata().containsKey(STOP) ? decode(c.metadata().get(STOP)) : null;
        new History(loaded, values); // checks the epoch numbering
        // everything checked: now write
        position = p;
        epochs.clear();
        epochs.addAll(loaded);
        batchValues = values.length == 0 ? new double[256] : values;
        batchCount = values.length;
        epochLossSum = sums[0];
        epochCorrect = (long) sums[1];
        epochRows = (long) sums[2];
        epochSkipped = (long) sums[3];
        elapsedBefore = (long) run[0];
        skippedTotal = (long) run[1];
        best = bestParams;
        stop = stopped;
    }

    private static double[] require(Checkpoint c, String name) {
        return c.tensor(name).orElseThrow(() -> new IllegalArgumentException("the checkpoint has no tensor '" + name
                + "' (it was not written by a Trainer; tensors: " + c.tensorNames() + ")"));
    }

    static String encode(StopReason r) {
        return r.kind() + "\n" + r.criterion().replace('\n', ' ') + "\n" + r.detail().replace('\n', ' ');
    }

    static StopReason decode(String text) {
        String[] parts = text.split("\n", 3);
        if (parts.length != 3) {
            throw new IllegalArgumentException("metadata '" + STOP + "' = '" + text + "' is not kind, criterion and"
                    + " detail on three lines");
        }
        return switch (parts[0]) {
            case "converged" -> new StopReason.Converged(parts[1], parts[2]);
            case "budget" -> new StopReason.Budget(parts[1], parts[2]);
            case "failed" -> new StopReason.Failed(parts[1], parts[2]);
            default -> throw new IllegalArgumentException("metadata '" + STOP + "' has the unknown kind '" + parts[0]
                    + "'");
        };
    }
}
