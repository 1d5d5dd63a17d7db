package dev.descent.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.StateDict;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointCodec;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import dev.descent.train.TrainingPosition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints as <a href="https://github.com/huggingface/safetensors">safetensors</a> files, which
 * numpy, PyTorch, JAX and the {@code safetensors} Python package read directly.
 *
 * <h2>File layout</h2>
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
 * <h2>What a descent checkpoint stores</h2>
 * <table>
 *   <caption>Tensors (all {@code F64}) and metadata</caption>
 *   <tr><th>name</th><th>holds</th></tr>
 *   <tr><td>{@code param/<block>}</td><td>the parameters of one layout block, in the block's shape
 *       ({@code []} for a scalar block)</td></tr>
 *   <tr><td>{@code optim/<key>}</td><td>one entry of {@link StateDict#flatten()}, shape {@code [length]}:
 *       {@code optim/step}, {@code optim/adam.s}, {@code optim/inner/adam.s}, …</td></tr>
 *   <tr><td>{@code extra/<name>}</td><td>one of the checkpoint's extra {@link Checkpoint#tensors()}, shape
 *       {@code [length]} (absent when there are none)</td></tr>
 *   <tr><td>{@code descent.format_version}</td><td>{@link Checkpoint#FORMAT_VERSION}, e.g. {@code "1"}</td></tr>
 *   <tr><td>{@code descent.layout}</td><td>JSON: {@code [{"name":"W1","offset":0,"shape":[2,3]}, …]}</td></tr>
 *   <tr><td>{@code descent.optimizer_state}</td><td>JSON: the state tree without values, needed to
 *       unflatten {@code optim/…}: {@code {"optimizer":"adam","layout":[…],"buffers":{"adam.s":6,…},
 *       "children":{…}}}</td></tr>
 *   <tr><td>{@code descent.position}</td><td>JSON: {@code {"epoch":…,"step_in_epoch":…,"global_step":…,"seed":…}}</td></tr>
 *   <tr><td>{@code descent.tensors}</td><td>JSON: the extra tensors' names and lengths in order,
 *       {@code {"best_params":6,…}}; absent when there are none, so files without extra tensors are
 *       exactly what earlier builds wrote</td></tr>
 *   <tr><td>{@code descent.sha256}</td><td>SHA-256 of the whole data section, lowercase hex</td></tr>
 *   <tr><td>any other key</td><td>the checkpoint's own {@link Checkpoint#metadata()}</td></tr>
 * </table>
 *
 * <h2>Guarantees</h2>
 * <ul>
 *   <li>Round trips are bit for bit, NaN payloads and signed zeros included.</li>
 *   <li>Writes are atomic ({@link AtomicFiles}): a failed write leaves the previous file intact.</li>
 *   <li>Reads check, in this order: the file length against the header length, the header as
 *       UTF-8 JSON (duplicate keys refused), every tensor entry and the contiguity of the offsets,
 *       the data section length, the descent metadata, the presence, dtype and shape of every
 *       expected tensor (and the absence of others), then the SHA-256 of the data. Any failure is a
 *       {@link CheckpointException} naming the file and the problem; nothing is written. The
 *       checksum covers the data section; the header is covered by these structural checks.</li>
 *   <li>Data is streamed in 64 KiB chunks, so writing and reading need no second copy of the file
 *       in memory.</li>
 * </ul>
 */
public final class SafetensorsCheckpoints implements CheckpointCodec {

    /** The usual file name extension. */
    public static final String EXTENSION = ".safetensors";

    /** The largest header accepted, as in the reference implementation. */
    public static final long MAX_HEADER_BYTES = 100_000_000L;

    static final String METADATA = "__metadata__";
    static final String FORMAT_VERSION_KEY = "descent.format_version";
    static final String LAYOUT_KEY = "descent.layout";
    static final String STATE_KEY = "descent.optimizer_state";
    static final String POSITION_KEY = "descent.position";
    static final String SHA256_KEY = "descent.sha256";
    static final String TENSORS_KEY = "descent.tensors";
    static final String EXTRA_PREFIX = "extra/";
    static final String PARAM_PREFIX = "param/";
    static final String OPTIM_PREFIX = "optim/";

    private static final int CHUNK = 1 << 16;
    private static final Map<String, Integer> DTYPE_BYTES = dtypeSizes();

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // ---------------------------------------------------------------- writing

    /** One tensor to write: a slice of a double array with a shape. */
    private record Slice(String name, int[] shape, double[] array, int from, int length) {
        long bytes() {
            return 8L * length;
        }
    }

    @Override
    public void write(Path path, Checkpoint checkpoint) throws IOException {
        List<Slice> slices = slices(checkpoint);
        String sha256 = HexFormat.of().formatHex(digest(slices));
        byte[] header = header(checkpoint, slices, sha256);
        AtomicFiles.write(path, out -> {
            out.write(ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(header.length).array());
            out.write(header);
            emit(slices, out);
        });
    }

    private static List<Slice> slices(Checkpoint c) {
        List<Slice> out = new ArrayList<>();
        double[] params = c.params();
        for (Block b : c.layout().blocks()) {
            out.add(new Slice(PARAM_PREFIX + b.name(), b.shape(), params, b.offset(), b.size()));
        }
        for (Map.Entry<String, double[]> e : c.optimizer().flatten().entrySet()) {
            double[] v = e.getValue();
            out.add(new Slice(OPTIM_PREFIX + e.getKey(), new int[] {v.length}, v, 0, v.length));
        }
        for (Map.Entry<String, double[]> e : c.tensors().entrySet()) {
            double[] v = e.getValue();
            out.add(new Slice(EXTRA_PREFIX + e.getKey(), new int[] {v.length}, v, 0, v.length));
        }
        return out;
    }

    private byte[] header(Checkpoint c, List<Slice> slices, String sha256) throws IOException {
        ObjectNode root = json.createObjectNode();
        ObjectNode meta = root.putObject(METADATA);
        meta.put(FORMAT_VERSION_KEY, Integer.toString(c.formatVersion()));
        meta.put(LAYOUT_KEY, json.writeValueAsString(layoutJson(c.layout())));
        meta.put(STATE_KEY, json.writeValueAsString(structureJson(c.optimizer())));
        TrainingPosition p = c.position();
        ObjectNode pos = json.createObjectNode();
        pos.put("epoch", p.epoch());
        pos.put("step_in_epoch", p.stepInEpoch());
        pos.put("global_step", p.globalStep());
        pos.put("seed", p.seed());
        meta.put(POSITION_KEY, json.writeValueAsString(pos));
        meta.put(SHA256_KEY, sha256);
        if (!c.tensorNames().isEmpty()) {
            ObjectNode names = json.createObjectNode();
            for (Map.Entry<String, double[]> e : c.tensors().entrySet()) {
                names.put(e.getKey(), e.getValue().length);
            }
            meta.put(TENSORS_KEY, json.writeValueAsString(names));
        }
        for (Map.Entry<String, String> e : c.metadata().entrySet()) {
            meta.put(e.getKey(), e.getValue());
        }
        long offset = 0;
        for (Slice s : slices) {
            ObjectNode t = root.putObject(s.name());
            t.put("dtype", "F64");
            ArrayNode shape = t.putArray("shape");
            for (int d : s.shape()) {
                shape.add(d);
            }
            t.putArray("data_offsets").add(offset).add(offset + s.bytes());
            offset += s.bytes();
        }
        byte[] text = json.writeValueAsBytes(root);
        int padded = (text.length + 7) / 8 * 8;
        byte[] out = Arrays.copyOf(text, padded);
        Arrays.fill(out, text.length, padded, (byte) ' ');
        return out;
    }

    private ArrayNode layoutJson(ParamLayout layout) {
        ArrayNode a = json.createArrayNode();
        for (Block b : layout.blocks()) {
            ObjectNode o = a.addObject();
            o.put("name", b.name());
            o.put("offset", b.offset());
            ArrayNode shape = o.putArray("shape");
            for (int d : b.shape()) {
                shape.add(d);
            }
        }
        return a;
    }

    private ObjectNode structureJson(StateDict d) {
        ObjectNode o = json.createObjectNode();
        o.put("optimizer", d.optimizer());
        o.set("layout", layoutJson(d.layout()));
        ObjectNode bufs = o.putObject("buffers");
        for (Map.Entry<String, double[]> e : d.buffers().entrySet()) {
            bufs.put(e.getKey(), e.getValue().length);
        }
        ObjectNode kids = o.putObject("children");
        for (Map.Entry<String, StateDict> e : d.children().entrySet()) {
            kids.set(e.getKey(), structureJson(e.getValue()));
        }
        return o;
    }

    /** Little-endian bytes of every slice, in order, in chunks. */
    private interface ByteSink {
        void accept(byte[] bytes, int length) throws IOException;
    }

    private static void forEachChunk(List<Slice> slices, ByteSink sink) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        for (Slice s : slices) {
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

    private static byte[] digest(List<Slice> slices) throws IOException {
        MessageDigest md = sha256();
        forEachChunk(slices, (b, n) -> md.update(b, 0, n));
        return md.digest();
    }

    private static void emit(List<Slice> slices, OutputStream out) throws IOException {
        forEachChunk(slices, (b, n) -> out.write(b, 0, n));
    }

    // ---------------------------------------------------------------- reading

    /** A tensor entry of the header. */
    private record Entry(String name, String dtype, long[] shape, long begin, long end) {
        String shapeText() {
            return Arrays.toString(shape);
        }
    }

    @Override
    public Checkpoint read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, ch);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path, Kind.NOT_FOUND, "no such file");
        }
    }

    private Checkpoint read(Path path, FileChannel ch) throws IOException {
        long size = ch.size();
        if (size < 8) {
            throw new CheckpointException(path, Kind.TRUNCATED, "the file has " + size
                    + " bytes, fewer than the 8-byte header length (truncated, or not a safetensors file)");
        }
        ByteBuffer lenBuf = readFully(path, ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
        long n = lenBuf.getLong(0);
        if (n < 0 || n > MAX_HEADER_BYTES) {
            throw new CheckpointException(path, Kind.MALFORMED, "header length " + Long.toUnsignedString(n)
                    + " exceeds the limit of " + MAX_HEADER_BYTES + " bytes (not a safetensors file?)");
        }
        if (8 + n > size) {
            throw new CheckpointException(path, Kind.TRUNCATED, "header length " + n + " runs past the end of the"
                    + " file (" + size + " bytes): the file is truncated or not a safetensors file");
        }
        JsonNode root = parseHeader(path, readFully(path, ch, 8, (int) n));
        Map<String, String> meta = new LinkedHashMap<>();
        List<Entry> entries = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (f.getKey().equals(METADATA)) {
                readMetadata(path, f.getValue(), meta);
            } else {
                entries.add(entry(path, f.getKey(), f.getValue()));
            }
        }
        entries.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long dataBytes = checkOffsets(path, entries);
        long actual = size - 8 - n;
        if (actual < dataBytes) {
            throw new CheckpointException(path, Kind.TRUNCATED, "the header declares " + dataBytes
                    + " bytes of tensor data, but only " + actual + " follow the header: the file is truncated");
        }
        if (actual > dataBytes) {
            throw new CheckpointException(path, Kind.MALFORMED, (actual - dataBytes)
                    + " bytes follow the last tensor's data (the data offsets must cover the data section exactly)");
        }

        int version = formatVersion(path, meta);
        String sha256 = require(path, meta, SHA256_KEY);
        ParamLayout layout = parseLayout(path, LAYOUT_KEY, jsonValue(path, meta, LAYOUT_KEY));
        StateDict template = parseStructure(path, jsonValue(path, meta, STATE_KEY), "/");
        TrainingPosition position = parsePosition(path, jsonValue(path, meta, POSITION_KEY));
        Map<String, Integer> extras = meta.containsKey(TENSORS_KEY)
                ? parseExtras(path, jsonValue(path, meta, TENSORS_KEY)) : Map.of();

        Map<String, long[]> expected = new LinkedHashMap<>();
        for (Block b : layout.blocks()) {
            expected.put(PARAM_PREFIX + b.name(), toLong(b.shape()));
        }
        for (Map.Entry<String, double[]> e : template.flatten().entrySet()) {
            expected.put(OPTIM_PREFIX + e.getKey(), new long[] {e.getValue().length});
        }
        for (Map.Entry<String, Integer> e : extras.entrySet()) {
            expected.put(EXTRA_PREFIX + e.getKey(), new long[] {e.getValue()});
        }
        Map<String, Entry> byName = new LinkedHashMap<>();
        for (Entry e : entries) {
            byName.put(e.name(), e);
        }
        for (Map.Entry<String, long[]> x : expected.entrySet()) {
            Entry e = byName.get(x.getKey());
            if (e == null) {
                throw new CheckpointException(path, Kind.MISSING_TENSOR, "missing tensor '" + x.getKey()
                        + "' (shape " + Arrays.toString(x.getValue()) + ")");
            }
            if (!e.dtype().equals("F64")) {
                throw new CheckpointException(path, Kind.WRONG_TENSOR, "tensor '" + e.name() + "' has dtype "
                        + e.dtype() + ", expected F64");
            }
            if (!Arrays.equals(e.shape(), x.getValue())) {
                throw new CheckpointException(path, Kind.WRONG_TENSOR, "tensor '" + e.name() + "' has shape "
                        + e.shapeText() + ", expected " + Arrays.toString(x.getValue()));
            }
        }
        for (Entry e : entries) {
            if (!expected.containsKey(e.name())) {
                throw new CheckpointException(path, Kind.MALFORMED, "unexpected tensor '" + e.name()
                        + "': it is neither a parameter block, an optimizer state entry nor a listed extra tensor");
            }
        }

        Map<String, double[]> values = readData(path, ch, 8 + n, entries, sha256);

        double[] params = new double[layout.size()];
        for (Block b : layout.blocks()) {
            System.arraycopy(values.get(PARAM_PREFIX + b.name()), 0, params, b.offset(), b.size());
        }
        Map<String, double[]> flat = new LinkedHashMap<>();
        for (String key : template.flatten().keySet()) {
            flat.put(key, values.get(OPTIM_PREFIX + key));
        }
        Map<String, String> user = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (!e.getKey().startsWith(Checkpoint.RESERVED_PREFIX)) {
                user.put(e.getKey(), e.getValue());
            }
        }
        try {
            StateDict state = StateDict.unflatten(flat, template);
            Map<String, double[]> tensors = new LinkedHashMap<>();
            for (String name : extras.keySet()) {
                tensors.put(name, values.get(EXTRA_PREFIX + name));
            }
            return new Checkpoint(version, layout, params, state, position, user, tensors);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path, Kind.MALFORMED, e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(Path path, FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) {
                throw new CheckpointException(path, Kind.TRUNCATED, "the file ended at byte "
                        + (position + b.position()) + " while reading");
            }
        }
        return b.flip();
    }

    private JsonNode parseHeader(Path path, ByteBuffer bytes) throws CheckpointException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new CheckpointException(path, Kind.MALFORMED, "the header is not valid UTF-8", e);
        }
        JsonNode root;
        try {
            root = json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(path, Kind.MALFORMED, "the header is not valid JSON: "
                    + e.getOriginalMessage() + " (at header character " + e.getLocation().getCharOffset() + ")", e);
        }
        if (root == null || !root.isObject()) {
            throw new CheckpointException(path, Kind.MALFORMED, "the header is not a JSON object");
        }
        return root;
    }

    private static void readMetadata(Path path, JsonNode node, Map<String, String> out) throws CheckpointException {
        if (!node.isObject()) {
            throw new CheckpointException(path, Kind.MALFORMED, "__metadata__ is not a JSON object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().isTextual()) {
                throw new CheckpointException(path, Kind.MALFORMED, "__metadata__ '" + f.getKey()
                        + "' is not a string (safetensors metadata maps strings to strings)");
            }
            out.put(f.getKey(), f.getValue().textValue());
        }
    }

    private static Entry entry(Path path, String name, JsonNode t) throws CheckpointException {
        String where = "tensor '" + name + "'";
        if (!t.isObject()) {
            throw new CheckpointException(path, Kind.MALFORMED, where + " is not a JSON object");
        }
        JsonNode dtype = t.get("dtype");
        if (dtype == null || !dtype.isTextual()) {
            throw new CheckpointException(path, Kind.MALFORMED, where + " has no dtype string");
        }
        if (!DTYPE_BYTES.containsKey(dtype.textValue())) {
            throw new CheckpointException(path, Kind.MALFORMED, where + " has unknown dtype '" + dtype.textValue()
                    + "'");
        }
        long[] shape = longs(path, where + " shape", t.get("shape"), -1);
        long[] offsets = longs(path, where + " data_offsets", t.get("data_offsets"), 2);
        if (offsets[1] < offsets[0]) {
            throw new CheckpointException(path, Kind.MALFORMED, where + " has data_offsets "
                    + Arrays.toString(offsets) + " that end before they begin");
        }
        long elements = 1;
        for (long d : shape) {
            try {
                elements = Math.multiplyExact(elements, d);
            } catch (ArithmeticException e) {
                throw new CheckpointException(path, Kind.MALFORMED, where + " has shape " + Arrays.toString(shape)
                        + " with too many elements");
            }
        }
        long need;
        try {
            need = Math.multiplyExact(elements, DTYPE_BYTES.get(dtype.textValue()));
        } catch (ArithmeticException e) {
            throw new CheckpointException(path, Kind.MALFORMED, where + " is too large");
        }
        if (offsets[1] - offsets[0] != need) {
            throw new CheckpointException(path, Kind.MALFORMED, where + ": dtype " + dtype.textValue() + " and shape "
                    + Arrays.toString(shape) + " need " + need + " bytes, but data_offsets "
                    + Arrays.toString(offsets) + " hold " + (offsets[1] - offsets[0]));
        }
        return new Entry(name, dtype.textValue(), shape, offsets[0], offsets[1]);
    }

    private static long[] longs(Path path, String what, JsonNode node, int length) throws CheckpointException {
        if (node == null || !node.isArray() || (length >= 0 && node.size() != length)) {
            throw new CheckpointException(path, Kind.MALFORMED, what + " is missing or not an array"
                    + (length >= 0 ? " of " + length + " integers" : " of integers"));
        }
        long[] out = new long[node.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = node.get(i);
            if (!v.isIntegralNumber() || !v.canConvertToLong() || v.longValue() < 0) {
                throw new CheckpointException(path, Kind.MALFORMED, what + " has " + v + ", not a non-negative integer");
            }
            out[i] = v.longValue();
        }
        return out;
    }

    /** Offsets sorted by begin must tile [0, end) without gaps or overlaps; returns the end. */
    private static long checkOffsets(Path path, List<Entry> entries) throws CheckpointException {
        long end = 0;
        for (Entry e : entries) {
            if (e.begin() != end) {
                throw new CheckpointException(path, Kind.MALFORMED, "tensor '" + e.name() + "' has data_offsets ["
                        + e.begin() + ", " + e.end() + "], but the previous tensor ends at " + end
                        + " (tensor data must be contiguous, without gaps or overlaps)");
            }
            end = e.end();
        }
        return end;
    }

    private static String require(Path path, Map<String, String> meta, String key) throws CheckpointException {
        String v = meta.get(key);
        if (v == null) {
            throw new CheckpointException(path, Kind.MALFORMED, "__metadata__ has no '" + key
                    + "' (not a descent checkpoint?)");
        }
        return v;
    }

    private static int formatVersion(Path path, Map<String, String> meta) throws CheckpointException {
        String v = require(path, meta, FORMAT_VERSION_KEY);
        int version;
        try {
            version = Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + FORMAT_VERSION_KEY + "' = '" + v
                    + "' is not an integer");
        }
        if (version < 1 || version > Checkpoint.FORMAT_VERSION) {
            throw new CheckpointException(path, Kind.UNSUPPORTED_VERSION, "format version " + version
                    + " is not supported (this build reads versions 1 to " + Checkpoint.FORMAT_VERSION + ")");
        }
        return version;
    }

    private JsonNode jsonValue(Path path, Map<String, String> meta, String key) throws CheckpointException {
        String text = require(path, meta, key);
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + key + "' is not valid JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static ParamLayout parseLayout(Path path, String where, JsonNode node) throws CheckpointException {
        if (node == null || !node.isArray()) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + where + "' is not a JSON array of blocks");
        }
        List<Block> blocks = new ArrayList<>();
        try {
            for (JsonNode b : node) {
                JsonNode name = b.get("name");
                JsonNode offset = b.get("offset");
                if (name == null || !name.isTextual() || offset == null || !offset.canConvertToInt()) {
                    throw new IllegalArgumentException("block " + b + " needs a string name and an integer offset");
                }
                long[] shape = longs(path, "'" + where + "' block '" + name.textValue() + "' shape", b.get("shape"), -1);
                int[] dims = new int[shape.length];
                for (int i = 0; i < dims.length; i++) {
                    dims[i] = (int) Math.min(shape[i], Integer.MAX_VALUE);
                }
                blocks.add(new Block(name.textValue(), offset.intValue(), dims));
            }
            return new ParamLayout(blocks);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + where + "' is invalid: " + e.getMessage(), e);
        }
    }

    /** A zero-valued StateDict with the recorded names, layouts and lengths: the template to unflatten with. */
    private static StateDict parseStructure(Path path, JsonNode node, String at) throws CheckpointException {
        String where = STATE_KEY + " at '" + at + "'";
        if (node == null || !node.isObject() || !node.path("optimizer").isTextual()
                || !node.path("buffers").isObject() || !node.path("children").isObject()) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + where
                    + "' needs an optimizer name, a layout, buffers and children");
        }
        ParamLayout layout = parseLayout(path, where + " layout", node.get("layout"));
        Map<String, double[]> buffers = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("buffers").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            if (!f.getValue().canConvertToInt() || f.getValue().intValue() < 0 || !f.getValue().isIntegralNumber()) {
                throw new CheckpointException(path, Kind.MALFORMED, "'" + where + "' buffer '" + f.getKey()
                        + "' has length " + f.getValue() + ", not a non-negative integer");
            }
            buffers.put(f.getKey(), new double[f.getValue().intValue()]);
        }
        Map<String, StateDict> children = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.get("children").fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            children.put(f.getKey(), parseStructure(path, f.getValue(), (at.equals("/") ? "/" : at + "/") + f.getKey()));
        }
        return new StateDict(node.get("optimizer").textValue(), layout, 0, buffers, children);
    }

    private static Map<String, Integer> parseExtras(Path path, JsonNode node) throws CheckpointException {
        if (node == null || !node.isObject()) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + TENSORS_KEY + "' is not a JSON object of names"
                    + " and lengths");
        }
        Map<String, Integer> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> f = it.next();
            JsonNode v = f.getValue();
            if (!v.isIntegralNumber() || !v.canConvertToInt() || v.intValue() < 0) {
                throw new CheckpointException(path, Kind.MALFORMED, "'" + TENSORS_KEY + "' gives tensor '" + f.getKey()
                        + "' the length " + v + ", not a non-negative integer");
            }
            out.put(f.getKey(), v.intValue());
        }
        return out;
    }

    private static TrainingPosition parsePosition(Path path, JsonNode node) throws CheckpointException {
        String[] fields = {"epoch", "step_in_epoch", "global_step", "seed"};
        long[] v = new long[4];
        for (int i = 0; i < 4; i++) {
            JsonNode f = node == null ? null : node.get(fields[i]);
            if (f == null || !f.isIntegralNumber() || !f.canConvertToLong()) {
                throw new CheckpointException(path, Kind.MALFORMED, "'" + POSITION_KEY + "' has no integer '"
                        + fields[i] + "'");
            }
            v[i] = f.longValue();
        }
        try {
            return new TrainingPosition(v[0], v[1], v[2], v[3]);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(path, Kind.MALFORMED, "'" + POSITION_KEY + "' is invalid: " + e.getMessage());
        }
    }

    /** Reads every tensor in offset order, hashing the data section as it goes; checks the hash last. */
    private static Map<String, double[]> readData(Path path, FileChannel ch, long start, List<Entry> entries,
            String expectedSha256) throws IOException {
        MessageDigest md = sha256();
        ByteBuffer buf = ByteBuffer.allocate(CHUNK).order(ByteOrder.LITTLE_ENDIAN);
        Map<String, double[]> out = new LinkedHashMap<>();
        long pos = start;
        for (Entry e : entries) {
            int count = (int) ((e.end() - e.begin()) / 8);
            double[] values = new double[count];
            int done = 0;
            while (done < count) {
                int n = Math.min(count - done, CHUNK / 8);
                buf.clear().limit(n * 8);
                while (buf.hasRemaining()) {
                    if (ch.read(buf, pos + buf.position()) < 0) {
                        throw new CheckpointException(path, Kind.TRUNCATED, "the file ended at byte "
                                + (pos + buf.position()) + " inside tensor '" + e.name() + "'");
                    }
                }
                md.update(buf.array(), 0, n * 8);
                buf.flip();
                buf.asDoubleBuffer().get(values, done, n);
                pos += n * 8L;
                done += n;
            }
            out.put(e.name(), values);
        }
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equalsIgnoreCase(expectedSha256)) {
            throw new CheckpointException(path, Kind.CHECKSUM_MISMATCH, "the data does not match its checksum: "
                    + "'" + SHA256_KEY + "' is " + expectedSha256 + " but the data section hashes to " + actual
                    + " (the file is corrupted)");
        }
        return out;
    }

    // ---------------------------------------------------------------- helpers

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform must provide SHA-256", e);
        }
    }

    private static long[] toLong(int[] a) {
        long[] out = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            out[i] = a[i];
        }
        return out;
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
