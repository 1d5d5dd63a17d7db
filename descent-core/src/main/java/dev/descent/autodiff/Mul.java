package dev.descent.autodiff;

/**
 * Elementwise (Hadamard) product.
 *
 * <pre>
 *   forward:  y = a ⊙ b         same shapes, or one operand a scalar [] broadcast to the other's shape
 *   vjp:      ā += ȳ ⊙ b
 *             b̄ += ȳ ⊙ a        (a broadcast scalar receives the sum)
 * </pre>
 */
public record Mul() implements Op {

    @Override
    public String name() {
        return "mul";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        int[] shape = Elementwise.shape(name(), a, b);
        double[] y = new double[Elementwise.size(shape)];
        double[] ad = a.data();
        double[] bd = b.data();
        int sa = Elementwise.step(a, y.length);
        int sb = Elementwise.step(b, y.length);
        for (int i = 0, ia = a.offset(), ib = b.offset(); i < y.length; i++, ia += sa, ib += sb) {
            y[i] = ad[ia] * bd[ib];
        }
        return Tensor.fresh(y, shape);
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] g, double[][] grads) {
        Tensor a = in[0];
        Tensor b = in[1];
        double[] ad = a.data();
        double[] bd = b.data();
        int sa = Elementwise.step(a, g.length);
        int sb = Elementwise.step(b, g.length);
        double[] ga = grads[0];
        if (ga != null) {
            for (int i = 0, ia = 0, ib = b.offset(); i < g.length; i++, ia += sa, ib += sb) {
                ga[ia] += g[i] * bd[ib];
            }
        }
        double[] gb = grads[1];
        if (gb != null) {
            for (int i = 0, ia = a.offset(), ib = 0; i < g.length; i++, ia += sa, ib += sb) {
                gb[ib] += g[i] * ad[ia];
            }
        }
    }
}
