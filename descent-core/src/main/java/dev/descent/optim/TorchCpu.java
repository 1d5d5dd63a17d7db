package dev.descent.optim;

import dev.descent.parallel.Parallel;

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
     * bits; in fixed chunks for long vectors ({@link #chunked}).
     */
    static double sumAbs(double[] a) {
        return chunked(a, 0, a.length, ABS);
    }

    /**
     * torch's {@code (a * a).sum()} over {@code a[from, from + n)}: the products rounded, then summed as
     * {@link #sumAbs}.
     */
    static double sumSquares(double[] a, int from, int n) {
        return chunked(a, from, n, SQUARE);
    }

    /** torch's {@code a.sum()} over the whole array, in the order of {@link #sumAbs}. */
    static double sum(double[] a) {
        return chunked(a, 0, a.length, PLAIN);
    }

    /**
     * torch's {@code torch.norm(a)} (2-norm) of a contiguous double tensor on CPU: a sequential
     * fused multiply-add of the squares, then √ (checked against torch 1.13 for lengths 1 to 257);
     * in fixed chunks for long vectors, as {@link #chunked}.
     */
    static double norm(double[] a, int from, int n) {
        if (n <= Parallel.SUM_CHUNK) {
            double acc = 0;
            for (int i = from; i < from + n; i++) {
                acc = Math.fma(a[i], a[i], acc);
            }
            return Math.sqrt(acc);
        }
        double[] total = new double[1];
        Parallel.tiledSums(from, from + n, FMA, (f, t, terms, at) -> System.arraycopy(a, f, terms, at, t - f), 0,
                null, total);
        return Math.sqrt(total[0]);
    }

    /** {@link #norm} of the materialized difference {@code a − b} over {@code [from, from + n)}. */
    static double normOfDifference(double[] a, double[] b, int from, int n) {
        double[] total = new double[1];
        Parallel.tiledSums(from, from + n, FMA, (f, t, terms, at) -> {
            for (int i = f; i < t; i++) {
                terms[at + i - f] = a[i] - b[i];
            }
        }, 0, null, total);
        return Math.sqrt(total[0]);
    }

    /**
     * A torch-ordered sum of {@code a[from, from + n)}: torch's order itself ({@link #cascade}) when
     * n ≤ {@link Parallel#SUM_CHUNK} (every reference case), and beyond that the in-order sum of the
     * torch-ordered sums of fixed chunks ({@link Parallel#sum}): the same bits on any number of
     * threads. torch splits a long tensor's sum across its own threads, so its bits there depend on
     * its thread count; this order depends on nothing.
     */
    static double chunked(double[] a, int from, int n, int mode) {
        return Parallel.sum(from, from + n, (f, t) -> cascade(a, f, t - f, mode));
    }

    /**
     * This thread's buffer of {@link Parallel#SUM_CHUNK} doubles, for a chunk of values that a fused
     * pass computes and sums in torch's order without storing them in a vector (contents undefined;
     * a leaf use: nothing that runs while it is held may ask for it again).
     */
    static double[] chunkBuffer() {
        return CHUNK.get();
    }

    private static final ThreadLocal<double[]> CHUNK = ThreadLocal.withInitial(() -> new double[Parallel.SUM_CHUNK]);

    /** {@link Parallel#tiledSums}'s mode of {@link #norm}: one fma(t, t, acc) chain per chunk. */
    static final int[] FMA = {Parallel.FMA_SQUARES};

    static final int ABS = 0;
    static final int SQUARE = 1;
    static final int PLAIN = 2;

    private static double term(double x, int mode) {
        return mode == ABS ? Math.abs(x) : mode == SQUARE ? x * x : x;
    }

    /** This thread's scratch for the cascade: [0, 16) level 0, [16, 32) level 1, [32, 48) level 2, [48, 64) level 3. */
    private static final ThreadLocal<double[]> CASCADE = ThreadLocal.withInitial(() -> new double[64]);

    /**
     * torch 1.13's CPU {@code sum} of {@code a[from, from + n)} on one thread, in the order of
     * {@code cascade_sum} for a contiguous double tensor: 4-lane vectors, 4 rows of them at a time
     * (16 partial sums), the rows' sums in up to 4 levels of blocks of 2^p rows, a tail of whole
     * vectors, a scalar tail, then the lanes. A block of level 0 is summed in 16 local accumulators,
     * which is the same order and runs at full speed.
     */
    static double cascade(double[] a, int from, int n, int mode) {
        if (n < 4) {
            double acc = 0;
            for (int i = from; i < from + n; i++) {
                acc += term(a[i], mode);
            }
            return acc;
        }
        int vecs = n / 4;
        long size = vecs / 4;
        double[] c = CASCADE.get();
        java.util.Arrays.fill(c, 0.0);
        int ceilLog2 = size <= 1 ? 0 : 64 - Long.numberOfLeadingZeros(size - 1L);
        int power = Math.max(4, ceilLog2 / 4);
        long step = 1L << power;
        long mask = step - 1;
        long i = 0;
        while (i + step <= size) {
            rows(a, from, i, i + step, mode, c); // level 0 was 0: it becomes the block's sum from 0
            i += step;
            for (int j = 1; j < 4; j++) {
                for (int l = 0; l < 16; l++) {
                    c[16 * j + l] += c[16 * (j - 1) + l];
                    c[16 * (j - 1) + l] = 0;
                }
                if ((i & (mask << (j * power))) != 0) {
                    break;
                }
            }
        }
        rows(a, from, i, size, mode, c);
        for (int j = 1; j < 4; j++) {
            for (int l = 0; l < 16; l++) {
                c[l] += c[16 * j + l];
            }
        }
        for (int e = (int) (size * 4); e < vecs; e++) { // row_sum's tail: whole vectors into row 0
            for (int l = 0; l < 4; l++) {
                c[l] += term(a[from + e * 4 + l], mode);
            }
        }
        for (int k = 1; k < 4; k++) {
            for (int l = 0; l < 4; l++) {
                c[l] += c[4 * k + l];
            }
        }
        double acc = 0;
        for (int e = from + vecs * 4; e < from + n; e++) {
            acc += term(a[e], mode);
        }
        for (int l = 0; l < 4; l++) {
            acc += c[l];
        }
        return acc;
    }

    /** Level 0 of the cascade: {@code c[0, 16)} ← the 16 lane sums, from 0, of rows [rowFrom, rowTo) of 16 elements. */
    private static void rows(double[] a, int base, long rowFrom, long rowTo, int mode, double[] c) {
        switch (mode) {
            case ABS -> rowsAbs(a, base, rowFrom, rowTo, c);
            case SQUARE -> rowsSquare(a, base, rowFrom, rowTo, c);
            default -> rowsPlain(a, base, rowFrom, rowTo, c);
        }
    }

    private static void rowsAbs(double[] a, int base, long rowFrom, long rowTo, double[] c) {
        double s0 = 0; double s1 = 0; double s2 = 0; double s3 = 0; double s4 = 0; double s5 = 0; double s6 = 0; double s7 = 0;
        double s8 = 0; double s9 = 0; double s10 = 0; double s11 = 0; double s12 = 0; double s13 = 0; double s14 = 0; double s15 = 0;
        for (long r = rowFrom; r < rowTo; r++) {
            int e = base + (int) (r * 16);
            s0 += Math.abs(a[e]);
            s1 += Math.abs(a[e + 1]);
            s2 += Math.abs(a[e + 2]);
            s3 += Math.abs(a[e + 3]);
            s4 += Math.abs(a[e + 4]);
            s5 += Math.abs(a[e + 5]);
            s6 += Math.abs(a[e + 6]);
            s7 += Math.abs(a[e + 7]);
            s8 += Math.abs(a[e + 8]);
            s9 += Math.abs(a[e + 9]);
            s10 += Math.abs(a[e + 10]);
            s11 += Math.abs(a[e + 11]);
            s12 += Math.abs(a[e + 12]);
            s13 += Math.abs(a[e + 13]);
            s14 += Math.abs(a[e + 14]);
            s15 += Math.abs(a[e + 15]);
        }
        c[0] = s0;
        c[1] = s1;
        c[2] = s2;
        c[3] = s3;
        c[4] = s4;
        c[5] = s5;
        c[6] = s6;
        c[7] = s7;
        c[8] = s8;
        c[9] = s9;
        c[10] = s10;
        c[11] = s11;
        c[12] = s12;
        c[13] = s13;
        c[14] = s14;
        c[15] = s15;
    }

    private static void rowsSquare(double[] a, int base, long rowFrom, long rowTo, double[] c) {
        double s0 = 0; double s1 = 0; double s2 = 0; double s3 = 0; double s4 = 0; double s5 = 0; double s6 = 0; double s7 = 0;
        double s8 = 0; double s9 = 0; double s10 = 0; double s11 = 0; double s12 = 0; double s13 = 0; double s14 = 0; double s15 = 0;
        for (long r = rowFrom; r < rowTo; r++) {
            int e = base + (int) (r * 16);
            s0 += a[e] * a[e];
            s1 += a[e + 1] * a[e + 1];
            s2 += a[e + 2] * a[e + 2];
            s3 += a[e + 3] * a[e + 3];
            s4 += a[e + 4] * a[e + 4];
            s5 += a[e + 5] * a[e + 5];
            s6 += a[e + 6] * a[e + 6];
            s7 += a[e + 7] * a[e + 7];
            s8 += a[e + 8] * a[e + 8];
            s9 += a[e + 9] * a[e + 9];
            s10 += a[e + 10] * a[e + 10];
            s11 += a[e + 11] * a[e + 11];
            s12 += a[e + 12] * a[e + 12];
            s13 += a[e + 13] * a[e + 13];
            s14 += a[e + 14] * a[e + 14];
            s15 += a[e + 15] * a[e + 15];
        }
        c[0] = s0;
        c[1] = s1;
        c[2] = s2;
        c[3] = s3;
        c[4] = s4;
        c[5] = s5;
        c[6] = s6;
        c[7] = s7;
        c[8] = s8;
        c[9] = s9;
        c[10] = s10;
        c[11] = s11;
        c[12] = s12;
        c[13] = s13;
        c[14] = s14;
        c[15] = s15;
    }

    private static void rowsPlain(double[] a, int base, long rowFrom, long rowTo, double[] c) {
        double s0 = 0; double s1 = 0; double s2 = 0; double s3 = 0; double s4 = 0; double s5 = 0; double s6 = 0; double s7 = 0;
        double s8 = 0; double s9 = 0; double s10 = 0; double s11 = 0; double s12 = 0; double s13 = 0; double s14 = 0; double s15 = 0;
        for (long r = rowFrom; r < rowTo; r++) {
            int e = base + (int) (r * 16);
            s0 += a[e];
            s1 += a[e + 1];
            s2 += a[e + 2];
            s3 += a[e + 3];
            s4 += a[e + 4];
            s5 += a[e + 5];
            s6 += a[e + 6];
            s7 += a[e + 7];
            s8 += a[e + 8];
            s9 += a[e + 9];
            s10 += a[e + 10];
            s11 += a[e + 11];
            s12 += a[e + 12];
            s13 += a[e + 13];
            s14 += a[e + 14];
            s15 += a[e + 15];
        }
        c[0] = s0;
        c[1] = s1;
        c[2] = s2;
        c[3] = s3;
        c[4] = s4;
        c[5] = s5;
        c[6] = s6;
        c[7] = s7;
        c[8] = s8;
        c[9] = s9;
        c[10] = s10;
        c[11] = s11;
        c[12] = s12;
        c[13] = s13;
        c[14] = s14;
        c[15] = s15;
    }
}
