package dev.descent.autodiff;

/**
 * Elementwise natural logarithm.
 *
 * <pre>
 *   forward:  y = log(x)
 *   vjp:      x̄ += ȳ ⊘ x
 * </pre>
 *
 * Defined for x &gt; 0; log 0 = −∞ and log of a negative number is NaN (IEEE 754), with no check.
 */
public record Log() implements Op {

    @Override
    public String name() {
        return "log";
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
            y[i] = Math.log(x);
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
            gx[i] += g / x;
        }
    }
}
