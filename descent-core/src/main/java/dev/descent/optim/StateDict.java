package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of optimizer state by name: buffers with hierarchical keys such as {@code adam.s},
 * the step count, and the snapshots of wrapped optimizers as named children. Loading checks
 * every name, layout and length (stricter than torch's zip-by-position), so state saved from one
 * optimizer cannot silently be loaded into another.
 *
 * @param optimizer the registry name of the optimizer that produced it
 * @param layout    the layout of the parameters the state belongs to
 * @param step      number of completed updates
 * @param buffers   named buffers, in a stable order (copied; owned by this record)
 * @param children  snapshots of wrapped optimizers' states, by name, in a stable order
 */
public record StateDict(String optimizer, ParamLayout layout, long step, Map<String, double[]> buffers,
        Map<String, StateDict> children) {

    public StateDict {
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            copy.put(e.getKey(), e.getValue().clone());
        }
        buffers = Collections.unmodifiableMap(copy);
        children = Collections.unmodifiableMap(new LinkedHashMap<>(children));
    }

    /** A snapshot without children. */
    public StateDict(String optimizer, ParamLayout layout, long step, Map<String, double[]> buffers) {
        this(optimizer, layout, step, buffers, Map.of());
    }

    /** A copy of the named buffer. */
    public double[] get(String key) {
        double[] b = buffers.get(key);
        if (b == null) {
            throw new IllegalArgumentException("no state buffer '" + key + "'; have " + buffers.keySet());
        }
        return b.clone();
    }

    /**
     * Every buffer of this snapshot and its children under one flat, stable key: a child's keys
     * are prefixed with its name and a slash ({@code inner/adam.s}); step counts appear as
     * {@code step} and {@code inner/step} (one-element arrays). For codecs.
     */
    public Map<String, double[]> flatten() {
        Map<String, double[]> out = new LinkedHashMap<>();
        flattenInto("", out);
        return out;
    }

    private void flattenInto(String path, Map<String, double[]> out) {
        out.put(path + "step", new double[] {step});
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            out.put(path + e.getKey(), e.getValue().clone());
        }
        for (Map.Entry<String, StateDict> e : children.entrySet()) {
            e.getValue().flattenInto(path + e.getKey() + "/", out);
        }
    }

    /** Equal when names, layouts, steps, children and every buffer bit are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StateDict d) || d.step != step || !d.optimizer.equals(optimizer)
                || !d.layout.equals(layout) || !d.buffers.keySet().equals(buffers.keySet())
                || !d.children.equals(children)) {
            return false;
        }
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            if (!Arrays.equals(e.getValue(), d.buffers.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = optimizer.hashCode() * 31 + Long.hashCode(step);
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            h = h * 31 + e.getKey().hashCode() * 17 + Arrays.hashCode(e.getValue());
        }
        return h * 31 + children.hashCode();
    }

    @Override
    public String toString() {
        return "StateDict[" + optimizer + ", step=" + step + ", " + buffers.keySet()
                + (children.isEmpty() ? "" : ", children=" + children.keySet()) + "]";
    }
}
