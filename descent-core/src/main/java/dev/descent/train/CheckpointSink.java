package dev.descent.train;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where a {@link Trainer} puts its checkpoints. Core holds no file format; {@code descent-io}'s
 * {@code CheckpointDirectory::save} is one (atomic {@code ckpt-<step>.safetensors} files and a
 * {@code latest} pointer):
 *
 * <pre>{@code
 * CheckpointDirectory dir = CheckpointDirectory.open(Path.of("runs/ckpt"), 3);
 * trainer.withCheckpoints(dir::save);
 * }</pre>
 *
 * <p>Contract: {@code save} stores the checkpoint completely or not at all (a crash mid-save must
 * leave the previously saved checkpoints usable). A failed save ends the run: training does not
 * go on without the checkpoints it was asked to write.
 */
@FunctionalInterface
public interface CheckpointSink {

    /**
     * Stores {@code checkpoint}.
     *
     * @param checkpoint not modified
     * @return where it went (a file, or any path-like name); passed to
     *         {@link TrainingListener#onCheckpoint}
     * @throws IOException if it could not be stored
     */
    Path save(Checkpoint checkpoint) throws IOException;
}
