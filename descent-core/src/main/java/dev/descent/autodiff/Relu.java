package dev.descent.autodiff;

/**
 * Elementwise rectified linear unit.
 *
 * <pre>
 *   forward:  y = max(x, 0)
 *   vjp:      x̄ += ȳ ⊙ [x &gt; 0]
 * </pre>
 *
 * At x = 0 the subgradient 0 is used (as in PyTorch); NaN propagates.
 */
public record Relu() implements Op {

    @Override
    public String name() {
        return "relu";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor t = in[0];
        double[] xd = t.data();
        int o = t.offset();
        double[] y = new double[t.size()];
        for (int i = 0; i < y.length; i++) {
            double x = xd[o + i];
            y[i] = Math.max(x, 0); // NaN stays NaN
        }
        return Tensor.fresh(y, t.shape());
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        double[] xd = in[0].data();
        int o = in[0].offset();
        for (int i = 0; i < gy.length; i++) {
            double g = gy[i];
            double x = xd[o + i];
            gx[i] += x > 0 ? g : 0;
        }
    }
}
