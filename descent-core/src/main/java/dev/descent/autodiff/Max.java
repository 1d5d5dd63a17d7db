package dev.descent.autodiff;

/**
 * Maximum of all elements, or along one axis (the axis is removed from the shape).
 *
 * <pre>
 *   forward:  y[g] = maxₜ x[g, t]               (shapes as for {@link Sum})
 *   vjp:      x̄[g, t*] += ȳ[g]                 t* = the first index where the maximum is attained
 * </pre>
 *
 * At a tie the whole gradient goes to the first maximal element (a valid subgradient; PyTorch's
 * {@code max(dim)} does the same). A NaN in a group makes that group's maximum NaN. The backward
 * pass finds t* again from the input instead of storing it.
 *
 * @param axis {@link Op#ALL}, or 0 … rank−1
 */
public record Max(int axis) implements Op {

    public Max {
        if (axis != ALL && axis < 0) {
            throw new IllegalArgumentException("max: axis = " + axis + " must be >= 0 or Op.ALL");
        }
    }

    @Override
    public String name() {
        return "max";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor x = in[0];
        Reduction r = Reduction.of(name(), x, axis);
        double[] y = new double[r.groups()];
        for (int g = 0; g < r.groups(); g++) {
            y[g] = x.data()[x.offset() + argmax(x, r, g)];
        }
        return Tensor.fresh(y, r.outShape());
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        Reduction r = Reduction.of(name(), in[0], axis);
        for (int g = 0; g < r.groups(); g++) {
            gx[argmax(in[0], r, g)] += gy[g];
        }
    }

    /** Position (relative to the offset) of the first maximum of group g; the first NaN wins. */
    static int argmax(Tensor x, Reduction r, int g) {
        double[] xd = x.data();
        int o = x.offset();
        int best = g * r.groupStride();
        double bestValue = xd[o + best];
        for (int t = 1, i = best + r.stride(); t < r.length() && !Double.isNaN(bestValue); t++, i += r.stride()) {
            double v = xd[o + i];
            if (v > bestValue || Double.isNaN(v)) {
                best = i;
                bestValue = v;
            }
        }
        return best;
    }
}
