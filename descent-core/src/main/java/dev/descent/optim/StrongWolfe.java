package dev.descent.optim;

import dev.descent.util.Checks;

/**
 * A line search for a step length α along a descent direction that satisfies the strong Wolfe
 * conditions. It follows Nocedal &amp; Wright's Algorithm 3.5 (bracketing) and Algorithm 3.6
 * (zoom), with cubic interpolation (their eq. 3.59) for every new trial:
 *
 * <pre>
 *   φ(α) = J(θ + α d),   φ'(α) = ∇J(θ + α d)ᵀd,   φ'(0) &lt; 0
 *   sufficient decrease:  φ(α) ≤ φ(0) + c₁ α φ'(0)
 *   curvature (strong):   |φ'(α)| ≤ c₂ |φ'(0)|                    0 &lt; c₁ &lt; c₂ &lt; 1
 *
 *   bracketing (Alg. 3.5), α₀ = 0, α₁ given:
 *     if φ(αᵢ) fails sufficient decrease, or φ(αᵢ) ≥ φ(αᵢ₋₁) with i &gt; 1:  zoom(αᵢ₋₁, αᵢ)
 *     if |φ'(αᵢ)| ≤ c₂|φ'(0)|:                                        accept αᵢ
 *     if φ'(αᵢ) ≥ 0:                                                  zoom(αᵢ, αᵢ₋₁)
 *     else αᵢ₊₁ = cubic minimizer over [αᵢ + 0.01(αᵢ − αᵢ₋₁), 10αᵢ]   (extrapolate)
 *   zoom(α_lo, α_hi) (Alg. 3.6):
 *     α = cubic minimizer on the bracket, kept 0.1·|α_hi − α_lo| from its ends
 *     if φ(α) fails sufficient decrease or φ(α) ≥ φ(α_lo):   α_hi ← α
 *     else if |φ'(α)| ≤ c₂|φ'(0)|:                            accept α
 *     else if φ'(α)(α_hi − α_lo) ≥ 0:                         α_hi ← α_lo;  then α_lo ← α
 *     else                                                      α_lo ← α
 * </pre>
 *
 * <p>Approximate Wolfe conditions (Hager &amp; Zhang), when {@code approximateWolfeEps} = ε_J &gt; 0: a
 * trial also passes the sufficient-decrease test when
 *
 * <pre>
 *   φ(α) ≤ φ(0) + ε_J |φ(0)|   and   φ'(α) ≤ (2c₁ − 1) φ'(0)
 * </pre>
 *
 * <p>which is sufficient decrease for the quadratic model of φ, computed from slopes alone. Near a
 * minimizer with φ ≠ 0 the decrease is below the rounding of φ, so the exact test fails there by
 * rounding while the slopes still say where the minimizer is; such steps end with
 * {@link Status#APPROXIMATE_WOLFE}. With ε_J = 0 only Nocedal &amp; Wright's conditions are used.
 *
 * <p>Safeguards, as in torch.optim's {@code _strong_wolfe} (a port of minFunc): extrapolation is
 * bounded to [αᵢ + 0.01(αᵢ − αᵢ₋₁), 10αᵢ]; inside the zoom a trial closer than 10% of the bracket to
 * an end is moved to that 10% mark if the previous trial was also that close (or the trial is
 * outside). Where this search differs from torch's:
 * <ul>
 *   <li>The test φ(αᵢ) ≥ φ(αᵢ₋₁) applies from the second trial, as in Nocedal &amp; Wright; torch
 *       applies it from the third.</li>
 *   <li>A trial whose value or slope is not finite counts as failing sufficient decrease (the step
 *       was too long) and is never interpolated through: the next trial bisects. In torch every
 *       comparison with NaN is false, so it extrapolates on through it.</li>
 *   <li>The zoom stops on the evaluation budget or when no floating-point number is left strictly
 *       inside the bracket; there is no absolute bracket tolerance like torch's
 *       {@code tolerance_change} (1e-9 in parameter space), which depends on the units of θ.</li>
 * </ul>
 *
 * <p>When the budget runs out the best point found that satisfies sufficient decrease is
 * returned ({@link Status#SUFFICIENT_DECREASE}); when there is none, α = 0
 * ({@link Status#NO_DECREASE}). The search never returns a point it has not evaluated.
 *
 * <p>References: J. Nocedal, S. J. Wright, <i>Numerical Optimization</i>, 2nd ed., Springer 2006,
 * §3.5, Algorithms 3.5 and 3.6, eq. (3.59). W. W. Hager, H. Zhang, "A new conjugate gradient
 * method with guaranteed descent and an efficient line search", SIAM J. Optim. 16(1), 2005
 * (approximate Wolfe conditions).
 *
 * @param c1                  c₁ in (0, 1), the sufficient-decrease constant
 * @param c2                  c₂ in (c₁, 1), the curvature constant
 * @param maxEvaluations      the most evaluations of φ per search, ≥ 1
 * @param approximateWolfeEps ε_J ≥ 0 of the approximate Wolfe test; 0 turns it off
 * @see Lbfgs
 */
public record StrongWolfe(double c1, double c2, int maxEvaluations, double approximateWolfeEps) {

    public StrongWolfe {
        checkConstants(c1, c2);
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations = " + maxEvaluations + " must be >= 1");
        }
        Hyper.nonNegative("approximateWolfeEps", approximateWolfeEps);
    }

    /**
     * c₁ = 1e-4, c₂ = 0.9 (Nocedal &amp; Wright's values for quasi-Newton methods, torch's), 25
     * evaluations, approximate Wolfe conditions within 1e-10·|φ(0)|.
     */
    public static StrongWolfe defaults() {
        return new StrongWolfe(1e-4, 0.9, 25, 1e-10);
    }

    /** Nocedal &amp; Wright's conditions only (no approximate Wolfe acceptance). */
    public static StrongWolfe exact(double c1, double c2, int maxEvaluations) {
        return new StrongWolfe(c1, c2, maxEvaluations, 0);
    }

    /** Checks 0 &lt; c₁ &lt; c₂ &lt; 1, with messages that name the constant, its value and the range. */
    static void checkConstants(double c1, double c2) {
        if (!(c1 > 0 && c1 < 1)) {
            throw new IllegalArgumentException("c1 = " + c1 + " is outside (0, 1)");
        }
        if (!(c2 > c1 && c2 < 1)) {
            throw new IllegalArgumentException("c2 = " + c2 + " is outside (c1, 1) = (" + c1 + ", 1)");
        }
    }

    /** φ along the line: a one-dimensional objective. */
    @FunctionalInterface
    public interface Line {

        /**
         * Evaluates φ and its derivative.
         *
         * @param alpha the step length α &gt; 0
         * @param slope modified: slope[0] receives φ'(α)
         * @return φ(α)
         */
        double valueAndSlope(double alpha, double[] slope);
    }

    /** How a search ended. */
    public enum Status {
        /** Both strong Wolfe conditions hold at the returned α. */
        STRONG_WOLFE,
        /**
         * The curvature condition and the approximate sufficient decrease hold at the returned α,
         * the exact sufficient decrease does not (its difference of values is at rounding level).
         */
        APPROXIMATE_WOLFE,
        /** The budget ran out; the returned α &gt; 0 satisfies (exact or approximate) sufficient decrease only. */
        SUFFICIENT_DECREASE,
        /** The budget ran out before any trial satisfied sufficient decrease; α = 0. */
        NO_DECREASE
    }

    /**
     * The accepted step.
     *
     * @param alpha       α, 0 when {@link Status#NO_DECREASE}
     * @param value       φ(α)
     * @param slope       φ'(α)
     * @param evaluations evaluations of φ made by the search
     * @param status      which conditions hold
     */
    public record Step(double alpha, double value, double slope, int evaluations, Status status) {
    }

    /**
     * Searches from the first trial step {@code alpha0}.
     *
     * @param phi    the line; called with α &gt; 0 only, at most {@link #maxEvaluations} times
     * @param value0 φ(0), finite
     * @param slope0 φ'(0), finite and &lt; 0
     * @param alpha0 the first trial, finite and &gt; 0 (1 for a quasi-Newton direction)
     * @return the accepted step
     * @throws IllegalArgumentException when the inputs are not as stated (before any evaluation)
     */
    public Step search(Line phi, double value0, double slope0, double alpha0) {
        if (phi == null) {
            throw new IllegalArgumentException("phi must not be null");
        }
        if (!Double.isFinite(value0)) {
            throw new IllegalArgumentException("value0 = " + value0 + " is not finite");
        }
        if (!(slope0 < 0) || slope0 == Double.NEGATIVE_INFINITY) {
            throw new IllegalArgumentException("slope0 = " + slope0 + " must be finite and < 0 (a descent direction)");
        }
        Checks.positiveFinite("alpha0", alpha0);
        double armijoSlope = c1 * slope0; // c₁φ'(0)
        double curvature = -c2 * slope0; // c₂|φ'(0)|
        double approximateSlope = (2 * c1 - 1) * slope0; // (2c₁ − 1)φ'(0) > 0
        double approximateValue = approximateWolfeEps == 0 ? Double.NEGATIVE_INFINITY
                : value0 + approximateWolfeEps * Math.abs(value0);
        double[] slope = new double[1];

        // ---- bracketing (Algorithm 3.5) ----
        double prev = 0;
        double fPrev = value0;
        double gPrev = slope0;
        double a = alpha0;
        int evaluations = 0;
        double lo;
        double flo;
        double glo;
        double hi;
        double fhi;
        double ghi;
        while (true) {
            double f = phi.valueAndSlope(a, slope);
            double g = slope[0];
            evaluations++;
            boolean valid = Double.isFinite(f) && Double.isFinite(g);
            boolean exact = f <= value0 + a * armijoSlope;
            boolean decrease = valid && (exact || (f <= approximateValue && g <= approximateSlope));
            if (!decrease || (evaluations > 1 && f >= fPrev)) {
                lo = prev;
                flo = fPrev;
                glo = gPrev;
                hi = a;
                fhi = valid ? f : Double.POSITIVE_INFINITY;
                ghi = valid ? g : Double.NaN;
                break;
            }
            if (Math.abs(g) <= curvature) {
                return new Step(a, f, g, evaluations, exact ? Status.STRONG_WOLFE : Status.APPROXIMATE_WOLFE);
            }
            if (g >= 0) {
                lo = a;
                flo = f;
                glo = g;
                hi = prev;
                fhi = fPrev;
                ghi = gPrev;
                break;
            }
            double next = cubicMinimizer(prev, fPrev, gPrev, a, f, g, a + 0.01 * (a - prev), 10 * a);
            if (evaluations >= maxEvaluations || !(next < Double.POSITIVE_INFINITY)) {
                return new Step(a, f, g, evaluations, Status.SUFFICIENT_DECREASE);
            }
            prev = a;
            fPrev = f;
            gPrev = g;
            a = next;
        }

        // ---- zoom (Algorithm 3.6); invariant: lo is 0 or satisfies sufficient decrease, and has
        // the lowest value of all such trials; φ'(lo)(hi − lo) < 0 ----
        boolean nearEnd = false;
        while (evaluations < maxEvaluations) {
            double min = Math.min(lo, hi);
            double max = Math.max(lo, hi);
            double t = Double.isFinite(fhi) && Double.isFinite(ghi)
                    ? cubicMinimizer(lo, flo, glo, hi, fhi, ghi, min, max)
                    : min + 0.5 * (max - min);
            double margin = 0.1 * (max - min);
            if (Math.min(max - t, t - min) < margin) {
                if (nearEnd || t >= max || t <= min) {
                    t = Math.abs(t - max) < Math.abs(t - min) ? max - margin : min + margin;
                    nearEnd = false;
                } else {
                    nearEnd = true;
                }
            } else {
                nearEnd = false;
            }
            if (!(t > min && t < max)) {
                break; // no floating-point room left inside the bracket
            }
            double f = phi.valueAndSlope(t, slope);
            double g = slope[0];
            evaluations++;
            boolean valid = Double.isFinite(f) && Double.isFinite(g);
            boolean exact = f <= value0 + t * armijoSlope;
            boolean decrease = valid && (exact || (f <= approximateValue && g <= approximateSlope));
            if (!decrease || f >= flo) {
                hi = t;
                fhi = valid ? f : Double.POSITIVE_INFINITY;
                ghi = valid ? g : Double.NaN;
            } else {
                if (Math.abs(g) <= curvature) {
                    return new Step(t, f, g, evaluations, exact ? Status.STRONG_WOLFE : Status.APPROXIMATE_WOLFE);
                }
                if (g * (hi - lo) >= 0) {
                    hi = lo;
                    fhi = flo;
                    ghi = glo;
                }
                lo = t;
                flo = f;
                glo = g;
            }
        }
        return lo == 0
                ? new Step(0, value0, slope0, evaluations, Status.NO_DECREASE)
                : new Step(lo, flo, glo, evaluations, Status.SUFFICIENT_DECREASE);
    }

    /**
     * The minimizer of the cubic that interpolates φ and φ' at x₁ and x₂ (Nocedal &amp; Wright eq.
     * 3.59), clamped to [lower, upper]; the midpoint of [lower, upper] when the cubic has no
     * minimizer or the formula breaks down.
     *
     * <pre>
     *   d₁ = φ'₁ + φ'₂ − 3 (φ₁ − φ₂)/(x₁ − x₂)
     *   d₂ = sign(x₂ − x₁) √(d₁² − φ'₁φ'₂)
     *   x  = x₂ − (x₂ − x₁)(φ'₂ + d₂ − d₁)/(φ'₂ − φ'₁ + 2d₂)
     * </pre>
     */
    static double cubicMinimizer(double x1, double f1, double g1, double x2, double f2, double g2, double lower,
            double upper) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double radicand = d1 * d1 - g1 * g2;
        double mid = lower + 0.5 * (upper - lower);
        if (!(radicand >= 0)) {
            return mid;
        }
        double d2 = Math.copySign(Math.sqrt(radicand), x2 - x1);
        double x = x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2));
        if (Double.isNaN(x)) {
            return mid;
        }
        return Math.min(Math.max(x, lower), upper);
    }
}
