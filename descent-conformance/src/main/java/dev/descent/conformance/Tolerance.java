package dev.descent.conformance;

/**
 * An element-wise comparison tolerance: {@code |actual − expected| ≤ atol + rtol·|expected|}.
 *
 * <p>Non-finite values are compared by kind: NaN matches only NaN, and +∞ or −∞ only the same
 * infinity. A finite value never matches a non-finite one, in either direction, so a "silently
 * fixed" NaN fails as surely as a spurious one.
 *
 * @param rtol relative tolerance, finite and ≥ 0
 * @param atol absolute tolerance, finite and ≥ 0
 */
public record Tolerance(double rtol, double atol) {

    /**
     * The README's tolerance for the learning rate of schedule cases (relative only); also used for
     * the other scheduled hyperparameters (OneCycleLR's {@code beta1}/{@code momentum}).
     */
    public static final Tolerance LEARNING_RATE = new Tolerance(1e-13, 0);

    public Tolerance {
        if (!(rtol >= 0) || !Double.isFinite(rtol)) {
            throw new IllegalArgumentException("rtol = " + rtol + " must be finite and >= 0");
        }
        if (!(atol >= 0) || !Double.isFinite(atol)) {
            throw new IllegalArgumentException("atol = " + atol + " must be finite and >= 0");
        }
    }

    /** Whether {@code actual} is within this tolerance of {@code expected}. */
    public boolean allows(double actual, double expected) {
        if (!Double.isFinite(expected) || !Double.isFinite(actual)) {
            // Double.compare treats NaN == NaN and distinguishes the two infinities.
            return Double.compare(actual, expected) == 0;
        }
        return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
    }

    @Override
    public String toString() {
        return "rtol " + rtol + ", atol " + atol;
    }
}
