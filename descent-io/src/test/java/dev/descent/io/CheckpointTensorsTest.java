package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dev.descent.io.RawSafetensors.Tensor;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A checkpoint's extra tensors (best parameters, histories) in safetensors files. */
class CheckpointTensorsTest {

    final SafetensorsCheckpoints codec = new SafetensorsCheckpoints();

    @TempDir
    Path dir;

    static Checkpoint withTensors() {
        Checkpoint c = Fixtures.checkpoint(23);
        Map<String, double[]> t = new LinkedHashMap<>();
        t.put("train.best_params", new double[] {1, -0.0, Double.NaN, 4, 5, 6, 7, 8, 9, Double.MIN_VALUE});
        t.put("train.history", new double[] {0, 10, 0.5, 0.75});
        t.put("empty", new double[0]);
        return new Checkpoint(c.formatVersion(), c.layout(), c.params(), c.optimizer(), c.position(), c.metadata(), t);
    }

    @Test
    void extraTensorsRoundTripBitForBitUnderTheChecksum() throws IOException {
        Checkpoint c = withTensors();
        Path f = dir.resolve("c.safetensors");
        codec.write(f, c);
        Checkpoint back = codec.read(f, Fixtures.LAYOUT, Fixtures.template());
        assertThat(back).isEqualTo(c);
        assertThat(back.tensorNames()).containsExactly("train.best_params", "train.history", "empty");
        SafetensorsCheckpointsTest.assertBitsEqual(back.tensor("train.best_params").orElseThrow(),
                c.tensor("train.best_params").orElseThrow());

        RawSafetensors.File raw = RawSafetensors.read(f);
        assertThat(raw.tensors()).containsKeys("extra/train.best_params", "extra/train.history", "extra/empty");
        assertThat(raw.tensors().get("extra/train.history").shape()).containsExactly(4);
        assertThat(raw.metadata()).containsEntry("descent.tensors",
                "{\"train.best_params\":10,\"train.history\":4,\"empty\":0}");
        assertThat(raw.metadata()).containsEntry("descent.format_version", "1");
    }

    @Test
    void aCheckpointWithoutExtraTensorsIsWrittenAsBefore() throws IOException {
        Path f = dir.resolve("c.safetensors");
        codec.write(f, Fixtures.checkpoint(23));
        RawSafetensors.File raw = RawSafetensors.read(f);
        assertThat(raw.metadata()).doesNotContainKey("descent.tensors");
        assertThat(raw.tensors().keySet()).noneMatch(k -> k.startsWith("extra/"));
    }

    @Test
    void aFlippedByteInAnExtraTensorFailsTheChecksum() throws IOException {
        Path f = dir.resolve("c.safetensors");
        codec.write(f, withTensors());
        byte[] all = Files.readAllBytes(f);
        all[all.length - 9] ^= 0x01; // inside extra/train.history, the last non-empty tensor
        Files.write(f, all);
        assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> codec.read(f))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.CHECKSUM_MISMATCH));
    }

    @Test
    void aListedExtraTensorMustBePresentAndAnUnlistedOneIsRefused() throws IOException {
        Path f = dir.resolve("c.safetensors");
        codec.write(f, withTensors());
        RawSafetensors.File raw = RawSafetensors.read(f);

        Map<String, Tensor> missing = new LinkedHashMap<>(raw.tensors());
        missing.remove("extra/train.history");
        RawSafetensors.write(f, raw.metadata(), missing);
        assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> codec.read(f))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.MISSING_TENSOR))
                .withMessageEndingWith("missing tensor 'extra/train.history' (shape [4])");

        Map<String, Tensor> unlisted = new LinkedHashMap<>(raw.tensors());
        unlisted.put("extra/surprise", Tensor.f64(new long[] {1}, 1));
        RawSafetensors.write(f, raw.metadata(), unlisted);
        assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> codec.read(f))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .withMessageEndingWith("unexpected tensor 'extra/surprise': it is neither a parameter block, an"
                        + " optimizer state entry nor a listed extra tensor");

        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.tensors", "{\"train.history\":-4}");
        RawSafetensors.write(f, meta, raw.tensors());
        assertThatExceptionOfType(CheckpointException.class).isThrownBy(() -> codec.read(f))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(Kind.MALFORMED))
                .withMessageEndingWith("'descent.tensors' gives tensor 'train.history' the length -4, not a"
                        + " non-negative integer");
    }
}
