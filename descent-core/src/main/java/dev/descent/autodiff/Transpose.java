package dev.descent.autodiff;

/**
 * Matrix transpose (a copy: tensors are always contiguous and row-major).
 *
 * <pre>
 *   forward:  y[j, i] = x[i, j]        x [m, n]  →  y [n, m]
 *   vjp:      x̄[i, j] += ȳ[j, i]
 * </pre>
 *
 * Only rank 2 is accepted. A matrix product with a transposed operand need not use this op's copy:
 * {@link MatMul}'s gradient uses the kernel's transposed forms directly.
 */
public record Transpose() implements Op {

    @Override
    public String name() {
        return "transpose";
    }

    @Override
    public int arity() {
        return 1;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor x = in[0];
        if (x.rank() != 2) {
            throw new IllegalArgumentException("transpose: " + x.shapeString() + ": needs a rank-2 tensor");
        }
        int m = x.dim(0);
        int n = x.dim(1);
        double[] xd = x.data();
        int xo = x.offset();
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                y[j * m + i] = xd[xo + i * n + j];
            }
        }
        return Tensor.fresh(y, n, m);
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] g, double[][] grads) {
        double[] gx = grads[0];
        if (gx == null) {
            return;
        }
        int m = in[0].dim(0);
        int n = in[0].dim(1);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                gx[i * n + j] += g[j * m + i];
            }
        }
    }
}
