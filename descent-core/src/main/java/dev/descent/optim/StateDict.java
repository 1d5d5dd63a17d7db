package dev.descent.optim;

import dev.descent.linalg.ParamLayout;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A snapshot of optimizer state by name: hierarchical keys such as {@code adam.s}, {@code adam.r}
 * and the step count. Loading checks every name and length (stricter than torch's
 * zip-by-position), so state saved from one optimizer cannot silently be loaded into another.
 *
 * @param optimizer the registry name of the optimizer that produced it
 * @param layout    the layout of the parameters the state belongs to
 * @param step      number of completed updates
 * @param buffers   named buffers, in a stable order; the map and arrays are owned by this record
 */
public record StateDict(String optimizer, ParamLayout layout, long step, Map<String, double[]> buffers) {

    public StateDict {
        Map<String, double[]> copy = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : buffers.entrySet()) {
            copy.put(e.getKey(), e.getValue().clone());
        }
        buffers = Collections.unmodifiableMap(copy);
    }

    /** A copy of the named buffer. */
    public double[] get(String key) {
        double[] b = buffers.get(key);
        if (b == null) {
            throw new IllegalArgumentException("no state buffer '" + key + "'; have " + buffers.keySet());
        }
        return b.clone();
    }

    /** Equal when names, step and every buffer bit are equal. */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof StateDict d) || d.step != step || !d.optimizer.equals(optimizer)
                || !d.layout.equals(layout) || !d.buffers.keySet().equals(buffers.keySet())) {
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
        return h;
    }

    @Override
    public String toString() {
        return "StateDict[" + optimizer + ", step=" + step + ", " + buffers.keySet() + "]";
    }
}
