package dev.descent.io;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.io.Safetensors.F64Slice;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generic container, without the checkpoint schema; cross-checked with {@link RawSafetensors}. */
class SafetensorsTest {

    @TempDir
    Path dir;

    Path write(Map<String, String> meta, List<F64Slice> tensors) throws IOException {
        Path f = dir.resolve("t.safetensors");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Safetensors.write(out, meta, tensors);
        Files.write(f, out.toByteArray());
        return f;
    }

    static Safetensors.Header header(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            return Safetensors.readHeader(ch);
        }
    }

    @Test
    void roundTripsShapesSlicesMetadataAndBits() throws Exception {
        double[] big = {9, 1.5, -0.0, Double.longBitsToDouble(0x7ff8_0000_0000_0abcL), 4, 5, 6, 9};
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("b", "2");
        meta.put("a", "ünïcode");
        Path f = write(meta, List.of(new F64Slice("w", new int[] {2, 3}, big, 1, 6),
                F64Slice.vector("s", new double[] {7})));

        Safetensors.Header h = header(f);
        assertThat(h.metadata()).containsExactly(Map.entry("b", "2"), Map.entry("a", "ünïcode"));
        assertThat(h.entries()).extracting(Safetensors.Entry::name).containsExactly("w", "s");
        assertThat(h.entries().get(0).shape()).containsExactly(2, 3);
        assertThat(h.entries().get(1).begin()).isEqualTo(48);
        assertThat(h.entries().get(1).end()).isEqualTo(56);
        assertThat(h.dataStart() % 8).isZero();
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        Map<String, double[]> v;
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            v = Safetensors.readF64(ch, h, md);
        }
        assertThat(Double.doubleToRawLongBits(v.get("w")[1])).isEqualTo(Double.doubleToRawLongBits(-0.0));
        assertThat(Double.doubleToRawLongBits(v.get("w")[2])).isEqualTo(0x7ff8_0000_0000_0abcL);
        assertThat(v.get("w")).hasSize(6);
        assertThat(v.get("s")).containsExactly(7.0);

        // the digest is of the data section, as the independent reader sees it, and as digestData computes it
        RawSafetensors.File raw = RawSafetensors.read(f);
        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(raw.data()));
        assertThat(HexFormat.of().formatHex(md.digest())).isEqualTo(expected);
        MessageDigest again = MessageDigest.getInstance("SHA-256");
        Safetensors.digestData(List.of(new F64Slice("w", new int[] {2, 3}, big, 1, 6),
                F64Slice.vector("s", new double[] {7})), again);
        assertThat(HexFormat.of().formatHex(again.digest())).isEqualTo(expected);
        assertThat(raw.metadata()).isEqualTo(meta);
        assertThat(raw.headerText()).startsWith("{\"__metadata__\":{\"b\":\"2\",");
    }

    @Test
    void omitsEmptyMetadata() throws IOException {
        Path f = write(Map.of(), List.of(F64Slice.vector("x", new double[] {1, 2})));
        assertThat(RawSafetensors.read(f).headerText()).doesNotContain("__metadata__");
        assertThat(header(f).metadata()).isEmpty();
    }

    @Test
    void readsOtherDtypesInTheHeaderButOnlyF64Data() throws IOException {
        Path f = dir.resolve("i32.safetensors");
        RawSafetensors.write(f, Map.of(), Map.of("i", new RawSafetensors.Tensor("I32", new long[] {2}, new byte[8])));
        Safetensors.Header h = header(f);
        assertThat(h.entries().get(0).dtype()).isEqualTo("I32");
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            assertThatThrownBy(() -> Safetensors.readF64(ch, h, null)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("tensor 'i' has dtype I32, not F64");
        }
    }

    @Test
    void refusesAHeaderThatIsNotAJsonObject() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        RawSafetensors.writeRaw(f, "[1, 2]", new byte[0]);
        assertThatThrownBy(() -> header(f)).isInstanceOfSatisfying(Safetensors.FormatException.class,
                e -> assertThat(e.truncated()).isFalse()).hasMessage("the header is not a JSON object");
    }

    @Test
    void refusesNonStringMetadata() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        RawSafetensors.writeRaw(f, "{\"__metadata__\": {\"k\": 1}}", new byte[0]);
        assertThatThrownBy(() -> header(f)).isInstanceOf(Safetensors.FormatException.class)
                .hasMessage("__metadata__ 'k' is not a string (safetensors metadata maps strings to strings)");
    }

    @Test
    void refusesAnUnknownDtypeAndGappedOffsets() throws IOException {
        Path f = dir.resolve("bad.safetensors");
        RawSafetensors.writeRaw(f, "{\"x\": {\"dtype\": \"F65\", \"shape\": [1], \"data_offsets\": [0, 8]}}",
                new byte[8]);
        assertThatThrownBy(() -> header(f)).hasMessage("tensor 'x' has unknown dtype 'F65'");
        RawSafetensors.writeRaw(f, "{\"x\": {\"dtype\": \"F64\", \"shape\": [1], \"data_offsets\": [8, 16]}}",
                new byte[16]);
        assertThatThrownBy(() -> header(f)).hasMessage("tensor 'x' has data_offsets [8, 16], but the previous tensor"
                + " ends at 0 (tensor data must be contiguous, without gaps or overlaps)");
    }

    @Test
    void refusesATruncatedFileAsTruncated() throws IOException {
        Path f = write(Map.of("k", "v"), List.of(F64Slice.vector("x", new double[] {1, 2, 3})));
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 8));
        assertThatThrownBy(() -> header(f)).isInstanceOfSatisfying(Safetensors.FormatException.class,
                e -> assertThat(e.truncated()).isTrue())
                .hasMessage("the header declares 24 bytes of tensor data, but only 16 follow the header: the file is"
                        + " truncated");
    }

    @Test
    void aSliceOutsideItsArrayIsRefused() {
        assertThatThrownBy(() -> new F64Slice("w", new int[] {3}, new double[4], 2, 3))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("slice [2, 2 + 3) of tensor 'w' is outside its array of 4");
    }
}
