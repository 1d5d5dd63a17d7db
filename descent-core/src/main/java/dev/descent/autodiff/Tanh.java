package dev.descent.autodiff;

/**
 * Elementwise hyperbolic tangent.
 *
 * <pre>
 *   forward:  y = tanh(x)
 *   vjp:      x̄ += ȳ ⊙ (1 − y²)
 * </pre>
 */
public record Tanh() implements Op {

    @Override
    public String name() {
        return "tanh";
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
            y[i] = Math.tanh(x);
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
            gx[i] += g * (1 - y * y);
        }
    }
}
