package dev.descent.autodiff;

/**
 * Elementwise exponential.
 *
 * <pre>
 *   forward:  y = exp(x)
 *   vjp:      x̄ += ȳ ⊙ y
 * </pre>
 */
public record Exp() implements Op {

    @Override
    public String name() {
        return "exp";
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
            y[i] = Math.exp(x);
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
            gx[i] += g * y;
        }
    }
}
