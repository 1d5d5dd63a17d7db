package dev.descent.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.descent.data.IdxFormatException;
import dev.descent.data.IdxReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * IDX files, raw and gzipped: images of any bytes, or labels, or an {@link IdxFormatException} naming the
 * file; never another exception, and never an allocation the file's bytes do not back (a header that
 * claims 10⁹ images is refused before anything is allocated).
 */
class IdxFuzzTest {

    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("descent-idx-fuzz", ".idx");
            FILE.toFile().deleteOnExit();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "10m")
    void imagesAndLabels(byte[] bytes) throws IOException {
        Files.write(FILE, bytes);
        try {
            IdxReader.Images images = IdxReader.readImages(FILE);
            if (images == null) {
                throw new AssertionError("null images");
            }
        } catch (IdxFormatException e) {
            Fuzzing.requireMessage(e, bytes.length + " bytes");
        }
        try {
            int[] labels = IdxReader.readLabels(FILE, 10);
            for (int y : labels) {
                if (y < 0 || y >= 10) {
                    throw new AssertionError("label " + y + " outside [0, 10) was returned");
                }
            }
        } catch (IdxFormatException e) {
            Fuzzing.requireMessage(e, bytes.length + " bytes");
        }
    }
}
