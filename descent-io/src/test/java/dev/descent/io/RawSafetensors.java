package dev.descent.io;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An independent, deliberately naive safetensors reader and writer for tests: the header parsed by
 * hand with Jackson's tree model, the data with a {@link ByteBuffer}. It shares no code with
 * {@link SafetensorsCheckpoints}, so round trips through it check the format, not the codec
 * against itself. The writer lets tests build damaged files.
 */
final class RawSafetensors {

    static final ObjectMapper JSON = new ObjectMapper();

    record Tensor(String dtype, long[] shape, byte[] bytes) {
        double[] doubles() {
            if (!dtype.equals("F64")) {
                throw new IllegalStateException("dtype " + dtype);
            }
            double[] out = new double[bytes.length / 8];
            ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asDoubleBuffer().get(out);
            return out;
        }

        static Tensor f64(long[] shape, double... values) {
            ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.LITTLE_ENDIAN);
            b.asDoubleBuffer().put(values);
            return new Tensor("F64", shape, b.array());
        }
    }

    /** A whole file: header length, the raw header text, metadata, and tensors in offset order. */
    record File(long headerLength, String headerText, Map<String, String> metadata, Map<String, Tensor> tensors,
            byte[] data) {
    }

    static File read(Path path) throws IOException {
        byte[] all = Files.readAllBytes(path);
        ByteBuffer b = ByteBuffer.wrap(all).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong(0);
        String header = new String(all, 8, (int) n, StandardCharsets.UTF_8);
        JsonNode root = JSON.readTree(header);
        Map<String, String> meta = new LinkedHashMap<>();
        Map<String, long[]> offsets = new LinkedHashMap<>();
        Map<String, JsonNode> infos = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals("__metadata__")) {
                f.getValue().fields().forEachRemaining(m -> meta.put(m.getKey(), m.getValue().textValue()));
            } else {
                infos.put(f.getKey(), f.getValue());
                JsonNode o = f.getValue().get("data_offsets");
                offsets.put(f.getKey(), new long[] {o.get(0).longValue(), o.get(1).longValue()});
            }
        }
        byte[] data = Arrays.copyOfRange(all, (int) (8 + n), all.length);
        Map<String, Tensor> tensors = new LinkedHashMap<>();
        infos.entrySet().stream().sorted((x, y) -> Long.compare(offsets.get(x.getKey())[0], offsets.get(y.getKey())[0]))
                .forEach(e -> {
                    long[] o = offsets.get(e.getKey());
                    JsonNode shape = e.getValue().get("shape");
                    long[] s = new long[shape.size()];
                    for (int i = 0; i < s.length; i++) {
                        s[i] = shape.get(i).longValue();
                    }
                    tensors.put(e.getKey(), new Tensor(e.getValue().get("dtype").textValue(), s,
                            Arrays.copyOfRange(data, (int) o[0], (int) o[1])));
                });
        return new File(n, header, meta, tensors, data);
    }

    /** Writes a file with offsets computed from the tensors' bytes, header padded with spaces. */
    static void write(Path path, Map<String, String> metadata, Map<String, Tensor> tensors) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (metadata != null) {
            ObjectNode m = root.putObject("__metadata__");
            metadata.forEach(m::put);
        }
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        for (Map.Entry<String, Tensor> e : tensors.entrySet()) {
            ObjectNode t = root.putObject(e.getKey());
            t.put("dtype", e.getValue().dtype());
            ArrayNode shape = t.putArray("shape");
            for (long d : e.getValue().shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(data.size()).add(data.size() + e.getValue().bytes().length);
            data.write(e.getValue().bytes());
        }
        writeRaw(path, JSON.writeValueAsString(root), data.toByteArray());
    }

    /** Writes a header text (padded to 8 bytes with spaces) and a data section as they are. */
    static void writeRaw(Path path, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        int padded = (h.length + 7) / 8 * 8;
        ByteBuffer b = ByteBuffer.allocate(8 + padded + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(padded).put(h);
        for (int i = h.length; i < padded; i++) {
            b.put((byte) ' ');
        }
        b.put(data);
        Files.write(path, b.array());
    }
}
