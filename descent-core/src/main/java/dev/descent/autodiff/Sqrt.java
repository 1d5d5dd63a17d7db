package dev.descent.autodiff;

/**
 * Elementwise square root.
 *
 * <pre>
 *   forward:  y = √x
 *   vjp:      x̄ += ȳ ⊘ (2y)
 * </pre>
 *
 * The derivative is infinite at x = 0 and the value NaN for x &lt; 0 (IEEE 754), with no check.
 */
public record Sqrt() implements Op {

    @Override
    public String name() {
        return "sqrt";
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
            y[i] = Math.sqrt(x);
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
            gx[i] += g / (2 * y);
        }
    }
}
