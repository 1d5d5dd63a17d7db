package dev.descent.optim;

/**
 * torch 1.13's CPU arithmetic where a reference implementation's bits depend on it: the fused
 * {@code add_(b, alpha)} and the cascade order of {@code sum}. {@link Prodigy} and
 * {@link DAdaptAdam} use it to replay their references at 1e-12; D's estimate divides two sums
 * and amplifies their rounding, so a plain sequential sum drifts past the tolerance.
 */
final class TorchCpu {

    private TorchCpu() {
    }

    /**
     * torch 1.13's CPU {@code a.add_(b, alpha)}: its kernel computes fma(b, α, a) (vec::fmadd; the
     * reference bits agree best with a fused product in the scalar tail too).
     */
    static double addAlpha(double a, double alpha, double b) {
        return Math.fma(b, alpha, a);
    }

    /**
     * Σ|a_i| in the order of torch 1.13's CPU {@code sum} (cascade_sum: 4-lane vectors, four
     * interleaved partial sums, a tail, then the lanes), so the D estimate matches the reference's
     * bits.
     */
    static double sumAbs(double[] a) {
        int n = a.length;
        final int w = 4;
        if (n < w) {
            return rowSum(a, 0, 1, 1, n)[0];
        }
        int vecs = n / w;
        double[] lanes = rowSum(a, 0, w, w, vecs);
        double acc = 0;
        for (int i = vecs * w; i < n; i++) {
            acc += Math.abs(a[i]);
        }
        for (int k = 0; k < w; k++) {
            acc += lanes[k];
        }
        return acc;
    }

    /** torch's row_sum over {@code size} elements of {@code width} lanes (element e starts at e·stride). */
    private static double[] rowSum(double[] a, int base, int stride, int width, int size) {
        final int ilp = 4;
        int sizeIlp = size / ilp;
        double[][] partial = multiRowSum(a, base, stride, width, ilp, sizeIlp);
        for (int e = sizeIlp * ilp; e < size; e++) {
            for (int l = 0; l < width; l++) {
                partial[0][l] += Math.abs(a[base + e * stride + l]);
            }
        }
        for (int k = 1; k < ilp; k++) {
            for (int l = 0; l < width; l++) {
                partial[0][l] += partial[k][l];
            }
        }
        return partial[0];
    }

    /** torch's multi_row_sum: rows of {@code nrows} elements, summed in up to four cascade levels. */
    private static double[][] multiRowSum(double[] a, int base, int stride, int width, int nrows, int size) {
        final int levels = 4;
        int ceilLog2 = size <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1L);
        int power = Math.max(4, ceilLog2 / levels);
        long step = 1L << power;
        long mask = step - 1;
        double[][][] acc = new double[levels][nrows][width];
        long i = 0;
        while (i + step <= size) {
            for (long j = 0; j < step; j++, i++) {
                addRow(a, base, stride, width, nrows, i, acc[0]);
            }
            for (int j = 1; j < levels; j++) {
                for (int k = 0; k < nrows; k++) {
                    for (int l = 0; l < width; l++) {
                        acc[j][k][l] += acc[j - 1][k][l];
                        acc[j - 1][k][l] = 0;
                    }
                }
                if ((i & (mask << (j * power))) != 0) {
                    break;
                }
            }
        }
        for (; i < size; i++) {
            addRow(a, base, stride, width, nrows, i, acc[0]);
        }
        for (int j = 1; j < levels; j++) {
            for (int k = 0; k < nrows; k++) {
                for (int l = 0; l < width; l++) {
                    acc[0][k][l] += acc[j][k][l];
                }
            }
        }
        return acc[0];
    }

    private static void addRow(double[] a, int base, int stride, int width, int nrows, long row, double[][] into) {
        for (int k = 0; k < nrows; k++) {
            int e = base + (int) ((row * nrows + k) * stride);
            for (int l = 0; l < width; l++) {
                into[k][l] += Math.abs(a[e + l]);
            }
        }
    }
}
