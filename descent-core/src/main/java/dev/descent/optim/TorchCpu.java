package dev.descent.optim;

/**
 * torch 1.13's CPU arithmetic where a reference implementation's bits depend on it: the fused
 * {@code add_(b, alpha)}, the cascade order of {@code sum} and the order of {@code dot}. {@link Prodigy}
 * and {@link DAdaptAdam} use it to replay their references at 1e-12; D's estimate divides two sums
 * and amplifies their rounding, so a plain sequential sum drifts past the tolerance. {@link TorchLbfgs}
 * uses it to replay torch's LBFGS bit for bit.
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
     * torch 1.13's CPU {@code x.dot(y)} of double vectors as the reference cases were made: a
     * sequential fused multiply-add, Σ fma(xᵢ, yᵢ, acc). torch hands {@code dot} to BLAS, so its bits
     * depend on the CPU: Debian's OpenBLAS runs its SkylakeX kernel on AVX-512 machines, whose
     * scalar loop (every n &lt; 16 at least) is this fused sum and which made the lbfgs/ cases; on
     * AVX2 machines (Haswell/Zen kernel) the loop rounds each product first, and from n = 16 on both
     * kernels sum blocks of 16 in vector lanes. The results differ in the last bit, not in meaning;
     * {@link TorchLbfgs} uses this one rule for every inner product, as the generator
     * {@code lbfgs_refs.py} does.
     */
    static double dot(double[] x, int xOff, double[] y, int yOff, int n) {
        double acc = 0;
        for (int i = 0; i < n; i++) {
            acc = Math.fma(x[xOff + i], y[yOff + i], acc);
        }
        return acc;
    }

    /**
     * Σ|a_i| in the order of torch 1.13's CPU {@code sum} (cascade_sum: 4-lane vectors, four
     * interleaved partial sums, a tail, then the lanes), so the D estimate matches the reference's
     * bits.
     */
    static double sumAbs(double[] a) {
        return sum(a, 0, a.length, ABS);
    }

    /** torch's {@code (a * a).sum()} over {@code a[from, from + n)}: the products rounded, then summed as {@link #sumAbs}. */
    static double sumSquares(double[] a, int from, int n) {
        return sum(a, from, n, SQUARE);
    }

    /** torch's {@code a.sum()} over the whole array, in the order of {@link #sumAbs}. */
    static double sum(double[] a) {
        return sum(a, 0, a.length, PLAIN);
    }

    /**
     * torch's {@code torch.norm(a)} (2-norm) of a contiguous double tensor on CPU: a sequential
     * fused multiply-add of the squares, then √ (checked against torch 1.13 for lengths 1 to 257).
     */
    static double norm(double[] a, int from, int n) {
        double acc = 0;
        for (int i = from; i < from + n; i++) {
            acc = Math.fma(a[i], a[i], acc);
        }
        return Math.sqrt(acc);
    }

    /** {@link #norm} of the materialized difference {@code a − b} over {@code [from, from + n)}. */
    static double normOfDifference(double[] a, double[] b, int from, int n) {
        double acc = 0;
        for (int i = from; i < from + n; i++) {
            double d = a[i] - b[i];
            acc = Math.fma(d, d, acc);
        }
        return Math.sqrt(acc);
    }

    private static final int ABS = 0;
    private static final int SQUARE = 1;
    private static final int PLAIN = 2;

    private static double term(double x, int mode) {
        return mode == ABS ? Math.abs(x) : mode == SQUARE ? x * x : x;
    }

    private static double sum(double[] a, int from, int n, int mode) {
        final int w = 4;
        if (n < w) {
            return rowSum(a, from, 1, 1, n, mode)[0];
        }
        int vecs = n / w;
        double[] lanes = rowSum(a, from, w, w, vecs, mode);
        double acc = 0;
        for (int i = from + vecs * w; i < from + n; i++) {
            acc += term(a[i], mode);
        }
        for (int k = 0; k < w; k++) {
            acc += lanes[k];
        }
        return acc;
    }

    /** torch's row_sum over {@code size} elements of {@code width} lanes (element e starts at e·stride). */
    private static double[] rowSum(double[] a, int base, int stride, int width, int size, int mode) {
        final int ilp = 4;
        int sizeIlp = size / ilp;
        double[][] partial = multiRowSum(a, base, stride, width, ilp, sizeIlp, mode);
        for (int e = sizeIlp * ilp; e < size; e++) {
            for (int l = 0; l < width; l++) {
                partial[0][l] += term(a[base + e * stride + l], mode);
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
    private static double[][] multiRowSum(double[] a, int base, int stride, int width, int nrows, int size,
            int mode) {
        final int levels = 4;
        int ceilLog2 = size <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1L);
        int power = Math.max(4, ceilLog2 / levels);
        long step = 1L << power;
        long mask = step - 1;
        double[][][] acc = new double[levels][nrows][width];
        long i = 0;
        while (i + step <= size) {
            for (long j = 0; j < step; j++, i++) {
                addRow(a, base, stride, width, nrows, i, acc[0], mode);
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
            addRow(a, base, stride, width, nrows, i, acc[0], mode);
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

    private static void addRow(double[] a, int base, int stride, int width, int nrows, long row, double[][] into,
            int mode) {
        for (int k = 0; k < nrows; k++) {
            int e = base + (int) ((row * nrows + k) * stride);
            for (int l = 0; l < width; l++) {
                into[k][l] += term(a[e + l], mode);
            }
        }
    }
}
