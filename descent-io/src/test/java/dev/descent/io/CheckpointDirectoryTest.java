package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.io.CheckpointDirectory.Loaded;
import dev.descent.io.CheckpointDirectory.OnCorrupt;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointCodec;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointDirectoryTest {

    @TempDir
    Path root;

    static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    static void corrupt(Path f) throws IOException {
        byte[] all = Files.readAllBytes(f);
        all[all.length - 1] ^= 0x40;
        Files.write(f, all);
    }

    @Test
    void savesPointsAndKeepsTheLastK() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root.resolve("ckpts"), 2);
        assertThat(d.latest()).isEmpty();
        for (long step : new long[] {5, 10, 100, 1000}) {
            Path f = d.save(Fixtures.checkpoint(step));
            assertThat(f.getFileName().toString()).isEqualTo("ckpt-" + step + ".safetensors");
        }
        assertThat(names(d.directory())).containsExactly("ckpt-100.safetensors", "ckpt-1000.safetensors", "latest");
        assertThat(Files.readString(d.directory().resolve("latest"))).isEqualTo("ckpt-1000.safetensors\n");
        assertThat(d.list()).extracting(p -> p.getFileName().toString())
                .containsExactly("ckpt-100.safetensors", "ckpt-1000.safetensors"); // numeric order
        Loaded l = d.latest().orElseThrow();
        assertThat(l.file()).isEqualTo(d.fileFor(1000));
        assertThat(l.checkpoint()).isEqualTo(Fixtures.checkpoint(1000));
        assertThat(l.skipped()).isEmpty();
        assertThat(d.latest(Fixtures.LAYOUT, Fixtures.template(), OnCorrupt.REFUSE)).map(Loaded::checkpoint)
                .contains(Fixtures.checkpoint(1000));
    }

    @Test
    void refusesADamagedNewestCheckpointNamingItAndThePreviousOne() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 3);
        d.save(Fixtures.checkpoint(10));
        d.save(Fixtures.checkpoint(20));
        corrupt(d.fileFor(20));
        assertThatThrownBy(() -> d.latest(Fixtures.LAYOUT, Fixtures.template(), OnCorrupt.REFUSE))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint " + d.fileFor(20) + ": the data does not match its checksum")
                .hasMessageEndingWith("(the file is corrupted); the previous checkpoint is ckpt-10.safetensors (pass"
                        + " OnCorrupt.FALL_BACK to resume from the newest sound one)")
                .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(Kind.CHECKSUM_MISMATCH);
        assertThatThrownBy(d::latest).hasMessageContaining("ckpt-20.safetensors");
    }

    @Test
    void fallsBackOnlyWhenAskedAndSaysWhatItSkipped() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 3);
        d.save(Fixtures.checkpoint(10));
        d.save(Fixtures.checkpoint(20));
        d.save(Fixtures.checkpoint(30));
        corrupt(d.fileFor(30));
        Files.write(d.fileFor(20), new byte[3]); // truncated
        byte[] before30 = Files.readAllBytes(d.fileFor(30));
        Loaded l = d.latest(Fixtures.LAYOUT, Fixtures.template(), OnCorrupt.FALL_BACK).orElseThrow();
        assertThat(l.file()).isEqualTo(d.fileFor(10));
        assertThat(l.checkpoint()).isEqualTo(Fixtures.checkpoint(10));
        assertThat(l.skipped()).hasSize(2);
        assertThat(l.skipped().get(0)).startsWith("checkpoint " + d.fileFor(30) + ": the data does not match");
        assertThat(l.skipped().get(1)).isEqualTo("checkpoint " + d.fileFor(20) + ": the file has 3 bytes, fewer than"
                + " the 8-byte header length (truncated, or not a safetensors file)");
        assertThat(Files.readAllBytes(d.fileFor(30))).as("reading changes nothing").isEqualTo(before30);
        assertThat(Files.readString(d.directory().resolve("latest"))).isEqualTo("ckpt-30.safetensors\n");
    }

    @Test
    void aDamagedOnlyCheckpointIsRefusedEvenWithFallBack() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 3);
        d.save(Fixtures.checkpoint(10));
        corrupt(d.fileFor(10));
        assertThatThrownBy(() -> d.latest(Fixtures.LAYOUT, Fixtures.template(), OnCorrupt.REFUSE))
                .hasMessageEndingWith("; there is no older checkpoint to fall back to");
        assertThatThrownBy(() -> d.latest(Fixtures.LAYOUT, Fixtures.template(), OnCorrupt.FALL_BACK))
                .isInstanceOf(CheckpointException.class)
                .hasMessageStartingWith("checkpoint " + root + ": no sound checkpoint in the directory; skipped"
                        + " checkpoint " + d.fileFor(10) + ": the data does not match its checksum");
    }

    @Test
    void aCheckpointForAnotherModelIsRefusedEvenWithFallBack() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 3);
        d.save(Fixtures.checkpoint(10));
        d.save(Fixtures.checkpoint(20));
        ParamLayout other = ParamLayout.builder().add("W1", 2, 3).add("b1", 4).add("scale").build();
        assertThatThrownBy(() -> d.latest(other, Adam.of(0.1).init(other).stateDict(), OnCorrupt.FALL_BACK))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + d.fileFor(20) + ": parameter layout does not match the model: block 'b1'"
                        + " has shape [3] in the checkpoint, the model expects [4]");
    }

    @Test
    void withoutAPointerTheLargestStepIsNewest() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 5);
        d.save(Fixtures.checkpoint(9));
        d.save(Fixtures.checkpoint(11));
        Files.delete(root.resolve("latest"));
        assertThat(d.latestFile()).contains(d.fileFor(11));
        assertThat(d.latest().orElseThrow().checkpoint().position().globalStep()).isEqualTo(11);
    }

    @Test
    void aBrokenPointerIsRefused() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 5);
        d.save(Fixtures.checkpoint(9));
        Files.writeString(root.resolve("latest"), "../../etc/passwd\n");
        assertThatThrownBy(d::latest).isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + root.resolve("latest") + ": holds '../../etc/passwd', not a checkpoint"
                        + " file name like ckpt-100.safetensors");
        Files.writeString(root.resolve("latest"), "ckpt-12.safetensors\n");
        assertThatThrownBy(d::latest).isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + d.fileFor(12) + ": no such file; the previous checkpoint is"
                        + " ckpt-9.safetensors (pass OnCorrupt.FALL_BACK to resume from the newest sound one)");
        assertThat(d.latest(null, null, OnCorrupt.FALL_BACK).orElseThrow().file()).isEqualTo(d.fileFor(9));
    }

    @Test
    void aWriteThatFailsMidWayLeavesThePreviousCheckpointAndPointer() throws IOException {
        CheckpointDirectory good = CheckpointDirectory.open(root, 2);
        good.save(Fixtures.checkpoint(10));
        good.save(Fixtures.checkpoint(20));
        List<String> before = names(root);
        byte[] bytes20 = Files.readAllBytes(good.fileFor(20));
        SafetensorsCheckpoints real = new SafetensorsCheckpoints();
        CheckpointCodec failing = new CheckpointCodec() {
            @Override
            public void write(Path path, Checkpoint c) throws IOException {
                AtomicFiles.write(path, out -> {
                    out.write(bytes20, 0, bytes20.length / 2); // half a file reaches the disk, then the crash
                    out.flush();
                    throw new IOException("simulated crash mid-write");
                });
            }

            @Override
            public Checkpoint read(Path path) throws IOException {
                return real.read(path);
            }
        };
        CheckpointDirectory d = new CheckpointDirectory(root, failing, 2);
        assertThatThrownBy(() -> d.save(Fixtures.checkpoint(30))).hasMessage("simulated crash mid-write");
        assertThatThrownBy(() -> d.save(Fixtures.checkpoint(20))).hasMessage("simulated crash mid-write");
        assertThat(names(root)).isEqualTo(before);
        assertThat(Files.readAllBytes(good.fileFor(20))).isEqualTo(bytes20);
        assertThat(good.latest().orElseThrow().checkpoint()).isEqualTo(Fixtures.checkpoint(20));
        assertThat(good.list()).hasSize(2);
    }

    @Test
    void openRemovesTemporaryFilesOfCrashedWritesOnly() throws IOException {
        Files.writeString(root.resolve(".ckpt-7.safetensors.123456.tmp"), "half");
        Files.writeString(root.resolve(".latest.99.tmp"), "x");
        Files.writeString(root.resolve("notes.txt"), "mine");
        CheckpointDirectory.open(root, 1);
        assertThat(names(root)).containsExactly("notes.txt");
    }

    @Test
    void afterResumingFromAnEarlierCheckpointNewerFilesAreLeftAloneUntilReached() throws IOException {
        CheckpointDirectory d = CheckpointDirectory.open(root, 2);
        d.save(Fixtures.checkpoint(10));
        d.save(Fixtures.checkpoint(20));
        d.save(Fixtures.checkpoint(30));
        corrupt(d.fileFor(30)); // resume falls back to 20 and continues from there
        d.save(Fixtures.checkpoint(25));
        assertThat(names(root)).containsExactly("ckpt-20.safetensors", "ckpt-25.safetensors", "ckpt-30.safetensors",
                "latest");
        assertThat(d.latest().orElseThrow().file()).isEqualTo(d.fileFor(25));
        d.save(Fixtures.checkpoint(30)); // reaching step 30 again replaces the damaged file
        assertThat(names(root)).containsExactly("ckpt-25.safetensors", "ckpt-30.safetensors", "latest");
        assertThat(d.latest().map(Loaded::checkpoint)).isEqualTo(Optional.of(Fixtures.checkpoint(30)));
    }

    @Test
    void validatesArguments() {
        assertThatThrownBy(() -> CheckpointDirectory.open(root, 0)).hasMessage("keep = 0 must be >= 1");
        assertThatThrownBy(() -> new CheckpointDirectory(root, new SafetensorsCheckpoints(), 1).fileFor(-1))
                .hasMessage("globalStep = -1 is negative");
        assertThatThrownBy(() -> new CheckpointDirectory(root, new SafetensorsCheckpoints(), 1)
                .latest(Fixtures.LAYOUT, null, OnCorrupt.REFUSE))
                .hasMessage("pass both the expected layout and the state template, or neither");
    }
}
