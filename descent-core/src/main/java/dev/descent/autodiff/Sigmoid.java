package dev.descent.autodiff;

/**
 * Elementwise logistic sigmoid, computed without overflow for any x.
 *
 * <pre>
 *   forward:  y = σ(x) = 1 / (1 + exp(−x))      (as exp(x) / (1 + exp(x)) for x &lt; 0)
 *   vjp:      x̄ += ȳ ⊙ y ⊙ (1 − y)
 * </pre>
 */
public record Sigmoid() implements Op {

    @Override
    public String name() {
        return "sigmoid";
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
            y[i] = x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
        }
        return Tensor.fresh(y, t.shape());
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        double[] yd = out.data();
        for (int i = 0; i < gy.length; i++) {
            double g = gy[i];
            double y = yd[i];
            gx[i] += g * y * (1 - y);
        }
    }
}
