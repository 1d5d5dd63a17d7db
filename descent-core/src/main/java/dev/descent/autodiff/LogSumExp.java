package dev.descent.autodiff;

/**
 * log Σ exp of all elements, or along one axis (the axis is removed from the shape), computed
 * stably by subtracting the maximum first.
 *
 * <pre>
 *   forward:  μ[g] = maxₜ x[g, t]
 *             y[g] = μ[g] + log Σₜ exp(x[g, t] − μ[g])       (shapes as for {@link Sum})
 *   vjp:      x̄[g, t] += ȳ[g] · exp(x[g, t] − y[g])          (= ȳ · softmax(x)[g, t])
 * </pre>
 *
 * Every exponent is ≤ 0, so nothing overflows; a group whose maximum is ±∞ gives ±∞.
 *
 * @param axis {@link Op#ALL}, or 0 … rank−1
 */
public record LogSumExp(int axis) implements Op {

    public LogSumExp {
        if (axis != ALL && axis < 0) {
            throw new IllegalArgumentException("logSumExp: axis = " + axis + " must be >= 0 or Op.ALL");
        }
    }

    @Override
    public String name() {
        return "logSumExp";
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
            int start = x.offset() + g * r.groupStride();
            double mu = xd[x.offset() + Max.argmax(x, r, g)];
            if (Double.isInfinite(mu) || Double.isNaN(mu)) {
                y[g] = mu;
                continue;
            }
            double s = 0;
            for (int t = 0, i = start; t < r.length(); t++, i += r.stride()) {
                s += Math.exp(xd[i] - mu);
            }
            y[g] = mu + Math.log(s);
        }
        return Tensor.fresh(y, r.outShape());
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        Tensor x = in[0];
        Reduction r = Reduction.of(name(), x, axis);
        double[] xd = x.data();
        double[] y = out.data();
        for (int g = 0; g < r.groups(); g++) {
            double v = gy[g];
            double lse = y[g];
            for (int t = 0, i = g * r.groupStride(); t < r.length(); t++, i += r.stride()) {
                gx[i] += v * Math.exp(xd[x.offset() + i] - lse);
            }
        }
    }
}
