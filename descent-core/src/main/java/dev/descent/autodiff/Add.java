package dev.descent.autodiff;

/**
 * Elementwise sum.
 *
 * <pre>
 *   forward:  y = a + b         same shapes, or one operand a scalar [] broadcast to the other's shape
 *   vjp:      ā += ȳ
 *             b̄ += ȳ            (a broadcast scalar receives Σ ȳ)
 * </pre>
 */
public record Add() implements Op {

    @Override
    public String name() {
        return "add";
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
            y[i] = ad[ia] + bd[ib];
        }
        return Tensor.fresh(y, shape);
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] g, double[][] grads) {
        for (int k = 0; k < 2; k++) {
            double[] gx = grads[k];
            if (gx != null) {
                int s = Elementwise.step(in[k], g.length);
                for (int i = 0, j = 0; i < g.length; i++, j += s) {
                    gx[j] += g[i];
                }
            }
        }
    }
}
