package dev.descent.ode.fit;

import java.util.List;
import java.util.Locale;

/**
 * Whether the data pin the fitted parameters down at a fit's optimum: the diagnosis behind the
 * standard errors of an {@link OdeFitResult}.
 *
 * <pre>
 *   F = Σᵢ wᵢ ∇μᵢ ∇μᵢᵀ                 the information matrix (JᵀJ for least squares), natural θ
 *   F̃ = D F D,   D = diag(|θⱼ|)         the same in relative parameters, ∂μ/∂ln θ (unit-free)
 *   κ = σ_max(F̃) / σ_min(F̃)            its condition number (∞ when singular)
 * </pre>
 *
 * <p>The fit is <em>identifiable</em> when the model could be solved at the optimum, there are
 * more observed points than free parameters (least squares needs n − k &gt; 0 for σ²), F is
 * positive definite, κ ≤ {@link #MAX_CONDITION} and every standard error is finite. Otherwise
 * {@link #problems()} holds one sentence per failed check, and the standard errors (if any are
 * finite at all) should not be trusted: a direction in parameter space changes the predictions by
 * less than rounding, so the optimizer's answer along it is arbitrary (an absurd population makes
 * β and γ trade off freely, all-zero counts make every parameter irrelevant).
 *
 * <p>κ is taken in relative parameters so that it does not depend on units (days or weeks) and
 * so that a parameter driven towards 0 (γ ≈ 1e-14, where only γ's tiny absolute value keeps its
 * absolute standard error small) shows up as a near-zero column.
 *
 * @param conditionNumber        κ, ∞ when F̃ is singular, NaN when it could not be computed
 * @param finiteStandardErrors   true when every standard error is finite
 * @param degreesOfFreedom       n − k, observed points minus free parameters
 * @param problems               one sentence per failed check, empty when identifiable
 */
public record Identifiability(double conditionNumber, boolean finiteStandardErrors, int degreesOfFreedom,
        List<String> problems) {

    /**
     * The largest κ accepted: beyond it the smallest eigen-direction of F̃ is known to fewer than
     * half of a double's 16 digits, and the standard errors (√ of F̃⁻¹'s diagonal) to none.
     */
    public static final double MAX_CONDITION = 1e8;

    public Identifiability {
        if (problems == null) {
            throw new IllegalArgumentException("problems must not be null (empty when identifiable)");
        }
        problems = List.copyOf(problems);
    }

    /** True when every check passed. */
    public boolean identifiable() {
        return problems.isEmpty();
    }

    /** The problems joined into one sentence, or {@code "identifiable"}. */
    public String explanation() {
        return problems.isEmpty() ? "identifiable" : String.join("; ", problems);
    }

    /** κ for reports: {@code 1.2e+03}, {@code inf}, {@code n/a}. */
    public String conditionText() {
        if (Double.isNaN(conditionNumber)) {
            return "n/a";
        }
        return Double.isInfinite(conditionNumber) ? "inf" : String.format(Locale.ROOT, "%.2e", conditionNumber);
    }
}
