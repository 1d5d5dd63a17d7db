package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    @TempDir
    Path dir;

    static String[] names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void createsAndReplaces() throws IOException {
        Path f = dir.resolve("a.txt");
        AtomicFiles.writeString(f, "one");
        AtomicFiles.writeString(f, "two ✓");
        assertThat(Files.readString(f, StandardCharsets.UTF_8)).isEqualTo("two ✓");
        assertThat(names(dir)).containsExactly("a.txt");
    }

    @Test
    void aWriterThatFailsMidWriteLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path f = dir.resolve("a.bin");
        AtomicFiles.writeString(f, "previous");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            out.write(new byte[100_000]); // more than the buffer: some bytes reach the temporary file
            throw new IOException("disk full (simulated)");
        })).isInstanceOf(IOException.class).hasMessage("disk full (simulated)");
        assertThat(Files.readString(f)).isEqualTo("previous");
        assertThat(names(dir)).containsExactly("a.bin");
    }

    @Test
    void aFailedFirstWriteCreatesNothing() {
        Path f = dir.resolve("new.bin");
        assertThatThrownBy(() -> AtomicFiles.write(f, out -> {
            throw new IllegalStateException("boom");
        })).isInstanceOf(IllegalStateException.class);
        assertThat(f).doesNotExist();
        assertThat(dir).isEmptyDirectory();
    }

    @Test
    void aRefusedRenameLeavesNoTemporaryFile() throws IOException {
        Path target = dir.resolve("taken");
        Files.createDirectories(target.resolve("child"));
        assertThatThrownBy(() -> AtomicFiles.writeString(target, "x")).isInstanceOf(IOException.class);
        assertThat(names(dir)).containsExactly("taken");
        assertThat(target.resolve("child")).isDirectory();
    }

    @Test
    void theNewFileHasDefaultPermissionsNotOwnerOnly() throws IOException {
        Assumptions.assumeTrue(dir.getFileSystem().supportedFileAttributeViews().contains("posix"),
                "POSIX permissions are not supported by this file system");
        Path plain = Files.createFile(dir.resolve("plain"));
        Path atomic = dir.resolve("atomic");
        AtomicFiles.writeString(atomic, "x");
        assertThat(Files.getPosixFilePermissions(atomic)).isEqualTo(Files.getPosixFilePermissions(plain));
    }
}
