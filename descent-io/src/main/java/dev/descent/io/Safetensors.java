package dev.descent.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The <a href="https://github.com/huggingface/safetensors">safetensors</a> container, with no
 * knowledge of what the tensors mean: the header (its length, JSON, dtypes, shapes, data offsets,
 * {@code __metadata__}) and {@code F64} data. {@link SafetensorsCheckpoints} builds the checkpoint
 * schema on top of it.
 *
 * <pre>
 * bytes 0..7      N, the header length: unsigned 64-bit little-endian
 * bytes 8..8+N    the header: UTF-8 JSON, padded with spaces so that N is a multiple of 8
 * bytes 8+N..end  the data section: every tensor's elements, little-endian, row-major ("C" order),
 *                 back to back in header order, with no gaps and nothing after the last tensor
 * </pre>
 * The header maps each tensor name to {@code {"dtype": "F64", "shape": [..], "data_offsets": [begin, end]}}
 * (byte offsets relative to the start of the data section), plus the optional {@code __metadata__}
 * map of strings to strings. This is the layout of the reference implementation
 * ({@code safetensors/src/tensor.rs}: 8-byte length, 8-byte header alignment with spaces,
 * contiguous offsets that must cover the whole data section, a 100 MB header limit).
 *
 * <p>Reading checks the file length against the header length, the header as UTF-8 JSON
 * (duplicate keys refused), every tensor entry (a known dtype, a shape whose byte size is the
 * entry's offsets) and that the offsets tile the data section exactly. Failures are
 * {@link FormatException}s. Data is streamed in 64 KiB chunks in both directions.
 */
public final class Safetensors {

    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    /** The header key of the string-to-string metadata map. */
    public static final String METADATA = "__metadata__";

    private static final int CHUNK = 1 << 16;
    private static final Map<String, Integer> DTYPE_BYTES = dtypeSizes();

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private Safetensors() {
    }

    /**
     * A file that is not well-formed safetensors. The message says what is wrong, without the
     * file name (callers add it).
     */
    public static final class FormatException extends IOException {

        private static final long serialVersionUID = 1L;

        private final boolean truncated;

        /**
         * @param truncated true when the file ends before the header or data it declares
         * @param detail    what is wrong
         * @param cause     the parser's exception, or null
         */
        public FormatException(boolean truncated, String detail, Throwable cause) {
            super(detail, cause);
            this.truncated = truncated;
        }

        /** True when the file ends before the header or the data it declares; false when it is malformed. */
        public boolean truncated() {
            return truncated;
        }
    }

    // ---------------------------------------------------------------- writing

    /**
     * An {@code F64} tensor to write: {@code length} elements of {@code array} from {@code from}, in
     * the given shape. The array is not modified (nor copied: it must not change until written).
     */
    public record F64Slice(String name, int[] shape, double[] array, int from, int length) {

        public F64Slice {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(array, "array");
            if (from < 0 || length < 0 || from > array.length - length) {
                throw new IllegalArgumentException("slice [" + from + ", " + from + " + " + length + ") of tensor '"
                        + name + "' is outside its array of " + array.length);
            }
        }

        /** A whole vector, shape {@code [length]}. */
        public static F64Slice vector(String name, double[] v) {
            return new F64Slice(name, new int[] {v.length}, v, 0, v.length);
        }

        long bytes() {
            return 8L * length;
        }
    }

    /**
     * Writes a whole file: the header length, the header (metadata first, in the map's order, then
     * the tensors in list order with contiguous offsets) and the data.
     *
     * @param out      receives the bytes; not closed
     * @param metadata not modified; the {@code __metadata__} map, omitted when empty
     * @param tensors  not modified; the tensors, in file order
     */
    public static void write(OutputStream out, Map<String, String> metadata, List<F64Slice> tensors)
            throws IOException {
        byte[] header = header(metadata, tensors);
        out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
        out.write(header);
        forEachChunk(tensors, (b, n) -> out.write(b, 0, n));
    }

    /** Feeds the data section of {@code tensors}, as {@link #write} lays it out, to {@code digest}. */
    public static void digestData(List<F64Slice> tensors, MessageDigest digest) throws IOException {
        forEachChunk(tensors, (b, n) -> digest.update(b, 0, n));
    }

    /** The header JSON, padded with spaces to a multiple of 8 bytes. */
    static byte[] header(Map<String, String> metadata, List<F64Slice> tensors) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = root.putObject(METADATA);
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (F64Slice s : tensors) {
            ObjectNode t = root.putObject(s.name());
            t.put("dtype", "F64");
            ArrayNode shape = t.putArray("shape");
            for (int d : s.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + s.bytes());
            offset += s.bytes();
        }
        byte[] text = JSON.writeValueAsBytes(root);
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private interface ByteSink {
        void accept(byte[] bytes, int length) throws IOException;
    }

    /** Little-endian bytes of every slice, in order, in chunks. */
    private static void forEachChunk(List<F64Slice> slices, ByteSink sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (F64Slice s : slices) {
            int done = 0;
            while (done < s.length()) {
                int n = Math.min(s.length() - done, CHUNK / 8);
                buf.clear();
                buf.asDoubleBuffer().put(s.array(), s.from() + done, n);
                sink.accept(buf.array(), n * 8);
                done += n;
            }
        }
    }

    // ---------------------------------------------------------------- reading

    /**
     * A tensor entry of the header.
     *
     * @param begin the first byte, relative to the data section
     * @param end   one past the last byte
     */
    public record Entry(String name, String dtype, long[] shape, long begin, long end) {

        /** The shape as {@code [2, 3]}. */
        public String shapeText() {
            return Arrays.toString(shape);
        }
    }

    /**
     * A checked header.
     *
     * @param metadata  the {@code __metadata__} map, in file order (empty when absent)
     * @param entries   the tensors in offset order
     * @param dataStart the file offset of the data section
     */
    public record Header(Map<String, String> metadata, List<Entry> entries, long dataStart) {
        public Header {
            metadata = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(metadata));
            entries = List.copyOf(entries);
        }
    }

    /** Reads and checks the header of the file open as {@code ch}, and that the data section has the declared size. */
    public static Header readHeader(FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new FormatException(true, "the file has " + size
                    + " bytes, fewer than the 8-byte header length (truncated, or not a safetensors file)", null);
        }
        long n = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new FormatException(false, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (not a safetensors file?)", null);
        }
        if (8 + n > size) {
            throw new FormatException(true, "header length " + n + " runs past the end of the"
                    + " file (" + size + " bytes): the file is truncated or not a safetensors file", null);
        }
        JsonNode root = parseHeader(readFully(ch, 8, (int) n));
        Map<String, String> meta = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                readMetadata(f.getValue(), meta);
            } else {
                entries.add(entry(f.getKey(), f.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long dataBytes = checkOffsets(entries);
        long actual = size - 8 - n;
        if (actual < dataBytes) {
            throw new FormatException(true, "the header declares " + dataBytes
                    + " bytes of tensor data, but only " + actual + " follow the header: the file is truncated", null);
        }
        if (actual > dataBytes) {
            throw new FormatException(false, (actual - dataBytes)
                    + " bytes follow the last tensor's data (the data offsets must cover the data section exactly)",
                    null);
        }
        return new Header(meta, entries, 8 + n);
    }

    /**
     * Reads every tensor of {@code header}, which must all be {@code F64}, in offset order.
     *
     * @param digest updated with the whole data section as it is read, or null
     * @return the values by tensor name, in offset order
     */
    public static Map<String, double[]> readF64(FileChannel ch, Header header, MessageDigest digest)
            throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, double[]> out = new LinkedHashMap<>();
        long pos = header.dataStart();
        for (Entry e : header.entries()) {
            if (!e.dtype().equals("F64")) {
                throw new IllegalArgumentException("tensor '" + e.name() + "' has dtype " + e.dtype() + ", not F64");
            }
            int count = Math.toIntExact((e.end() - e.begin()) / 8);
            double[] values = new double[count];
            int done = 0;
            while (done < count) {
                int n = Math.min(count - done, CHUNK / 8);
                buf.clear().limit(n * 8);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw new FormatException(true, "the file ended at byte " + (pos + buf.position())
                                + " inside tensor '" + e.name() + "'", null);
                    }
                }
                if (digest != null) {
                    digest.update(buf.array(), 0, n * 8);
                }
                buf.flip();
                buf.asDoubleBuffer().get(values, done, n);
                pos += n * 8L;
                done += n;
            }
            out.put(e.name(), values);
        }
        return out;
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new FormatException(true, "the file ended at byte " + (position + b.position())
                        + " while reading", null);
            }
        }
        return b.flip();
    }

    private static JsonNode parseHeader(ByteBuffer bytes) throws FormatException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new FormatException(false, "the header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new FormatException(false, "the header is not valid JSON: " + e.getOriginalMessage()
                    + " (at header character " + e.getLocation().getCharOffset() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new FormatException(false, "the header is not a JSON object", null);
        }
        return root;
    }

    private static void readMetadata(JsonNode node, Map<String, String> out) throws FormatException {
        if (!node.isObject()) {
            throw malformed(METADATA + " is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw malformed(METADATA + " '" + f.getKey()
                        + "' is not a string (safetensors metadata maps strings to strings)");
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
    }

    private static Entry entry(String name, JsonNode t) throws FormatException {
        String where = "tensor '" + name + "'";
        if (!t.isObject()) {
            throw malformed(where + " is not a JSON object");
        }
        JsonNode dtype = t.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw malformed(where + " has no dtype string");
        }
        if (!DTYPE_BYTES.containsKey(dtype.textValue())) {
            throw malformed(where + " has unknown dtype '" + dtype.textValue() + "'");
        }
        long[] shape = longs(where + " shape", t.get("shape"), -1);
        long[] offsets = longs(where + " data_offsets", t.get("data_offsets"), 2);
        if (offsets[1] < offsets[0]) {
            throw malformed(where + " has data_offsets " + Arrays.toString(offsets) + " that end before they begin");
        }
        long elements = 1;
        for (long d : shape) {
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw malformed(where + " has shape " + Arrays.toString(shape) + " with too many elements");
            }
        }
        long need;
        try {
            need = Math.multiplyExact(elements, DTYPE_BYTES.get(dtype.textValue()));
        } catch (ArithmeticException e) {
            throw malformed(where + " is too large");
        }
        if (offsets[1] - offsets[0] != need) {
            throw malformed(where + ": dtype " + dtype.textValue() + " and shape " + Arrays.toString(shape) + " need "
                    + need + " bytes, but data_offsets " + Arrays.toString(offsets) + " hold "
                    + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype.textValue(), shape, offsets[0], offsets[1]);
    }

    /**
     * A JSON array of non-negative integers, of {@code length} elements unless it is negative.
     *
     * @param what names the array in the message, e.g. {@code tensor 'w' shape}
     */
    static long[] longs(String what, JsonNode node, int length) throws FormatException {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw malformed(what + " is missing or not an array" + (length >= 0 ? " of " + length + " integers"
                    : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw malformed(what + " has " + v + ", not a non-negative integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Offsets sorted by begin must tile [0, end) without gaps or overlaps; returns the end. */
    private static long checkOffsets(List<Entry> entries) throws FormatException {
        long end = 0;
        for (Entry e : entries) {
            if (e.begin() != end) {
                throw malformed("tensor '" + e.name() + "' has data_offsets [" + e.begin() + ", " + e.end()
                        + "], but the previous tensor ends at " + end
                        + " (tensor data must be contiguous, without gaps or overlaps)");
            }
            end = e.end();
        }
        return end;
    }

    private static FormatException malformed(String detail) {
        return new FormatException(false, detail, null);
    }

    private static Map<String, Integer> dtypeSizes() {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (String t : List.of("BOOL", "U8", "I8", "F8_E5M2", "F8_E4M3")) {
            m.put(t, 1);
        }
        for (String t : List.of("I16", "U16", "F16", "BF16")) {
            m.put(t, 2);
        }
        for (String t : List.of("I32", "U32", "F32")) {
            m.put(t, 4);
        }
        for (String t : List.of("I64", "U64", "F64")) {
            m.put(t, 8);
        }
        return Map.copyOf(m);
    }
}
