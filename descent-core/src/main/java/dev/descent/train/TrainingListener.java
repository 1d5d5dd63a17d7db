package dev.descent.train;

import java.nio.file.Path;

/**
 * Observes a {@link Trainer} run: progress bars, logs, metrics sinks. Every method has an empty
 * default, so a listener implements only what it needs. Listeners are called on the training
 * thread, in the order they were added, and must not throw (an exception ends the run).
 *
 * <p>Call order: {@link #onStart} once; then per minibatch {@link #onBatch}; after a checkpoint is
 * written {@link #onCheckpoint}; at the end of each epoch {@link #onEpoch}; {@link #onEnd} once
 * when the run ends normally (not when it throws). A resumed run calls {@link #onStart} with the
 * position it resumes from, and then only for the work it does itself.
 */
public interface TrainingListener {

    /** The run starts (or resumes). */
    default void onStart(RunInfo info) {
    }

    /**
     * A minibatch was processed.
     *
     * @param step         the 1-based global step of this batch (minibatches since the run began)
     * @param value        J(θ; batch), the objective the gradient belongs to (loss + penalty); the
     *                     non-finite value when the batch was skipped
     * @param learningRate the learning rate of this step (NaN when the optimizer has none)
     */
    default void onBatch(long step, double value, double learningRate) {
    }

    /** An epoch ended; {@code summary} is the row just added to the history. */
    default void onEpoch(EpochSummary summary) {
    }

    /**
     * A checkpoint was written.
     *
     * @param position where the run is (the checkpoint's position)
     * @param location what the {@link CheckpointSink} returned, e.g. the file
     */
    default void onCheckpoint(TrainingPosition position, Path location) {
    }

    /** The run ended normally, for {@code result.stopReason()}. */
    default void onEnd(TrainResult result) {
    }

    /**
     * What a run is about to do.
     *
     * @param config          the configuration
     * @param trainSize       rows in the training set
     * @param validationSize  rows in the validation set (0 for none)
     * @param batchesPerEpoch ⌈trainSize / batchSize⌉
     * @param start           where the run starts: {@code TrainingPosition.start(seed)}, or the
     *                        checkpoint's position when resuming
     * @param resumed         true when resuming from a checkpoint
     * @param finished        true when the checkpoint's run had already ended (its epochs done, or
     *                        stopped), so nothing will be trained: the result is rebuilt from it
     */
    record RunInfo(TrainConfig config, int trainSize, int validationSize, int batchesPerEpoch,
            TrainingPosition start, boolean resumed, boolean finished) {

        /** A run that has something to train. */
        public RunInfo(TrainConfig config, int trainSize, int validationSize, int batchesPerEpoch,
                TrainingPosition start, boolean resumed) {
            this(config, trainSize, validationSize, batchesPerEpoch, start, resumed, false);
        }

        /** The number of minibatches of the whole run: epochs × batchesPerEpoch. */
        public long totalSteps() {
            return (long) config.epochs() * batchesPerEpoch;
        }
    }
}
