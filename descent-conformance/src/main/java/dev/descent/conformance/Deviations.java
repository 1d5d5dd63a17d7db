package dev.descent.conformance;

import java.util.Locale;

/**
 * Accumulates element-wise comparisons of one replay: the largest absolute and relative
 * deviations, how many values were out of tolerance, and a description of the first one.
 */
final class Deviations {

    private final Tolerance tolerance;
    private double maxAbs = Double.NaN;
    private double maxRel = Double.NaN;
    private long compared;
    private long mismatches;
    private String firstMismatch;

    Deviations(Tolerance tolerance) {
        this.tolerance = tolerance;
    }

    /** Compares {@code actual} with {@code expected} element by element; {@code what} names them. */
    void compare(int step, String what, double[] actual, double[] expected) {
        for (int i = 0; i < expected.length; i++) {
            double a = actual[i];
            double e = expected[i];
            compared++;
            if (Double.isFinite(a) && Double.isFinite(e)) {
                double abs = Math.abs(a - e);
                maxAbs = Double.isNaN(maxAbs) ? abs : Math.max(maxAbs, abs);
                if (e != 0) {
                    double rel = abs / Math.abs(e);
                    maxRel = Double.isNaN(maxRel) ? rel : Math.max(maxRel, rel);
                }
            }
            if (!tolerance.allows(a, e)) {
                mismatch(String.format(Locale.ROOT, "step %d: %s[%d] = %s, expected %s (%s)", step, what, i,
                        a, e, excess(a, e)));
            }
        }
    }

    /** Records a failed check that is not an element comparison. */
    void mismatch(String description) {
        mismatches++;
        if (firstMismatch == null) {
            firstMismatch = description;
        }
    }

    boolean ok() {
        return mismatches == 0;
    }

    double maxAbs() {
        return maxAbs;
    }

    double maxRel() {
        return maxRel;
    }

    /** The first mismatch and how many there were in all. */
    String summary() {
        return firstMismatch + (mismatches > 1 ? "; " + mismatches + " mismatches in all (" + compared
                + " values compared)" : "");
    }

    private String excess(double a, double e) {
        if (!Double.isFinite(a) || !Double.isFinite(e)) {
            return "non-finite values must match exactly";
        }
        return String.format(Locale.ROOT, "|diff| %.3e > atol %.1e + rtol %.1e * |expected| = %.3e",
                Math.abs(a - e), tolerance.atol(), tolerance.rtol(), tolerance.atol() + tolerance.rtol() * Math.abs(e));
    }
}
