package dev.descent.conformance;

import java.math.BigDecimal;
import java.util.Locale;

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

    /** Recorded gradients, every first-order family (README, Tolerances): rtol 1e-12, atol 1e-14. */
    public static final Tolerance RECORDED = new Tolerance(1e-12, 1e-14);

    /** Recomputed gradients (closed loop) of quadratic, rosenbrock, softmax_regression: rtol 1e-10, atol 1e-12. */
    public static final Tolerance RECOMPUTED = new Tolerance(1e-10, 1e-12);

    /** L-BFGS cases ({@code gradient_evaluation "closure"}, lbfgs/README.md), recorded: rtol 1e-10, atol 1e-12. */
    public static final Tolerance CLOSURE_RECORDED = new Tolerance(1e-10, 1e-12);

    /** L-BFGS cases, recomputed: rtol 1e-7, atol 1e-9. */
    public static final Tolerance CLOSURE_RECOMPUTED = new Tolerance(1e-7, 1e-9);

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

    /**
     * The most a case of this problem family may allow, from the README's table (never from the
     * case file): replay problems always use recorded gradients (their gradient is data), so
     * {@code recomputed} does not loosen them.
     *
     * @param problemType {@code problem.type} of the case
     * @param evaluation  where its gradients were taken ({@code closure}: L-BFGS's looser caps)
     * @param recomputed  whether the replay recomputes the gradients from the problem data
     * @return the cap, or null when the README states no tolerance for this family
     */
    public static Tolerance cap(String problemType, GradientEvaluation evaluation, boolean recomputed) {
        boolean closure = evaluation == GradientEvaluation.CLOSURE;
        return switch (problemType) {
            case "replay" -> RECORDED;
            case "quadratic", "rosenbrock", "softmax_regression" -> closure
                    ? (recomputed ? CLOSURE_RECOMPUTED : CLOSURE_RECORDED)
                    : (recomputed ? RECOMPUTED : RECORDED);
            default -> null;
        };
    }

    /** Element-wise the smaller of the two: a case's tolerance limited to a cap. */
    public Tolerance min(Tolerance other) {
        return new Tolerance(Math.min(rtol, other.rtol), Math.min(atol, other.atol));
    }

    /** {@code rtol=1e-12 atol=1e-14}: the form of the report lines. */
    public String compact() {
        return "rtol=" + shortest(rtol) + " atol=" + shortest(atol);
    }

    private static String shortest(double x) {
        return x == 0 ? "0" : new BigDecimal(Double.toString(x)).stripTrailingZeros().toString().toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "rtol " + rtol + ", atol " + atol;
    }
}
