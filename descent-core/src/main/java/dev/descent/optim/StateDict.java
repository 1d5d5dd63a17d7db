package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of optimizer state by name: buffers with hierarchical keys such as {@code adam.m},
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
     * are prefixed with its name and a slash ({@code inner/adam.m}); step counts appear as
     * {@code step} and {@code inner/step} (one-element arrays). For codecs; {@link #unflatten}
     * is the inverse.
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

    /**
     * The inverse of {@link #flatten()}: rebuilds the tree of snapshots from flat keys, taking the
     * optimizer names, layouts and the shape of the tree from {@code template}. Every key of
     * {@code template.flatten()} must be present with the same length, no other key may be
     * present, and each step entry must hold one non-negative integer (at most 2<sup>53</sup>, the
     * largest a double holds exactly). For codecs, which store the flat form.
     *
     * <pre>{@code
     * Map<String, double[]> flat = state.stateDict().flatten();   // e.g. written to a file
     * StateDict back = StateDict.unflatten(flat, optimizer.init(layout).stateDict());
     * }</pre>
     *
     * @param flat     not modified; the arrays are copied
     * @param template not modified; only its names, layouts and lengths are used
     * @throws IllegalArgumentException naming the first missing, unexpected or wrongly sized key,
     *                                  or the first invalid step
     */
    public static StateDict unflatten(Map<String, double[]> flat, StateDict template) {
        Map<String, double[]> expected = template.flatten();
        for (Map.Entry<String, double[]> e : expected.entrySet()) {
            double[] v = flat.get(e.getKey());
            if (v == null) {
                throw new IllegalArgumentException("flat state has no key '" + e.getKey() + "'; expected keys "
                        + expected.keySet());
            }
            if (v.length != e.getValue().length) {
                throw new IllegalArgumentException("flat state key '" + e.getKey() + "' has length " + v.length
                        + ", expected " + e.getValue().length);
            }
        }
        for (String key : flat.keySet()) {
            if (!expected.containsKey(key)) {
                throw new IllegalArgumentException("flat state has unexpected key '" + key + "'; expected keys "
                        + expected.keySet());
            }
        }
        return template.rebuild("", flat);
    }

    private StateDict rebuild(String path, Map<String, double[]> flat) {
        double s = flat.get(path + "step")[0];
        if (!(s >= 0 && s <= 0x1p53 && s == Math.rint(s))) {
            throw new IllegalArgumentException("flat state key '" + path + "step' = " + s
                    + " is not a step count (an integer in [0, 2^53])");
        }
        Map<String, double[]> bufs = new LinkedHashMap<>();
        for (String key : buffers.keySet()) {
            bufs.put(key, flat.get(path + key));
        }
        Map<String, StateDict> kids = new LinkedHashMap<>();
        for (Map.Entry<String, StateDict> e : children.entrySet()) {
            kids.put(e.getKey(), e.getValue().rebuild(path + e.getKey() + "/", flat));
        }
        return new StateDict(optimizer, layout, (long) s, bufs, kids);
    }

    /**
     * Checks that this snapshot has the shape of {@code expected}: the same optimizer names,
     * layouts, buffer names and lengths, and children, all the way down. Steps and buffer values
     * are not compared. This is what {@link OptimizerState#load} requires, so a snapshot that passes
     * can be loaded into a state whose {@code stateDict()} is {@code expected}.
     *
     * @param expected not modified
     * @throws IllegalArgumentException naming the first difference and where it is ({@code /} for
     *                                  the root, {@code /inner} for a child)
     */
    public void requireSameStructure(StateDict expected) {
        requireSameStructure(expected, "/");
    }

    private void requireSameStructure(StateDict expected, String path) {
        if (!optimizer.equals(expected.optimizer)) {
            throw new IllegalArgumentException("state at '" + path + "' is for optimizer '" + optimizer
                    + "', expected '" + expected.optimizer + "'");
        }
        if (!layout.equals(expected.layout)) {
            throw new IllegalArgumentException("state at '" + path + "' is for layout " + layout.blocks()
                    + ", expected " + expected.layout.blocks());
        }
        if (!buffers.keySet().equals(expected.buffers.keySet())) {
            throw new IllegalArgumentException("state at '" + path + "' has buffers " + buffers.keySet()
                    + ", expected " + expected.buffers.keySet());
        }
        for (Map.Entry<String, double[]> e : expected.buffers.entrySet()) {
            int n = buffers.get(e.getKey()).length;
            if (n != e.getValue().length) {
                throw new IllegalArgumentException("state buffer '" + e.getKey() + "' at '" + path + "' has length "
                        + n + ", expected " + e.getValue().length);
            }
        }
        if (!children.keySet().equals(expected.children.keySet())) {
            throw new IllegalArgumentException("state at '" + path + "' has children " + children.keySet()
                    + ", expected " + expected.children.keySet());
        }
        for (Map.Entry<String, StateDict> e : children.entrySet()) {
            e.getValue().requireSameStructure(expected.children.get(e.getKey()),
                    (path.equals("/") ? "/" : path + "/") + e.getKey());
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
