package dev.descent.autodiff;

/**
 * Sum of all elements, or along one axis (the axis is removed from the shape).
 *
 * <pre>
 *   forward:  y = Σᵢ x[i]                 axis ALL: any shape → []
 *             y[i] = Σⱼ x[i, j]           axis 1:  [m, n] → [m]
 *             y[j] = Σᵢ x[i, j]           axis 0:  [m, n] → [n];  axis 0 of [n] → []
 *   vjp:      x̄ += ȳ broadcast back along the summed axis
 * </pre>
 *
 * @param axis {@link Op#ALL}, or 0 … rank−1
 */
public record Sum(int axis) implements Op {

    public Sum {
        if (axis != ALL && axis < 0) {
            throw new IllegalArgumentException("sum: axis = " + axis + " must be >= 0 or Op.ALL");
        }
    }

    @Override
    public String name() {
        return "sum";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor x = in[0];
        Reduction r = Reduction.of(name(), x, axis);
        double[] xd = x.data();
        double[] y = new double[r.groups()];
        for (int g = 0; g < r.groups(); g++) {
            double s = 0;
            for (int t = 0, i = x.offset() + g * r.groupStride(); t < r.length(); t++, i += r.stride()) {
                s += xd[i];
            }
            y[g] = s;
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
            double v = gy[g];
            for (int t = 0, i = g * r.groupStride(); t < r.length(); t++, i += r.stride()) {
                gx[i] += v;
            }
        }
    }
}
