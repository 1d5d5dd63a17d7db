/**
 * Minibatch training that survives crashes: the training loop, its configuration and record, and
 * the checkpoints it continues from.
 *
 * <h2>The pieces</h2>
 * <ul>
 *   <li>{@link dev.descent.train.Trainer}: epochs × seeded minibatches of a
 *       {@link dev.descent.nn.ModelObjective} with any optimizer, validation, early stopping and
 *       restore-best, {@link dev.descent.train.TrainingListener}s, a non-finite policy, checkpoints
 *       and {@link dev.descent.train.Trainer#resume}. Configured by a
 *       {@link dev.descent.train.TrainConfig}; returns a {@link dev.descent.train.TrainResult} with a
 *       {@link dev.descent.train.History} of {@link dev.descent.train.EpochSummary}s.</li>
 *   <li>{@link dev.descent.train.Checkpoint}, {@link dev.descent.train.TrainingPosition}: what a
 *       checkpoint holds; {@link dev.descent.train.CheckpointSink} (where the trainer puts them)
 *       and {@link dev.descent.train.CheckpointCodec} (a file format) are implemented outside core,
 *       in {@code descent-io}.</li>
 * </ul>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>A {@link dev.descent.train.Checkpoint} is everything needed to continue a run bit for bit:
 *       the flat parameters and their {@link dev.descent.linalg.ParamLayout}, the optimizer's
 *       {@link dev.descent.optim.StateDict} (whose step count is also the schedule position,
 *       because schedules are functions of that step), the {@link dev.descent.train.TrainingPosition}
 *       (epoch, step within the epoch, global step, seed: minibatch order is a pure function of
 *       (seed, epoch), so this is the data-order position), free-form string metadata (the config
 *       text, the RNG description, …) and named extra tensors (the trainer's history, running sums
 *       and best parameters).</li>
 *   <li><b>Randomness.</b> The trainer's only randomness is the seed of its
 *       {@link dev.descent.train.TrainConfig}: minibatch order {@code MiniBatches.order(n, seed, e)},
 *       dropout masks of batch b of epoch e from {@code Seeds.derive(seed, e, b)}, and the
 *       validation split from {@code Seeds.derive(seed, Trainer.SPLIT_STREAM)}. The initial θ is the
 *       caller's (usually {@code model.init(seed)}).</li>
 *   <li><b>Counting.</b> Epochs and batches are 0-based in the API ({@code EpochSummary.epoch()},
 *       positions); global steps count minibatches processed, skipped ones included, so the n-th
 *       minibatch of a run is step n (1-based, as in {@link dev.descent.train.TrainingListener#onBatch}).
 *       Messages and the command line print epochs and batches 1-based.</li>
 *   <li><b>Losses</b> in histories are data losses (the mean over rows, without the regularizer's
 *       penalty), comparable between training and validation; the per-batch values and the
 *       listeners' batch values are the objective J = loss + penalty that the gradient belongs to.</li>
 *   <li>Checkpoints are immutable snapshots: constructors and accessors copy arrays.</li>
 *   <li>A {@link dev.descent.train.CheckpointCodec} stores checkpoints in a file format. Writes are
 *       atomic (temporary file in the same directory, forced to disk, then renamed over the
 *       target), so a crash or error mid-write leaves the previous file intact. Reads verify the
 *       file (length, header, checksum) and, when asked, that it fits the model and optimizer at
 *       hand; any failure is a {@link dev.descent.train.CheckpointException} naming the file and
 *       what is wrong, and nothing is written or changed.</li>
 *   <li>Restoring validates first, then writes: {@link dev.descent.train.Checkpoint#restore} and
 *       {@link dev.descent.train.Trainer#resume} check the layout, the parameter length, the whole
 *       state tree and the run's settings before they copy or run anything.</li>
 *   <li>Codecs live outside {@code descent-core} (see {@code dev.descent.io} in {@code descent-io}),
 *       which keeps core free of run-time dependencies.</li>
 * </ul>
 */
package dev.descent.train;
