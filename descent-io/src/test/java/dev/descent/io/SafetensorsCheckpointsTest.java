package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.io.RawSafetensors.Tensor;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.assertj.core.api.ThrowableAssertAlternative;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafetensorsCheckpointsTest {

    final SafetensorsCheckpoints codec = new SafetensorsCheckpoints();

    @TempDir
    Path dir;

    Path written() throws IOException {
        Path f = dir.resolve("ckpt-17.safetensors");
        codec.write(f, Fixtures.checkpoint(17));
        return f;
    }

    static void assertBitsEqual(double[] actual, double[] expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.length; i++) {
            assertThat(Double.doubleToRawLongBits(actual[i])).as("element %d", i)
                    .isEqualTo(Double.doubleToRawLongBits(expected[i]));
        }
    }

    static void assertSameBits(Checkpoint back, Checkpoint c) {
        assertThat(back).isEqualTo(c);
        assertBitsEqual(back.params(), c.params());
        Map<String, double[]> a = back.optimizer().flatten();
        Map<String, double[]> b = c.optimizer().flatten();
        assertThat(a.keySet()).containsExactlyElementsOf(b.keySet());
        for (String k : b.keySet()) {
            assertBitsEqual(a.get(k), b.get(k));
        }
    }

    // ---------------------------------------------------------------- round trips

    @Test
    void roundTripIsBitForBit() throws IOException {
        Checkpoint c = Fixtures.checkpoint(17);
        Path f = dir.resolve("c.safetensors");
        codec.write(f, c);
        Checkpoint back = codec.read(f);
        assertSameBits(back, c);
        assertThat(back.metadata()).containsExactlyEntriesOf(c.metadata());
        assertThat(back.position()).isEqualTo(c.position());
        assertThat(back.optimizer().children().get("weights").children().get("inner").layout().names())
                .containsExactly("W1", "scale");
        assertSameBits(codec.read(f, Fixtures.LAYOUT, Fixtures.template()), c);
    }

    @Test
    void rewritingIsDeterministic() throws IOException {
        Path a = dir.resolve("a.safetensors");
        Path b = dir.resolve("b.safetensors");
        codec.write(a, Fixtures.checkpoint(3));
        codec.write(b, codec.read(a));
        assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
    }

    @Test
    void anIndependentReaderSeesAStandardSafetensorsFile() throws Exception {
        Checkpoint c = Fixtures.checkpoint(17);
        Path f = written();
        byte[] all = Files.readAllBytes(f);
        long n = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        assertThat(n % 8).as("header length is a multiple of 8").isZero();
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        assertThat(header).startsWith("{\"__metadata__\":{");
        assertThat(header.strip()).endsWith("}");
        assertThat(header.substring(header.strip().length())).matches(" {0,7}");

        RawSafetensors.File raw = RawSafetensors.read(f);
        assertThat(raw.tensors().keySet()).containsExactly("param/W1", "param/b1", "param/scale", "optim/step",
                "optim/bias/step", "optim/bias/momentum.velocity", "optim/weights/step", "optim/weights/inner/step",
                "optim/weights/inner/adam.m", "optim/weights/inner/adam.v");
        assertThat(raw.tensors().values()).allSatisfy(t -> assertThat(t.dtype()).isEqualTo("F64"));
        assertThat(raw.tensors().get("param/W1").shape()).containsExactly(2, 3);
        assertThat(raw.tensors().get("param/scale").shape()).isEmpty();
        assertThat(raw.tensors().get("optim/weights/inner/adam.m").shape()).containsExactly(7);

        double[] params = c.params();
        assertBitsEqual(raw.tensors().get("param/W1").doubles(), java.util.Arrays.copyOfRange(params, 0, 6));
        assertBitsEqual(raw.tensors().get("param/b1").doubles(), java.util.Arrays.copyOfRange(params, 6, 9));
        assertBitsEqual(raw.tensors().get("param/scale").doubles(), new double[] {params[9]});
        assertBitsEqual(raw.tensors().get("optim/weights/inner/adam.v").doubles(),
                c.optimizer().children().get("weights").children().get("inner").get("adam.v"));
        assertThat(raw.tensors().get("optim/weights/inner/step").doubles()).containsExactly(4.0);

        assertThat(raw.metadata()).containsEntry("descent.format_version", "1")
                .containsEntry("config", c.metadata().get("config"))
                .containsEntry("descent.position",
                        "{\"epoch\":1,\"step_in_epoch\":7,\"global_step\":17,\"seed\":42}");
        assertThat(raw.metadata().get("descent.layout")).isEqualTo("[{\"name\":\"W1\",\"offset\":0,\"shape\":[2,3]},"
                + "{\"name\":\"b1\",\"offset\":6,\"shape\":[3]},{\"name\":\"scale\",\"offset\":9,\"shape\":[]}]");
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.data()));
        assertThat(raw.metadata()).containsEntry("descent.sha256", sha);
    }

    @Test
    void readsAFileWrittenByAnotherWriterInAnotherTensorOrder() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, Tensor> reversed = new LinkedHashMap<>();
        List<String> names = new java.util.ArrayList<>(raw.tensors().keySet());
        java.util.Collections.reverse(names);
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (String name : names) {
            reversed.put(name, raw.tensors().get(name));
            data.write(raw.tensors().get(name).bytes());
        }
        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.sha256", sha256(data.toByteArray()));
        Path g = dir.resolve("other.safetensors");
        RawSafetensors.write(g, meta, reversed);
        assertSameBits(codec.read(g), Fixtures.checkpoint(17));
    }

    // ---------------------------------------------------------------- damaged files

    ThrowableAssertAlternative<CheckpointException> refused(Path f, Kind kind) {
        return org.assertj.core.api.Assertions.assertThatExceptionOfType(CheckpointException.class)
                .isThrownBy(() -> codec.read(f))
                .satisfies(e -> assertThat(e.kind()).isEqualTo(kind))
                .satisfies(e -> assertThat(e.file()).isEqualTo(f))
                .withMessageStartingWith("checkpoint " + f + ": ");
    }

    void truncate(Path f, long length) throws IOException {
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, (int) length));
    }

    @Test
    void refusesAMissingFile() {
        refused(dir.resolve("nope.safetensors"), Kind.NOT_FOUND).withMessageEndingWith(": no such file");
    }

    @Test
    void refusesAFileShorterThanTheHeaderLength() throws IOException {
        Path f = written();
        truncate(f, 5);
        refused(f, Kind.TRUNCATED).withMessageContaining("the file has 5 bytes, fewer than the 8-byte header length");
        truncate(f, 0);
        refused(f, Kind.TRUNCATED).withMessageContaining("the file has 0 bytes");
    }

    @Test
    void refusesAHeaderLengthBeyondTheFile() throws IOException {
        Path f = written();
        long n = RawSafetensors.read(f).headerLength();
        truncate(f, 8 + n / 2);
        refused(f, Kind.TRUNCATED).withMessageContaining("header length " + n + " runs past the end of the file ("
                + (8 + n / 2) + " bytes)");
    }

    @Test
    void refusesAnAbsurdHeaderLength() throws IOException {
        Path f = written();
        byte[] all = Files.readAllBytes(f);
        ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN).putLong(0, -2L);
        Files.write(f, all);
        refused(f, Kind.MALFORMED).withMessageContaining("header length 18446744073709551614 exceeds the limit of"
                + " 100000000 bytes");
    }

    @Test
    void refusesATruncatedDataSection() throws IOException {
        Path f = written();
        long size = Files.size(f);
        long data = RawSafetensors.read(f).data().length;
        truncate(f, size - 3);
        refused(f, Kind.TRUNCATED).withMessageEndingWith("the header declares " + data + " bytes of tensor data, but"
                + " only " + (data - 3) + " follow the header: the file is truncated");
    }

    @Test
    void refusesTrailingBytes() throws IOException {
        Path f = written();
        Files.write(f, new byte[] {1, 2}, java.nio.file.StandardOpenOption.APPEND);
        refused(f, Kind.MALFORMED).withMessageContaining("2 bytes follow the last tensor's data");
    }

    @Test
    void refusesAHeaderThatIsNotJson() throws IOException {
        Path f = written();
        byte[] all = Files.readAllBytes(f);
        all[8 + 1] = '#'; // the opening quote of "__metadata__"
        Files.write(f, all);
        refused(f, Kind.MALFORMED).withMessageContaining("the header is not valid JSON: ")
                .withMessageContaining("at header character 1");
    }

    @Test
    void refusesAHeaderThatIsNotUtf8() throws IOException {
        Path f = written();
        byte[] all = Files.readAllBytes(f);
        all[8 + 3] = (byte) 0xff;
        Files.write(f, all);
        refused(f, Kind.MALFORMED).withMessageEndingWith("the header is not valid UTF-8");
    }

    @Test
    void refusesDuplicateHeaderKeys() throws IOException {
        Path f = dir.resolve("dup.safetensors");
        RawSafetensors.writeRaw(f, "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        refused(f, Kind.MALFORMED).withMessageContaining("Duplicate field 'a'");
    }

    @Test
    void refusesASafetensorsFileThatIsNotACheckpoint() throws IOException {
        Path f = dir.resolve("plain.safetensors");
        RawSafetensors.write(f, Map.of("format", "pt"), Map.of("w", Tensor.f64(new long[] {2}, 1, 2)));
        refused(f, Kind.MALFORMED).withMessageEndingWith("__metadata__ has no 'descent.format_version' (not a descent"
                + " checkpoint?)");
        RawSafetensors.write(f, null, Map.of("w", Tensor.f64(new long[] {2}, 1, 2)));
        refused(f, Kind.MALFORMED).withMessageContaining("no 'descent.format_version'");
    }

    @Test
    void refusesANewerFormatVersion() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.format_version", "2");
        RawSafetensors.write(f, meta, raw.tensors());
        refused(f, Kind.UNSUPPORTED_VERSION).withMessageEndingWith("format version 2 is not supported (this build reads"
                + " versions 1 to 1)");
    }

    @Test
    void refusesAMissingTensor() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>(raw.tensors());
        tensors.remove("optim/weights/inner/adam.v");
        RawSafetensors.write(f, raw.metadata(), tensors);
        refused(f, Kind.MISSING_TENSOR).withMessageEndingWith("missing tensor 'optim/weights/inner/adam.v' (shape [7])");

        tensors = new LinkedHashMap<>(raw.tensors());
        tensors.remove("param/b1");
        RawSafetensors.write(f, raw.metadata(), tensors);
        refused(f, Kind.MISSING_TENSOR).withMessageEndingWith("missing tensor 'param/b1' (shape [3])");
    }

    @Test
    void refusesAnUnexpectedTensor() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>(raw.tensors());
        tensors.put("param/W9", Tensor.f64(new long[] {1}, 1));
        RawSafetensors.write(f, raw.metadata(), tensors);
        refused(f, Kind.MALFORMED).withMessageEndingWith("unexpected tensor 'param/W9': it is neither a parameter block,"
                + " an optimizer state entry nor a listed extra tensor");
    }

    @Test
    void refusesAWrongDtype() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>(raw.tensors());
        tensors.put("param/b1", new Tensor("F32", new long[] {3}, new byte[12]));
        RawSafetensors.write(f, raw.metadata(), tensors);
        refused(f, Kind.WRONG_TENSOR).withMessageEndingWith("tensor 'param/b1' has dtype F32, expected F64");
    }

    @Test
    void refusesAWrongShape() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>(raw.tensors());
        Tensor w = tensors.get("param/W1");
        tensors.put("param/W1", new Tensor("F64", new long[] {3, 2}, w.bytes()));
        RawSafetensors.write(f, raw.metadata(), tensors);
        refused(f, Kind.WRONG_TENSOR).withMessageEndingWith("tensor 'param/W1' has shape [3, 2], expected [2, 3]");
    }

    @Test
    void refusesOffsetsThatDoNotMatchDtypeAndShape() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        RawSafetensors.writeRaw(f, "{\"a\":{\"dtype\":\"F64\",\"shape\":[2],\"data_offsets\":[0,8]}}", new byte[8]);
        refused(f, Kind.MALFORMED).withMessageEndingWith("tensor 'a': dtype F64 and shape [2] need 16 bytes, but"
                + " data_offsets [0, 8] hold 8");
        RawSafetensors.writeRaw(f, "{\"a\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[8,16]}}", new byte[16]);
        refused(f, Kind.MALFORMED).withMessageEndingWith("tensor 'a' has data_offsets [8, 16], but the previous tensor"
                + " ends at 0 (tensor data must be contiguous, without gaps or overlaps)");
        RawSafetensors.writeRaw(f, "{\"a\":{\"dtype\":\"Q7\",\"shape\":[1],\"data_offsets\":[0,8]}}", new byte[8]);
        refused(f, Kind.MALFORMED).withMessageEndingWith("tensor 'a' has unknown dtype 'Q7'");
        RawSafetensors.writeRaw(f, "{\"a\":{\"dtype\":\"F64\",\"shape\":[-1],\"data_offsets\":[0,8]}}", new byte[8]);
        refused(f, Kind.MALFORMED).withMessageEndingWith("tensor 'a' shape has -1, not a non-negative integer");
        RawSafetensors.writeRaw(f, "[1, 2]", new byte[0]);
        refused(f, Kind.MALFORMED).withMessageEndingWith("the header is not a JSON object");
    }

    @Test
    void refusesDamagedDescentMetadata() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.layout", "[{\"name\":\"W1\",\"offset\":3,\"shape\":[2,3]}]");
        RawSafetensors.write(f, meta, raw.tensors());
        refused(f, Kind.MALFORMED).withMessageContaining("'descent.layout' is invalid: block 'W1' starts at 3 but the"
                + " previous block ends at 0");
        meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.position", "{\"epoch\":1}");
        RawSafetensors.write(f, meta, raw.tensors());
        refused(f, Kind.MALFORMED).withMessageEndingWith("'descent.position' has no integer 'step_in_epoch'");
        meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.optimizer_state", "{oops");
        RawSafetensors.write(f, meta, raw.tensors());
        refused(f, Kind.MALFORMED).withMessageContaining("'descent.optimizer_state' is not valid JSON");
    }

    @Test
    void refusesAStepThatIsNotACount() throws IOException {
        Path f = written();
        RawSafetensors.File raw = RawSafetensors.read(f);
        Map<String, Tensor> tensors = new LinkedHashMap<>(raw.tensors());
        tensors.put("optim/bias/step", Tensor.f64(new long[] {1}, 2.5));
        java.io.ByteArrayOutputStream data = new java.io.ByteArrayOutputStream();
        for (Tensor t : tensors.values()) {
            data.write(t.bytes());
        }
        Map<String, String> meta = new LinkedHashMap<>(raw.metadata());
        meta.put("descent.sha256", sha256(data.toByteArray()));
        RawSafetensors.write(f, meta, tensors);
        refused(f, Kind.MALFORMED).withMessageEndingWith("flat state key 'bias/step' = 2.5 is not a step count (an"
                + " integer in [0, 2^53])");
    }

    @Test
    void refusesAFlippedDataByteByChecksum() throws IOException {
        Path f = written();
        byte[] all = Files.readAllBytes(f);
        all[all.length - 20] ^= 0x01;
        Files.write(f, all);
        byte[] before = Files.readAllBytes(f);
        refused(f, Kind.CHECKSUM_MISMATCH).withMessageMatching("checkpoint .*: the data does not match its checksum:"
                + " 'descent.sha256' is [0-9a-f]{64} but the data section hashes to [0-9a-f]{64} \\(the file is"
                + " corrupted\\)");
        assertThat(Files.readAllBytes(f)).as("a failed read writes nothing").isEqualTo(before);
    }

    // ---------------------------------------------------------------- not this model

    @Test
    void refusesALayoutThatIsNotTheModels() throws IOException {
        Path f = written();
        ParamLayout other = ParamLayout.builder().add("W1", 3, 2).add("b1", 3).add("scale").build();
        StateDict t = Adam.of(0.1).init(other).stateDict();
        assertThatThrownBy(() -> codec.read(f, other, t))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + f + ": parameter layout does not match the model: block 'W1' has shape"
                        + " [2, 3] in the checkpoint, the model expects [3, 2]");
    }

    @Test
    void refusesStateThatIsNotTheOptimizers() throws IOException {
        Path f = written();
        assertThatThrownBy(() -> codec.read(f, Fixtures.LAYOUT, Sgd.of(0.1).init(Fixtures.LAYOUT).stateDict()))
                .isInstanceOf(CheckpointException.class)
                .hasMessage("checkpoint " + f + ": optimizer state does not fit the optimizer: state at '/' is for"
                        + " optimizer 'partition', expected 'sgd'")
                .extracting(e -> ((CheckpointException) e).kind()).isEqualTo(Kind.STATE_MISMATCH);
    }

    // ---------------------------------------------------------------- failed writes

    @Test
    void aFailedWriteLeavesThePreviousFileAndNoTemporaryFile() throws IOException {
        Path f = written();
        byte[] before = Files.readAllBytes(f);
        // make the rename fail: the target's name is taken by a non-empty directory in the new location
        Path sub = dir.resolve("sub");
        Files.createDirectories(sub.resolve("ckpt.safetensors").resolve("occupied"));
        assertThatThrownBy(() -> codec.write(sub.resolve("ckpt.safetensors"), Fixtures.checkpoint(18)))
                .isInstanceOf(IOException.class);
        try (var s = Files.list(sub)) {
            assertThat(s).extracting(p -> p.getFileName().toString()).containsExactly("ckpt.safetensors");
        }
        assertThatThrownBy(() -> codec.write(dir.resolve("missing-dir").resolve("x.safetensors"),
                Fixtures.checkpoint(18))).isInstanceOf(IOException.class);
        assertThat(Files.readAllBytes(f)).isEqualTo(before);
        try (var s = Files.list(dir)) {
            assertThat(s).extracting(p -> p.getFileName().toString())
                    .containsExactlyInAnyOrder("ckpt-17.safetensors", "sub");
        }
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
