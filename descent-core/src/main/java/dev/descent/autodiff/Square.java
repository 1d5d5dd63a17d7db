package dev.descent.autodiff;

/**
 * Elementwise square.
 *
 * <pre>
 *   forward:  y = x²
 *   vjp:      x̄ += 2 ȳ ⊙ x
 * </pre>
 */
public record Square() implements Op {

    @Override
    public String name() {
        return "square";
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
            y[i] = x * x;
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
            gx[i] += 2 * g * x;
        }
    }
}
