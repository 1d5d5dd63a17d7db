package dev.descent.linalg;

import dev.descent.parallel.Parallel;

/**
 * Static operations on {@code double[]} vectors. Outputs are explicit arguments (EJML style):
 * each method says which arrays it modifies. Plain indexed loops, so C2 can vectorize them.
 */
public final class Vec {

    private Vec() {
    }

    /** Euclidean norm, computed with scaling so that it neither overflows nor underflows. */
    public static double norm2(double[] x) {
        double scale = 0;
        for (double v : x) {
            scale = Math.max(scale, Math.abs(v));
        }
        if (scale == 0 || !Double.isFinite(scale)) {
            return scale == 0 ? 0 : (Double.isNaN(scale) ? Double.NaN : Double.POSITIVE_INFINITY);
        }
        double sum = 0;
        for (double v : x) {
            double s = v / scale;
            sum += s * s;
        }
        return scale * Math.sqrt(sum);
    }

    /** Euclidean distance between {@code a} and {@code b}. Neither is modified. */
    public static double distance(double[] a, double[] b) {
        checkSameLength("a", a, "b", b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double d = a[i] - b[i];
            sum += d * d;
        }
        return Math.sqrt(sum);
    }

    /** Dot product. Neither argument is modified. */
    public static double dot(double[] a, double[] b) {
        checkSameLength("a", a, "b", b);
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += a[i] * b[i];
        }
        return sum;
    }

    /** {@code y ← y + alpha·x}. Modifies {@code y}; {@code x} is not modified. */
    public static void axpy(double alpha, double[] x, double[] y) {
        checkSameLength("x", x, "y", y);
        for (int i = 0; i < x.length; i++) {
            y[i] += alpha * x[i];
        }
    }

    /**
     * {@link Math#signum}'s value for every x (±0 and NaN included), without its branch: C2 does not
     * vectorize a loop over {@code Math.signum} on JDK 17, and one over this it does (10× faster).
     * x·2¹²⁰⁰ is at least 2¹²⁶ in magnitude for any x ≠ 0 (the smallest subnormal is 2⁻¹⁰⁷⁴), so the
     * clamp to [−1, 1] leaves ±1; ±0 and NaN pass through unchanged.
     */
    public static double signum(double x) {
        return Math.min(Math.max(x * 0x1p600 * 0x1p600, -1.0), 1.0);
    }

    /** Elements per chunk of {@link #sumOfSquares}: {@link Parallel#SUM_CHUNK}, fixed, so results never depend on threads. */
    public static final int CHUNK = Parallel.SUM_CHUNK;

    /**
     * Σ x_i², as the in-order sum of the sums of fixed chunks of {@link #CHUNK} elements, on
     * {@link Parallel#threads()} threads for long vectors: the same bits whatever the number of
     * threads ({@link Parallel#sum}).
     */
    public static double sumOfSquares(double[] x) {
        return blockSumOfSquares(x, 0, x.length);
    }

    /**
     * Σ x_i² over [from, to) (a block) by the rule of {@link #sumOfSquares(double[])}, with the
     * chunks counted from {@code from}: the sequential in-order sum when the range has at most
     * {@link #CHUNK} entries.
     */
    public static double blockSumOfSquares(double[] x, int from, int to) {
        if (to - from <= CHUNK) {
            return sumOfSquares(x, from, to);
        }
        // the same bits as Parallel.sum over sumOfSquares(x, a, b), with the chunks' chains interleaved
        double[] total = new double[1];
        Parallel.tiledSums(from, to, PLUS, (a, b, terms, at) -> {
            for (int i = a; i < b; i++) {
                terms[at + i - a] = x[i] * x[i];
            }
        }, 0, null, total);
        return total[0];
    }

    private static final int[] PLUS = {Parallel.PLUS};

    /** Σ x_i² over [from, to), in index order. */
    public static double sumOfSquares(double[] x, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += x[i] * x[i];
        }
        return s;
    }

    /** Index of the first non-finite entry, or -1 when every entry is finite. */
    public static int firstNonFinite(double[] x) {
        if (allFinite(x)) {
            return -1;
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }

    /**
     * Whether every entry is finite: one read of {@code x}, branch-free and on every core for long
     * vectors (the check an optimizer makes before it writes, so it must cost no more than reading
     * the gradient once).
     */
    public static boolean allFinite(double[] x) {
        if (x.length < Parallel.THRESHOLD) {
            return zeroIfFinite(x, 0, x.length) == 0;
        }
        boolean[] bad = {false}; // written only when a task finds a non-finite entry
        Parallel.forRange(x.length, (from, to) -> {
            if (zeroIfFinite(x, from, to) != 0) {
                bad[0] = true;
            }
        });
        return !bad[0];
    }

    /** Whether every entry of [from, to) is finite: {@link #allFinite(double[])} over a range (a block). */
    public static boolean allFinite(double[] x, int from, int to) {
        if (to - from < Parallel.THRESHOLD) {
            return zeroIfFinite(x, from, to) == 0;
        }
        boolean[] bad = {false};
        Parallel.forRange(from, to, (a, b) -> {
            if (zeroIfFinite(x, a, b) != 0) {
                bad[0] = true;
            }
        });
        return !bad[0];
    }

    /**
     * Σ 0·x_i over [from, to): 0 when every entry is finite, NaN when one is ±∞ or NaN (0·∞ is
     * NaN). Eight accumulators, so the additions do not wait for each other.
     */
    public static double zeroIfFinite(double[] x, int from, int to) {
        double z0 = 0, z1 = 0, z2 = 0, z3 = 0, z4 = 0, z5 = 0, z6 = 0, z7 = 0;
        int i = from;
        for (; i + 7 < to; i += 8) {
            z0 += x[i] * 0;
            z1 += x[i + 1] * 0;
            z2 += x[i + 2] * 0;
            z3 += x[i + 3] * 0;
            z4 += x[i + 4] * 0;
            z5 += x[i + 5] * 0;
            z6 += x[i + 6] * 0;
            z7 += x[i + 7] * 0;
        }
        for (; i < to; i++) {
            z0 += x[i] * 0;
        }
        return ((z0 + z1) + (z2 + z3)) + ((z4 + z5) + (z6 + z7));
    }

    static void checkSameLength(String an, double[] a, String bn, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    an + " has length " + a.length + " but " + bn + " has length " + b.length);
        }
    }
}
