package dev.descent.autodiff;

/**
 * Elementwise power with a constant exponent.
 *
 * <pre>
 *   forward:  y = x^p
 *   vjp:      x̄ += ȳ ⊙ p·x^(p−1)          (nothing for p = 0)
 * </pre>
 *
 * Values follow {@link Math#pow}: for a non-integer p a negative x gives NaN. For p = 2 prefer
 * {@link Square}, for p = ½ {@link Sqrt} (both exact and cheaper).
 *
 * @param exponent p, finite
 */
public record Pow(double exponent) implements Op {

    public Pow {
        if (!Double.isFinite(exponent)) {
            throw new IllegalArgumentException("pow: exponent = " + exponent + " is not finite");
        }
    }

    @Override
    public String name() {
        return "pow";
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
            y[i] = Math.pow(xd[o + i], exponent);
        }
        return Tensor.fresh(y, t.shape());
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] gy, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null || exponent == 0) {
            return;
        }
        double[] xd = in[0].data();
        int o = in[0].offset();
        double p = exponent;
        for (int i = 0; i < gy.length; i++) {
            gx[i] += gy[i] * p * Math.pow(xd[o + i], p - 1);
        }
    }
}
