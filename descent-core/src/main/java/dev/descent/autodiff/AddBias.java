package dev.descent.autodiff;

/**
 * Adds a bias row to every row of a matrix (broadcast over the rows).
 *
 * <pre>
 *   forward:  y[i, j] = x[i, j] + b[j]       x [m, n], b [n]  →  y [m, n]
 *   vjp:      x̄[i, j] += ȳ[i, j]
 *             b̄[j]    += Σᵢ ȳ[i, j]          (column sums of ȳ)
 * </pre>
 */
public record AddBias() implements Op {

    @Override
    public String name() {
        return "addBias";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor x = in[0];
        Tensor b = in[1];
        if (x.rank() != 2 || b.rank() != 1 || b.dim(0) != x.dim(1)) {
            throw new IllegalArgumentException("addBias: " + x.shapeString() + " + " + b.shapeString()
                    + ": needs x [m, n] and a bias [n] with n equal to the columns of x");
        }
        int m = x.dim(0);
        int n = x.dim(1);
        double[] xd = x.data();
        double[] bd = b.data();
        int xo = x.offset();
        int bo = b.offset();
        double[] y = new double[m * n];
        for (int i = 0; i < m; i++) {
            int r = i * n;
            for (int j = 0; j < n; j++) {
                y[r + j] = xd[xo + r + j] + bd[bo + j];
            }
        }
        return Tensor.fresh(y, m, n);
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] g, double[][] grads) {
        int m = in[0].dim(0);
        int n = in[0].dim(1);
        double[] gx = grads[0];
        if (gx != null) {
            for (int i = 0; i < g.length; i++) {
                gx[i] += g[i];
            }
        }
        double[] gb = grads[1];
        if (gb != null) {
            for (int i = 0; i < m; i++) {
                int r = i * n;
                for (int j = 0; j < n; j++) {
                    gb[j] += g[r + j];
                }
            }
        }
    }
}
