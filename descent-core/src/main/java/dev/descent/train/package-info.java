/**
 * Training runs that survive crashes: what a checkpoint holds and how it is stored.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>A {@link dev.descent.train.Checkpoint} is everything needed to continue a run bit for bit:
 *       the flat parameters and their {@link dev.descent.linalg.ParamLayout}, the optimizer's
 *       {@link dev.descent.optim.StateDict} (whose step count is also the schedule position,
 *       because schedules are functions of that step), the {@link dev.descent.train.TrainingPosition}
 *       (epoch, step within the epoch, global step, seed: minibatch order is a pure function of
 *       (seed, epoch), so this is the data-order position), and free-form string metadata
 *       (the config text, the RNG description, …).</li>
 *   <li>Checkpoints are immutable snapshots: constructors and accessors copy arrays.</li>
 *   <li>A {@link dev.descent.train.CheckpointCodec} stores checkpoints in a file format. Writes are
 *       atomic (temporary file in the same directory, forced to disk, then renamed over the
 *       target), so a crash or error mid-write leaves the previous file intact. Reads verify the
 *       file (length, header, checksum) and, when asked, that it fits the model and optimizer at
 *       hand; any failure is a {@link dev.descent.train.CheckpointException} naming the file and
 *       what is wrong, and nothing is written or changed.</li>
 *   <li>Restoring validates first, then writes: {@link dev.descent.train.Checkpoint#restore} checks
 *       the layout, the parameter length and the whole state tree before it copies anything.</li>
 *   <li>Codecs live outside {@code descent-core} (see {@code dev.descent.io} in {@code descent-io}),
 *       which keeps core free of run-time dependencies.</li>
 * </ul>
 */
package dev.descent.train;
