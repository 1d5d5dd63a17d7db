package dev.descent.train;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.StateDict;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Everything needed to continue a training run bit for bit: parameters, optimizer state (which
 * includes the schedule position, since schedules are functions of the state's step), the data-order
 * position, and free-form metadata such as the config text.
 *
 * <pre>{@code
 * Checkpoint c = Checkpoint.of(theta, state, position, Map.of(Checkpoint.OPTIMIZER, "adam:learningRate=1e-3"));
 * codec.write(dir.resolve("ckpt-100.safetensors"), c);
 * ...
 * Checkpoint back = codec.read(file, layout, optimizer.init(layout).stateDict());  // checked against the model
 * back.restore(theta, state);                                                     // validate, then copy
 * }</pre>
 *
 * <p>An immutable snapshot: {@code params} and the extra {@code tensors} are copied on the way in
 * and out, and the {@link StateDict} is itself a copy. Metadata keys starting with
 * {@value #RESERVED_PREFIX} are reserved for codecs (they store the layout, state structure and
 * position under such keys).
 *
 * <p>{@code tensors} are named one-dimensional arrays of doubles that a training loop needs beyond
 * θ and the optimizer state to continue bit for bit: the best parameters so far (for restore-best),
 * the history of losses, partial sums of the current epoch. Unlike metadata strings they are stored
 * as binary data (bit for bit, NaN payloads included) and codecs cover them with the data checksum.
 * Names are non-empty and use only {@code [A-Za-z0-9_.-]}. A checkpoint without extra tensors is
 * stored exactly as before they existed, so the format version stays 1.
 *
 * @param formatVersion the checkpoint schema version, in {@code [1, FORMAT_VERSION]}
 * @param layout        the layout of {@code params}
 * @param params        the flat parameters θ, {@code layout.size()} of them
 * @param optimizer     the optimizer state snapshot; its (top-level) layout is {@code layout}
 * @param position      where the run is in the data
 * @param metadata      free-form strings, in a stable order (see {@link #CONFIG}, {@link #OPTIMIZER},
 *                      {@link #RNG})
 * @param tensors       extra named vectors, in a stable order (empty for none); see above
 */
public record Checkpoint(int formatVersion, ParamLayout layout, double[] params, StateDict optimizer,
        TrainingPosition position, Map<String, String> metadata, Map<String, double[]> tensors) {

    /** The schema version this build writes and the newest it reads. */
    public static final int FORMAT_VERSION = 1;

    /**
     * The extra tensor holding the model parameters when they differ from θ (see {@link #modelParams()}),
     * written by the {@link Trainer}.
     */
    public static final String MODEL_PARAMS = "train.model_params";

    /** Metadata keys with this prefix are reserved for codecs. */
    public static final String RESERVED_PREFIX = "descent.";

    /** Conventional metadata key: the run's configuration, as text (e.g. JSON or CLI arguments). */
    public static final String CONFIG = "config";

    /** Conventional metadata key: the optimizer spec, e.g. {@code adam:learningRate=1e-3}. */
    public static final String OPTIMIZER = "optimizer";

    /** Conventional metadata key: how the run's random generators are seeded and split. */
    public static final String RNG = "rng";

    private static final Pattern TENSOR_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

    public Checkpoint {
        if (formatVersion < 1 || formatVersion > FORMAT_VERSION) {
            throw new IllegalArgumentException("formatVersion = " + formatVersion + " is outside [1, "
                    + FORMAT_VERSION + "]");
        }
        Objects.requireNonNull(layout, "layout");
        Objects.requireNonNull(params, "params");
        Objects.requireNonNull(optimizer, "optimizer");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(metadata, "metadata");
        if (params.length != layout.size()) {
            throw new IllegalArgumentException("params has length " + params.length + ", but the layout has "
                    + layout.size() + " parameters");
        }
        if (!optimizer.layout().equals(layout)) {
            throw new IllegalArgumentException("the optimizer state is for layout " + optimizer.layout().blocks()
                    + ", but the parameters have layout " + layout.blocks());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : metadata.entrySet()) {
            String k = e.getKey();
            if (k == null || k.isEmpty()) {
                throw new IllegalArgumentException("metadata key must be a non-empty string, got " + k);
            }
            if (k.startsWith(RESERVED_PREFIX)) {
                throw new IllegalArgumentException("metadata key '" + k + "' starts with the reserved prefix '"
                        + RESERVED_PREFIX + "'");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("metadata '" + k + "' has a null value");
            }
            copy.put(k, e.getValue());
        }
        Objects.requireNonNull(tensors, "tensors");
        Map<String, double[]> tensorCopy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : tensors.entrySet()) {
            String k = e.getKey();
            if (k == null || !TENSOR_NAME.matcher(k).matches()) {
                throw new IllegalArgumentException("tensor name '" + k + "' must be non-empty and use only"
                        + " [A-Za-z0-9_.-]");
            }
            if (e.getValue() == null) {
                throw new IllegalArgumentException("tensor '" + k + "' is null");
            }
            tensorCopy.put(k, e.getValue().clone());
        }
        params = params.clone();
        metadata = Collections.unmodifiableMap(copy);
        tensors = Collections.unmodifiableMap(tensorCopy);
    }

    /** A checkpoint without extra tensors. */
    public Checkpoint(int formatVersion, ParamLayout layout, double[] params, StateDict optimizer,
            TrainingPosition position, Map<String, String> metadata) {
        this(formatVersion, layout, params, optimizer, position, metadata, Map.of());
    }

    /** A checkpoint in the current format version. */
    public static Checkpoint of(ParamLayout layout, double[] params, StateDict optimizer, TrainingPosition position,
            Map<String, String> metadata) {
        return new Checkpoint(FORMAT_VERSION, layout, params, optimizer, position, metadata);
    }

    /** A checkpoint with extra tensors, in the current format version. */
    public static Checkpoint of(ParamLayout layout, double[] params, StateDict optimizer, TrainingPosition position,
            Map<String, String> metadata, Map<String, double[]> tensors) {
        return new Checkpoint(FORMAT_VERSION, layout, params, optimizer, position, metadata, tensors);
    }

    /**
     * A checkpoint of {@code params} and a snapshot of {@code state}, in the layout of the state.
     *
     * @param params not modified (copied)
     * @param state  not modified (snapshot)
     */
    public static Checkpoint of(double[] params, OptimizerState state, TrainingPosition position,
            Map<String, String> metadata) {
        return of(state.layout(), params, state.stateDict(), position, metadata);
    }

    /**
     * A checkpoint of {@code params}, a snapshot of {@code state} and extra tensors.
     *
     * @param params  not modified (copied)
     * @param state   not modified (snapshot)
     * @param tensors not modified (copied)
     */
    public static Checkpoint of(double[] params, OptimizerState state, TrainingPosition position,
            Map<String, String> metadata, Map<String, double[]> tensors) {
        return of(state.layout(), params, state.stateDict(), position, metadata, tensors);
    }

    /** A copy of the parameters. */
    @Override
    public double[] params() {
        return params.clone();
    }

    /** The extra tensors, as copies, in their stable order. */
    @Override
    public Map<String, double[]> tensors() {
        Map<String, double[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : tensors.entrySet()) {
            out.put(e.getKey(), e.getValue().clone());
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * A copy of the parameters to use as the model: the tensor {@value #MODEL_PARAMS} when the run's
     * optimizer keeps its model apart from θ (schedule-free's averaged x; θ is then y, kept to resume),
     * else θ.
     */
    public double[] modelParams() {
        double[] m = tensors.get(MODEL_PARAMS);
        return m == null ? params.clone() : m.clone();
    }

    /** A copy of the extra tensor {@code name}, or empty when there is none. */
    public Optional<double[]> tensor(String name) {
        double[] t = tensors.get(name);
        return t == null ? Optional.empty() : Optional.of(t.clone());
    }

    /** The names of the extra tensors, in order. */
    public Set<String> tensorNames() {
        return tensors.keySet();
    }

    /**
     * Checks that this checkpoint fits a model with {@code expectedLayout} and an optimizer whose
     * fresh state snapshot is {@code template}.
     *
     * @param file           the file this checkpoint came from, for the message
     * @param expectedLayout the model's layout
     * @param template       not modified; must be for {@code expectedLayout}
     * @throws CheckpointException of kind {@link CheckpointException.Kind#LAYOUT_MISMATCH} naming the
     *                             first block that differs, or {@link CheckpointException.Kind#STATE_MISMATCH}
     *                             naming the first state difference
     * @throws IllegalArgumentException if {@code template} is not for {@code expectedLayout} (a bug in
     *                                  the caller, not in the file)
     */
    public void requireCompatible(Path file, ParamLayout expectedLayout, StateDict template)
            throws CheckpointException {
        if (!template.layout().equals(expectedLayout)) {
            throw new IllegalArgumentException("the optimizer template is for layout " + template.layout().blocks()
                    + ", but the expected layout is " + expectedLayout.blocks());
        }
        String layoutProblem = describeDifference(layout, expectedLayout);
        if (layoutProblem != null) {
            throw new CheckpointException(file, CheckpointException.Kind.LAYOUT_MISMATCH,
                    "parameter layout does not match the model: " + layoutProblem);
        }
        try {
            optimizer.requireSameStructure(template);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, CheckpointException.Kind.STATE_MISMATCH,
                    "optimizer state does not fit the optimizer: " + e.getMessage());
        }
    }

    /**
     * Copies this checkpoint into a live run: parameters into {@code params}, state into
     * {@code state}. Everything is checked before anything is written, so a refused restore leaves
     * both exactly as they were.
     *
     * @param params modified: overwritten with the checkpoint's parameters
     * @param state  modified: loaded from the checkpoint's optimizer snapshot
     * @throws IllegalArgumentException if the lengths, layouts or state structure differ
     */
    public void restore(double[] params, OptimizerState state) {
        if (params.length != this.params.length) {
            throw new IllegalArgumentException("params has length " + params.length + ", the checkpoint has "
                    + this.params.length);
        }
        String layoutProblem = describeDifference(layout, state.layout());
        if (layoutProblem != null) {
            throw new IllegalArgumentException("checkpoint layout does not match the state's: " + layoutProblem);
        }
        state.load(optimizer); // validates the whole tree before it writes
        System.arraycopy(this.params, 0, params, 0, params.length);
    }

    /**
     * Describes the first difference between a checkpoint's layout and the model's, or returns
     * null when they are equal. For example {@code block 'W1' has shape [3, 4] in the checkpoint,
     * the model expects [4, 3]}.
     */
    public static String describeDifference(ParamLayout checkpoint, ParamLayout model) {
        if (checkpoint.equals(model)) {
            return null;
        }
        List<Block> a = checkpoint.blocks();
        List<Block> b = model.blocks();
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            Block x = a.get(i);
            Block y = b.get(i);
            if (!x.name().equals(y.name())) {
                if (!checkpoint.names().contains(y.name())) {
                    return "the model's block '" + y.name() + "' is missing from the checkpoint (checkpoint blocks "
                            + describe(checkpoint) + ", model blocks " + describe(model) + ")";
                }
                if (!model.names().contains(x.name())) {
                    return "the checkpoint has a block '" + x.name() + "' that the model does not have (checkpoint"
                            + " blocks " + describe(checkpoint) + ", model blocks " + describe(model) + ")";
                }
                return "block " + (i + 1) + " is '" + x.name() + "' in the checkpoint but '" + y.name()
                        + "' in the model (checkpoint blocks " + describe(checkpoint) + ", model blocks "
                        + describe(model) + ")";
            }
            if (!Arrays.equals(x.shape(), y.shape())) {
                return "block '" + x.name() + "' has shape " + Arrays.toString(x.shape())
                        + " in the checkpoint, the model expects " + Arrays.toString(y.shape());
            }
        }
        if (a.size() > b.size()) {
            return "the checkpoint has a block '" + a.get(b.size()).name() + "' that the model does not have"
                    + " (checkpoint blocks " + describe(checkpoint) + ", model blocks " + describe(model) + ")";
        }
        return "the model's block '" + b.get(a.size()).name() + "' is missing from the checkpoint (checkpoint blocks "
                + describe(checkpoint) + ", model blocks " + describe(model) + ")";
    }

    private static String describe(ParamLayout layout) {
        List<String> out = new ArrayList<>();
        for (Block b : layout.blocks()) {
            out.add(b.name() + Arrays.toString(b.shape()));
        }
        return out.toString();
    }

    /** Equal when every field is equal and every parameter bit is equal. */
    @Override
    public boolean equals(Object o) {
        return o instanceof Checkpoint c && c.formatVersion == formatVersion && c.layout.equals(layout)
                && Arrays.equals(c.params, params) && c.optimizer.equals(optimizer) && c.position.equals(position)
                && c.metadata.equals(metadata) && sameTensors(c.tensors, tensors);
    }

    private static boolean sameTensors(Map<String, double[]> a, Map<String, double[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = 0;
        for (Map.Entry<String, double[]> e : tensors.entrySet()) {
            h = 31 * h + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return Objects.hash(formatVersion, layout, Arrays.hashCode(params), optimizer, position, metadata, h);
    }

    @Override
    public String toString() {
        return "Checkpoint[v" + formatVersion + ", " + layout.size() + " params in " + layout.names() + ", "
                + optimizer + ", " + position + ", metadata " + metadata.keySet()
                + (tensors.isEmpty() ? "" : ", tensors " + tensors.keySet()) + "]";
    }
}
