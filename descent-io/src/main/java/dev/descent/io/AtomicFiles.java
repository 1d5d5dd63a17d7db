package dev.descent.io;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes files so that readers see the old content or the new, never a mix: the bytes go to a
 * temporary file in the target's directory, are forced to the device ({@link FileChannel#force}),
 * and the temporary file is then renamed over the target with
 * {@link StandardCopyOption#ATOMIC_MOVE}. If anything fails (the writer throws, the disk is full,
 * the rename is refused) the temporary file is deleted and the target is left exactly as it was.
 *
 * <p>The rename is never replaced by a non-atomic copy: on a file system that cannot rename
 * atomically the write fails with {@link AtomicMoveNotSupportedException}. After the rename the
 * directory itself is forced too, where the platform allows it, so the new name survives a power
 * loss. The new file has the permissions a plain write would give it (the process's defaults), not
 * those of the file it replaces.
 */
public final class AtomicFiles {

    /** Writes the content of a file; may throw at any point, and then nothing is replaced. */
    @FunctionalInterface
    public interface Writer {
        void write(OutputStream out) throws IOException;
    }

    private AtomicFiles() {
    }

    /**
     * Atomically replaces (or creates) {@code target} with what {@code writer} writes.
     *
     * @throws IOException from the writer or the file system; then {@code target} is unchanged and
     *                     no temporary file remains
     */
    public static void write(Path target, Writer writer) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        Path tmp = createTemporary(dir, absolute.getFileName().toString());
        boolean moved = false;
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16);
                writer.write(out);
                out.flush(); // not close(): that would close the channel before force
                ch.force(true);
            }
            Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            moved = true;
        } finally {
            if (!moved) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException suppressed) {
                    // the original failure matters more; a stray .tmp file is harmless
                }
            }
        }
        forceDirectory(dir);
    }

    /** Atomically replaces (or creates) {@code target} with {@code text} in UTF-8. */
    public static void writeString(Path target, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(target, out -> out.write(bytes));
    }

    /**
     * A new empty file {@code .<name>.<random>.tmp} in {@code dir}, with the default permissions a
     * plain write would give (unlike {@link Files#createTempFile}, which makes it owner-only).
     */
    private static Path createTemporary(Path dir, String name) throws IOException {
        for (int attempt = 1;; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt == 100) {
                    throw e;
                }
            }
        }
    }

    private static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every platform can open or sync a directory (Windows cannot); the rename is done.
        }
    }
}
