package dev.descent.autodiff;

import dev.descent.linalg.MatMulKernel;
import java.util.Objects;

/**
 * Matrix product, computed by a {@link MatMulKernel}.
 *
 * <pre>
 *   forward:  C = A·B            A [m, k], B [k, n]  →  C [m, n]
 *   vjp:      Ā += C̄·Bᵀ          (kernel gemmNT: no transposed copy)
 *             B̄ += Aᵀ·C̄          (kernel gemmTN)
 * </pre>
 *
 * Vectors follow numpy's {@code matmul}: a rank-1 left operand [k] is a row (1 × k), a rank-1
 * right operand [k] is a column (k × 1), and the unit dimension is dropped from the result, so
 * [m, k]·[k] → [m], [k]·[k, n] → [n] and [k]·[k] → [] (the dot product). Scalars are refused (use
 * {@link Mul}).
 *
 * @param kernel the matrix-multiply kernel; by default {@link MatMulKernel#standard()}
 */
public record MatMul(MatMulKernel kernel) implements Op {

    public MatMul {
        Objects.requireNonNull(kernel, "kernel");
    }

    @Override
    public String name() {
        return "matmul";
    }

    @Override
    public int arity() {
        return 2;
    }

    @Override
    public Tensor forward(Tensor[] in) {
        Tensor a = in[0];
        Tensor b = in[1];
        int[] out = resultShape(a, b);
        int m = a.rows();
        int k = a.cols();
        int n = b.rank() == 2 ? b.dim(1) : 1;
        double[] c = new double[m * n];
        kernel.gemm(m, n, k, a.data(), a.offset(), b.data(), b.offset(), c, 0);
        return Tensor.fresh(c, out);
    }

    @Override
    public void vjp(Tensor[] in, Tensor out, double[] g, double[][] grads) {
        Tensor a = in[0];
        Tensor b = in[1];
        int m = a.rows();
        int k = a.cols();
        int n = b.rank() == 2 ? b.dim(1) : 1;
        if (grads[0] != null) {
            // Ā [m×k] += C̄ [m×n] · Bᵀ, with B stored [k×n]
            kernel.gemmNT(m, k, n, g, 0, b.data(), b.offset(), grads[0], 0);
        }
        if (grads[1] != null) {
            // B̄ [k×n] += Aᵀ · C̄, with A stored [m×k] and C̄ stored [m×n]
            kernel.gemmTN(k, n, m, a.data(), a.offset(), g, 0, grads[1], 0);
        }
    }

    private static int[] resultShape(Tensor a, Tensor b) {
        if (a.rank() == 0 || b.rank() == 0) {
            throw new IllegalArgumentException("matmul: " + a.shapeString() + " × " + b.shapeString()
                    + ": operands need rank 1 or 2 (use mul to scale by a scalar)");
        }
        int ka = a.cols();
        int kb = b.dim(0);
        if (ka != kb) {
            throw new IllegalArgumentException("matmul: " + a.shapeString() + " × " + b.shapeString()
                    + ": inner dimensions " + ka + " and " + kb + " differ");
        }
        if (a.rank() == 2 && b.rank() == 2) {
            return new int[] {a.dim(0), b.dim(1)};
        }
        if (a.rank() == 2) {
            return new int[] {a.dim(0)};
        }
        if (b.rank() == 2) {
            return new int[] {b.dim(1)};
        }
        return new int[0];
    }
}
