package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The mutable state of an optimizer: the step count t (number of completed updates) and named
 * buffers. Subclasses expose their buffers as final fields named after the algorithm's symbols;
 * this base class makes every state copyable, serializable by name and restorable with checks.
 *
 * <p>Buffers registered with {@link #buffer} are state (saved and restored). Buffers from
 * {@link #scratch} are work space (e.g. the look-ahead point) and are not saved.
 */
public abstract class OptimizerState {

    private final String prefix;
    private final ParamLayout layout;
    private final Map<String, double[]> buffers = new LinkedHashMap<>();
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

    /** A work buffer that is not part of the saved state. */
    protected final double[] scratch(int length) {
        return new double[length];
    }

    /** A snapshot of the state: copies of every buffer, plus the step count. */
    public final StateDict stateDict() {
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            copy.put(e.getKey(), e.getValue().clone());
        }
        return new StateDict(prefix, layout, step, copy);
    }

    /** Names of the saved buffers, in order. */
    public final Map<String, double[]> buffersView() {
        return Collections.unmodifiableMap(buffers);
    }

    /**
     * Restores this state from {@code dict}. Every name and length is checked before anything is
     * written, so a refused load leaves this state unchanged.
     *
     * @param dict not modified
     * @throws IllegalArgumentException naming the first mismatch
     */
    public final void load(StateDict dict) {
        if (!dict.optimizer().equals(prefix)) {
            throw new IllegalArgumentException(
                    "state is for optimizer '" + dict.optimizer() + "', expected '" + prefix + "'");
        }
        if (!dict.layout().equals(layout)) {
            throw new IllegalArgumentException("state is for layout " + dict.layout().blocks() + ", expected "
                    + layout.blocks());
        }
        if (dict.step() < 0) {
            throw new IllegalArgumentException("state step = " + dict.step() + " is negative");
        }
        if (!dict.buffers().keySet().equals(buffers.keySet())) {
            throw new IllegalArgumentException(
                    "state has buffers " + dict.buffers().keySet() + ", expected " + buffers.keySet());
        }
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            double[] src = dict.buffers().get(e.getKey());
            if (src.length != e.getValue().length) {
                throw new IllegalArgumentException("state buffer '" + e.getKey() + "' has length "
                        + src.length + ", expected " + e.getValue().length);
            }
        }
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            double[] src = dict.buffers().get(e.getKey());
            System.arraycopy(src, 0, e.getValue(), 0, src.length);
        }
        step = dict.step();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[step=" + step + ", buffers=" + buffers.keySet() + "]";
    }
}
