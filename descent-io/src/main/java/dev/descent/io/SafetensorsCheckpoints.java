package dev.descent.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.descent.io.Safetensors.F64Slice;
import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.StateDict;
import dev.descent.train.Checkpoint;
import dev.descent.train.CheckpointCodec;
import dev.descent.train.CheckpointException;
import dev.descent.train.CheckpointException.Kind;
import dev.descent.train.TrainingPosition;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Checkpoints as <a href="https://github.com/huggingface/safetensors">safetensors</a> files, which
 * numpy, PyTorch, JAX and the {@code safetensors} Python package read directly.
 *
 * <p>The container (header length, header JSON, dtypes, shapes, offsets, data) is {@link Safetensors};
 * this class is the checkpoint schema on top of it.
 *
 * <h2>What a descent checkpoint stores</h2>
 * <table>
 *   <caption>Tensors (all {@code F64}) and metadata</caption>
 *   <tr><th>name</th><th>holds</th></tr>
 *   <tr><td>{@code param/<block>}</td><td>the parameters of one layout block, in the block's shape
 *       ({@code []} for a scalar block)</td></tr>
 *   <tr><td>{@code optim/<key>}</td><td>one entry of {@link StateDict#flatten()}, shape {@code [length]}:
 *       {@code optim/step}, {@code optim/adam.m}, {@code optim/inner/adam.m}, …</td></tr>
 *   <tr><td>{@code extra/<name>}</td><td>one of the checkpoint's extra {@link Checkpoint#tensors()}, shape
 *       {@code [length]} (absent when there are none)</td></tr>
 *   <tr><td>{@code descent.format_version}</td><td>{@link Checkpoint#FORMAT_VERSION}, e.g. {@code "1"}</td></tr>
 *   <tr><td>{@code descent.layout}</td><td>JSON: {@code [{"name":"W1","offset":0,"shape":[2,3]}, …]}</td></tr>
 *   <tr><td>{@code descent.optimizer_state}</td><td>JSON: the state tree without values, needed to
 *       unflatten {@code optim/…}: {@code {"optimizer":"adam","layout":[…],"buffers":{"adam.m":6,…},
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
    public static final long MAX_HEADER_BYTES = Safetensors.MAX_HEADER_BYTES;

    static final String METADATA = Safetensors.METADATA;
    static final String FORMAT_VERSION_KEY = "descent.format_version";
    static final String LAYOUT_KEY = "descent.layout";
    static final String STATE_KEY = "descent.optimizer_state";
    static final String POSITION_KEY = "descent.position";
    static final String SHA256_KEY = "descent.sha256";
    static final String TENSORS_KEY = "descent.tensors";
    static final String EXTRA_PREFIX = "extra/";
    static final String PARAM_PREFIX = "param/";
    static final String OPTIM_PREFIX = "optim/";

    private final ObjectMapper json = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    // ---------------------------------------------------------------- writing

    @Override
    public void write(Path path, Checkpoint checkpoint) throws IOException {
        List<F64Slice> slices = slices(checkpoint);
        MessageDigest md = sha256();
        Safetensors.digestData(slices, md);
        Map<String, String> meta = metadata(checkpoint, HexFormat.of().formatHex(md.digest()));
        AtomicFiles.write(path, out -> Safetensors.write(out, meta, slices));
    }

    private static List<F64Slice> slices(Checkpoint c) {
        List<F64Slice> out = new ArrayList<>();
        double[] params = c.params();
        for (Block b : c.layout().blocks()) {
            out.add(new F64Slice(PARAM_PREFIX + b.name(), b.shape(), params, b.offset(), b.size()));
        }
        for (Map.Entry<String, double[]> e : c.optimizer().flatten().entrySet()) {
            out.add(F64Slice.vector(OPTIM_PREFIX + e.getKey(), e.getValue()));
        }
        for (Map.Entry<String, double[]> e : c.tensors().entrySet()) {
            out.add(F64Slice.vector(EXTRA_PREFIX + e.getKey(), e.getValue()));
        }
        return out;
    }

    /** The {@code __metadata__} map: the descent keys in a fixed order, then the checkpoint's own. */
    private Map<String, String> metadata(Checkpoint c, String sha256) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
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
        meta.putAll(c.metadata());
        return meta;
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

    // ---------------------------------------------------------------- reading

    @Override
    public Checkpoint read(Path path) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return read(path, ch);
        } catch (NoSuchFileException e) {
            throw new CheckpointException(path, Kind.NOT_FOUND, "no such file");
        } catch (Safetensors.FormatException e) {
            throw new CheckpointException(path, e.truncated() ? Kind.TRUNCATED : Kind.MALFORMED, e.getMessage(),
                    e.getCause());
        }
    }

    /** The container is checked by {@link Safetensors#readHeader}; this checks the schema, then reads and hashes. */
    private Checkpoint read(Path path, FileChannel ch) throws IOException {
        Safetensors.Header header = Safetensors.readHeader(ch);
        Map<String, String> meta = header.metadata();
        int version = formatVersion(path, meta);
        String sha256 = require(path, meta, SHA256_KEY);
        ParamLayout layout = parseLayout(path, LAYOUT_KEY, jsonValue(path, meta, LAYOUT_KEY));
        StateDict template = parseStructure(path, jsonValue(path, meta, STATE_KEY), "/");
        TrainingPosition position = parsePosition(path, jsonValue(path, meta, POSITION_KEY));
        Map<String, Integer> extras = meta.containsKey(TENSORS_KEY)
                ? parseExtras(path, jsonValue(path, meta, TENSORS_KEY)) : Map.of();
        checkTensors(path, header.entries(), expectedTensors(layout, template, extras));

        MessageDigest md = sha256();
        Map<String, double[]> values = Safetensors.readF64(ch, header, md);
        String actual = HexFormat.of().formatHex(md.digest());
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new CheckpointException(path, Kind.CHECKSUM_MISMATCH, "the data does not match its checksum: "
                    + "'" + SHA256_KEY + "' is " + sha256 + " but the data section hashes to " + actual
                    + " (the file is corrupted)");
        }
        return checkpoint(path, version, layout, template, position, meta, extras, values);
    }

    /** The name and shape of every tensor the descent metadata says the file holds. */
    private static Map<String, long[]> expectedTensors(ParamLayout layout, StateDict template,
            Map<String, Integer> extras) {
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
        return expected;
    }

    /** Every expected tensor present as F64 in its shape, and no other. */
    private static void checkTensors(Path path, List<Safetensors.Entry> entries, Map<String, long[]> expected)
            throws CheckpointException {
        Map<String, Safetensors.Entry> byName = new LinkedHashMap<>();
        for (Safetensors.Entry e : entries) {
            byName.put(e.name(), e);
        }
        for (Map.Entry<String, long[]> x : expected.entrySet()) {
            Safetensors.Entry e = byName.get(x.getKey());
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
        for (Safetensors.Entry e : entries) {
            if (!expected.containsKey(e.name())) {
                throw new CheckpointException(path, Kind.MALFORMED, "unexpected tensor '" + e.name()
                        + "': it is neither a parameter block, an optimizer state entry nor a listed extra tensor");
            }
        }
    }

    /** Assembles the checkpoint from the checked tensors; metadata outside the reserved prefix is the user's. */
    private static Checkpoint checkpoint(Path path, int version, ParamLayout layout, StateDict template,
            TrainingPosition position, Map<String, String> meta, Map<String, Integer> extras,
            Map<String, double[]> values) throws CheckpointException {
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
                long[] shape = shape(path, "'" + where + "' block '" + name.textValue() + "' shape", b.get("shape"));
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

    private static long[] shape(Path path, String what, JsonNode node) throws CheckpointException {
        try {
            return Safetensors.longs(what, node, -1);
        } catch (Safetensors.FormatException e) {
            throw new CheckpointException(path, Kind.MALFORMED, e.getMessage());
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
}
