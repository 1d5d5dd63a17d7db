package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The mutable state of an optimizer: the step count t (number of completed updates), named
 * buffers and, for wrappers, named child states. Subclasses expose their buffers as final fields
 * named after the algorithm's symbols; this base class makes every state copyable, serializable by
 * name and restorable with checks.
 *
 * <p>Buffers registered with {@link #buffer} are state (saved and restored). Arrays from
 * {@link #scratch} are work space (e.g. the look-ahead point) and are not saved. Children
 * registered with {@link #child} (the state of a wrapped optimizer) are saved and restored with
 * their parent.
 *
 * <p>Integer scalars registered with {@link #integer} (counts, indices) are checked on
 * {@link #load}: a value that is not an integer in its range is refused.
 *
 * <p>Saved buffers hold finite numbers, except those registered with {@link #unboundedBuffer},
 * which may hold ±∞ (a "best so far" that starts at +∞). {@link #firstNonFinite()} finds the first
 * entry that breaks this rule, and a {@link Backup} copies the whole tree into reusable arrays, so
 * a training loop can undo an update that broke it without allocating per step.
 */
public abstract class OptimizerState {

    private final String prefix;
    private final ParamLayout layout;
    private final Map<String, double[]> buffers = new LinkedHashMap<>();
    private final Map<String, OptimizerState> children = new LinkedHashMap<>();
    private final Set<String> unbounded = new HashSet<>();
    private final Map<String, long[]> integers = new LinkedHashMap<>();
    private long step;

    protected OptimizerState(String prefix, ParamLayout layout) {
        this.prefix = prefix;
        this.layout = layout;
    }

    /** The layout of the parameters this state belongs to. */
    public final ParamLayout layout() {
        return layout;
    }

    /** Number of completed updates (the book's t − 1 during an update, t after it). */
    public final long step() {
        return step;
    }

    /** Called by an optimizer as the last act of a successful update. */
    protected final void advance() {
        step++;
    }

    /** Registers a state buffer of {@code length} zeros under {@code prefix.name}. */
    protected final double[] buffer(String name, int length) {
        double[] b = new double[length];
        buffers.put(prefix + "." + name, b);
        return b;
    }

    /**
     * Registers a state buffer of {@code length} zeros that may hold ±∞ (not NaN), e.g. the best
     * metric so far, which starts at +∞.
     */
    protected final double[] unboundedBuffer(String name, int length) {
        double[] b = buffer(name, length);
        unbounded.add(prefix + "." + name);
        return b;
    }

    /**
     * Registers a saved integer scalar (a count or an index, such as L-BFGS's ring head) as a
     * one-element buffer, so it is saved, copied and restored with the vectors; {@link #load} refuses
     * a value that is not an integer in [{@code min}, {@code max}], so the optimizer can rely on it.
     */
    protected final double[] integer(String name, long min, long max) {
        double[] b = buffer(name, 1);
        b[0] = min;
        integers.put(prefix + "." + name, new long[] {min, max});
        return b;
    }

    /** A work buffer that is not part of the saved state. */
    protected final double[] scratch(int length) {
        return new double[length];
    }

    /** Registers the state of a wrapped optimizer under {@code name}; returns it. */
    protected final <T extends OptimizerState> T child(String name, T state) {
        if (children.put(name, state) != null) {
            throw new IllegalStateException("two children named '" + name + "'");
        }
        return state;
    }

    /** A snapshot of the state: copies of every buffer and child, plus the step count. */
    public final StateDict stateDict() {
        Map<String, StateDict> kids = new LinkedHashMap<>();
        for (Map.Entry<String, OptimizerState> e : children.entrySet()) {
            kids.put(e.getKey(), e.getValue().stateDict());
        }
        return new StateDict(prefix, layout, step, buffers, kids);
    }

    /** How many doubles the saved buffers of this state and its children hold (step counts not included). */
    public final long savedDoubles() {
        long n = 0;
        for (double[] b : buffers.values()) {
            n += b.length;
        }
        for (OptimizerState c : children.values()) {
            n += c.savedDoubles();
        }
        return n;
    }

    /** The saved buffers by key, read only (the arrays themselves are live). */
    public final Map<String, double[]> buffersView() {
        return Collections.unmodifiableMap(buffers);
    }

    /**
     * An entry of a state buffer that is not finite.
     *
     * @param key   the buffer's key, with the path of children before it ({@code inner/adam.v})
     * @param index the index in the buffer
     * @param value the value (NaN or ±∞)
     */
    public record NonFiniteEntry(String key, int index, double value) {
        /** For example {@code state 'adam.v'[3] = Infinity}. */
        @Override
        public String toString() {
            return "state '" + key + "'[" + index + "] = " + value;
        }
    }

    /**
     * The first NaN entry of this state or its children, or ±∞ entry of a buffer not registered
     * with {@link #unboundedBuffer}; null when there is none. Allocates only when it finds one.
     */
    public final NonFiniteEntry firstNonFinite() {
        return firstNonFinite("");
    }

    private NonFiniteEntry firstNonFinite(String path) {
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            double[] b = e.getValue();
            boolean infOk = unbounded.contains(e.getKey());
            if (!infOk) { // the common case, checked after every training step: Vec's branch-free parallel scan
                int i = Vec.firstNonFinite(b);
                if (i >= 0) {
                    return new NonFiniteEntry(path + e.getKey(), i, b[i]);
                }
                continue;
            }
            for (int i = 0; i < b.length; i++) {
                double v = b[i];
                if (infOk ? Double.isNaN(v) : !Double.isFinite(v)) {
                    return new NonFiniteEntry(path + e.getKey(), i, v);
                }
            }
        }
        for (Map.Entry<String, OptimizerState> e : children.entrySet()) {
            NonFiniteEntry bad = e.getValue().firstNonFinite(path + e.getKey() + "/");
            if (bad != null) {
                return bad;
            }
        }
        return null;
    }

    /**
     * A copy of this state's buffers and step counts (and its children's) in arrays allocated once,
     * for undoing an update: {@link Backup#save()} before it, {@link Backup#restore()} after a bad one.
     * Memory: as much as the state's buffers.
     */
    public final Backup newBackup() {
        return new Backup(this);
    }

    /** A reusable copy of one state tree (see {@link #newBackup()}); saving and restoring allocate nothing. */
    public static final class Backup {
        private final OptimizerState[] nodes;
        private final long[] steps;
        private final double[][] live;
        private final double[][] saved;

        private Backup(OptimizerState root) {
            List<OptimizerState> all = new ArrayList<>();
            List<double[]> arrays = new ArrayList<>();
            collect(root, all, arrays);
            nodes = all.toArray(OptimizerState[]::new);
            steps = new long[nodes.length];
            live = arrays.toArray(double[][]::new);
            saved = new double[live.length][];
            for (int i = 0; i < live.length; i++) {
                saved[i] = new double[live[i].length];
            }
        }

        private static void collect(OptimizerState s, List<OptimizerState> all, List<double[]> arrays) {
            all.add(s);
            arrays.addAll(s.buffers.values());
            for (OptimizerState c : s.children.values()) {
                collect(c, all, arrays);
            }
        }

        /** Copies the live state into this backup. */
        public void save() {
            for (int i = 0; i < nodes.length; i++) {
                steps[i] = nodes[i].step;
            }
            for (int i = 0; i < live.length; i++) {
                System.arraycopy(live[i], 0, saved[i], 0, live[i].length);
            }
        }

        /** Copies the last {@link #save()}d values back into the live state. */
        public void restore() {
            for (int i = 0; i < nodes.length; i++) {
                nodes[i].step = steps[i];
            }
            for (int i = 0; i < live.length; i++) {
                System.arraycopy(saved[i], 0, live[i], 0, live[i].length);
            }
        }
    }

    /**
     * Restores this state (and its children) from {@code dict}. Every name, layout and length in
     * the whole tree is checked before anything is written, so a refused load leaves this state
     * unchanged.
     *
     * @param dict not modified
     * @throws IllegalArgumentException naming the first mismatch and where it is
     */
    public final void load(StateDict dict) {
        validate(dict, prefix);
        write(dict);
    }

    private void validate(StateDict dict, String path) {
        if (!dict.optimizer().equals(prefix)) {
            throw new IllegalArgumentException(
                    "state at '" + path + "' is for optimizer '" + dict.optimizer() + "', expected '" + prefix + "'");
        }
        if (!dict.layout().equals(layout)) {
            throw new IllegalArgumentException("state at '" + path + "' is for layout " + dict.layout().blocks()
                    + ", expected " + layout.blocks());
        }
        if (dict.step() < 0) {
            throw new IllegalArgumentException("state at '" + path + "': step = " + dict.step() + " is negative");
        }
        if (!dict.buffers().keySet().equals(buffers.keySet())) {
            throw new IllegalArgumentException("state at '" + path + "' has buffers " + dict.buffers().keySet()
                    + ", expected " + buffers.keySet());
        }
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            double[] src = dict.buffers().get(e.getKey());
            if (src.length != e.getValue().length) {
                throw new IllegalArgumentException("state buffer '" + e.getKey() + "' at '" + path + "' has length "
                        + src.length + ", expected " + e.getValue().length);
            }
        }
        for (Map.Entry<String, long[]> e : integers.entrySet()) {
            double v = dict.buffers().get(e.getKey())[0];
            long min = e.getValue()[0];
            long max = e.getValue()[1];
            if (!(v >= min && v <= max && v == Math.rint(v))) {
                throw new IllegalArgumentException("state buffer '" + e.getKey() + "' at '" + path + "' = " + v
                        + " is not an integer in [" + min + ", " + max + "]");
            }
        }
        if (!dict.children().keySet().equals(children.keySet())) {
            throw new IllegalArgumentException("state at '" + path + "' has children " + dict.children().keySet()
                    + ", expected " + children.keySet());
        }
        for (Map.Entry<String, OptimizerState> e : children.entrySet()) {
            e.getValue().validate(dict.children().get(e.getKey()), path + "/" + e.getKey());
        }
    }

    private void write(StateDict dict) {
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            double[] src = dict.buffers().get(e.getKey());
            System.arraycopy(src, 0, e.getValue(), 0, src.length);
        }
        for (Map.Entry<String, OptimizerState> e : children.entrySet()) {
            e.getValue().write(dict.children().get(e.getKey()));
        }
        step = dict.step();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[step=" + step + ", buffers=" + buffers.keySet()
                + (children.isEmpty() ? "" : ", children=" + children.keySet()) + "]";
    }
}
