package dev.descent.linalg;

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

    /** Elements per chunk of {@link #sumOfSquares}; fixed, so results never depend on threads. */
    public static final int CHUNK = 4096;

    /**
     * Σ x_i², as the in-order sum of the sums of fixed chunks of {@link #CHUNK} elements. Any
     * parallel evaluation over the same chunks, combined in the same order, gives the same bits,
     * whatever the number of threads.
     */
    public static double sumOfSquares(double[] x) {
        double total = 0;
        for (int start = 0; start < x.length; start += CHUNK) {
            total += sumOfSquares(x, start, Math.min(x.length, start + CHUNK));
        }
        return total;
    }

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
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                return i;
            }
        }
        return -1;
    }

    static void checkSameLength(String an, double[] a, String bn, double[] b) {
        if (a.length != b.length) {
            throw new IllegalArgumentException(
                    an + " has length " + a.length + " but " + bn + " has length " + b.length);
        }
    }
}
