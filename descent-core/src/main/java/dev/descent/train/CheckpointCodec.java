package dev.descent.train;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.StateDict;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Stores {@link Checkpoint}s in one file format.
 *
 * <p>Contracts every implementation keeps:
 * <ul>
 *   <li>{@link #write} is atomic: the file appears complete under {@code path} or not at all, and
 *       when the write fails, a file already at {@code path} is left exactly as it was.</li>
 *   <li>{@link #read} checks the whole file (length, header, checksum, the tensors the header
 *       declares) before it returns, and writes nothing.</li>
 *   <li>Failures to use a file are {@link CheckpointException}s naming the file and what is wrong;
 *       other {@link IOException}s are the file system's (permissions, disk full).</li>
 * </ul>
 */
public interface CheckpointCodec {

    /**
     * Writes {@code checkpoint} to {@code path} atomically, replacing any file there.
     *
     * @param checkpoint not modified
     * @throws IOException if the file could not be written; then {@code path} is unchanged
     */
    void write(Path path, Checkpoint checkpoint) throws IOException;

    /**
     * Reads and verifies a checkpoint.
     *
     * @throws CheckpointException if the file is missing, truncated, malformed, fails its checksum
     *                             or has an unsupported format version
     */
    Checkpoint read(Path path) throws IOException;

    /**
     * Reads a checkpoint and checks that it fits the model and optimizer at hand: the same
     * parameter layout (block names, shapes, order) and a state of the same structure as
     * {@code template} (optimizer names, layouts, buffer names and lengths, children).
     *
     * @param expectedLayout the model's layout
     * @param template       not modified; usually {@code optimizer.init(layout).stateDict()}
     * @throws CheckpointException as {@link #read(Path)}, or with kind
     *                             {@link CheckpointException.Kind#LAYOUT_MISMATCH} or
     *                             {@link CheckpointException.Kind#STATE_MISMATCH}
     */
    default Checkpoint read(Path path, ParamLayout expectedLayout, StateDict template) throws IOException {
        Checkpoint c = read(path);
        c.requireCompatible(path, expectedLayout, template);
        return c;
    }
}
