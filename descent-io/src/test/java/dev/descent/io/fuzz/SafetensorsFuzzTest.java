package dev.descent.io.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.io.Safetensors;
import dev.descent.io.SafetensorsCheckpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * safetensors files: any bytes give tensors (and a checkpoint) or the format's own exception
 * ({@link Safetensors.FormatException}, {@code CheckpointException}: both {@link IOException}s naming
 * the file); never another exception, and no allocation the file does not back.
 */
class SafetensorsFuzzTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("descent-safetensors-fuzz", ".safetensors");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void tensorsAndCheckpoint(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try (FileChannel ch = FileChannel.open(FILE, StandardOpenOption.READ)) {
            Safetensors.Header h = Safetensors.readHeader(ch);
            Safetensors.readF64(ch, h, null);
        } catch (Safetensors.FormatException e) {
            requireMessage(e);
        }
        try {
            new SafetensorsCheckpoints().read(FILE);
        } catch (Safetensors.FormatException | dev.descent.train.CheckpointException e) {
            requireMessage(e);
        }
    }

    private static void requireMessage(Exception e) {
        if (e.getMessage() == null || e.getMessage().isBlank()) {
            throw new AssertionError(e.getClass().getSimpleName() + " without a message", e);
        }
    }
}
