package dev.descent.bench;

import dev.descent.linalg.MatMulKernel;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * EJML's dense row-major products ({@code CommonOps_DDRM.multAdd}, {@code multAddTransA},
 * {@code multAddTransB}) behind descent's kernel interface, for comparison only.
 *
 * <p>EJML matrices start at index 0 of their array, so an operand at a non-zero offset (a weight
 * block inside θ) is copied out first, and C copied back; at offset 0 the arrays are wrapped
 * without a copy (the case of the benchmark's shapes).
 */
public final class EjmlMatMulKernel implements MatMulKernel {

    @Override
    public String name() {
        return "ejml";
    }

    @Override
    public void gemm(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        DMatrixRMaj cm = wrap(m, n, c, co);
        CommonOps_DDRM.multAdd(wrap(m, k, a, ao), wrap(k, n, b, bo), cm);
        unwrap(cm, c, co);
    }

    @Override
    public void gemmTN(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        DMatrixRMaj cm = wrap(m, n, c, co);
        CommonOps_DDRM.multAddTransA(wrap(k, m, a, ao), wrap(k, n, b, bo), cm);
        unwrap(cm, c, co);
    }

    @Override
    public void gemmNT(int m, int n, int k, double[] a, int ao, double[] b, int bo, double[] c, int co) {
        DMatrixRMaj cm = wrap(m, n, c, co);
        CommonOps_DDRM.multAddTransB(wrap(m, k, a, ao), wrap(n, k, b, bo), cm);
        unwrap(cm, c, co);
    }

    private static DMatrixRMaj wrap(int rows, int cols, double[] x, int offset) {
        if (offset == 0) {
            return DMatrixRMaj.wrap(rows, cols, x);
        }
        double[] copy = new double[rows * cols];
        System.arraycopy(x, offset, copy, 0, copy.length);
        return DMatrixRMaj.wrap(rows, cols, copy);
    }

    private static void unwrap(DMatrixRMaj m, double[] x, int offset) {
        if (m.data != x) {
            System.arraycopy(m.data, 0, x, offset, m.getNumElements());
        }
    }
}
