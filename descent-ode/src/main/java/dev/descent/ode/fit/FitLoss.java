package dev.descent.ode.fit;

import dev.descent.util.Checks;
import org.hipparchus.special.Gamma;

/**
 * The discrepancy between a model prediction μ and an observation y, summed over every observed point:
 * J(θ) = Σ ℓ(μᵢ(θ), yᵢ).
 *
 * <pre>
 *   SumOfSquares          ℓ = (μ − y)²                                                 ∂ℓ/∂μ = 2(μ − y)
 *   Poisson               ℓ = μ − y ln μ + ln Γ(y + 1)                                 ∂ℓ/∂μ = 1 − y/μ
 *   NegativeBinomial(k)   ℓ = −ln Γ(y + k) + ln Γ(k) + ln Γ(y + 1)
 *                             − k ln(k/(k + μ)) − y ln(μ/(k + μ))                      ∂ℓ/∂μ = (y + k)/(k + μ) − y/μ
 * </pre>
 *
 * <p>The likelihood losses are negative log-likelihoods with every constant kept, so their values
 * can be compared across models (AIC). The negative binomial has mean μ and variance μ + μ²/k (R's
 * {@code dnbinom(y, size = k, mu = μ)}); k → ∞ gives the Poisson. For standard errors each loss gives
 * the Fisher information of one observation about μ, {@link #fisherWeight}: 1/Var(y).
 *
 * <h2>References</h2>
 * P. McCullagh, J. A. Nelder, <i>Generalized Linear Models</i>, 2nd ed., Chapman &amp; Hall 1989;
 * B. M. Bolker, <i>Ecological Models and Data in R</i>, Princeton 2008, ch. 6 (the negative binomial
 * with size k).
 */
public sealed interface FitLoss {

    /** A short name, e.g. {@code "sse"}. */
    String name();

    /** ℓ(μ, y); +∞ where μ is outside the loss's domain (μ ≤ 0 for the likelihoods). */
    double value(double mu, double y);

    /** ∂ℓ/∂μ. */
    double derivative(double mu, double y);

    /**
     * The Fisher information of one observation about μ, 1/Var(y) for the likelihoods; for least
     * squares, 1 (the variance σ² is estimated from the residuals instead).
     */
    double fisherWeight(double mu);

    /** Least squares: Σ(μ − y)². The default. */
    static FitLoss sumOfSquares() {
        return new SumOfSquares();
    }

    /** The Poisson negative log-likelihood. */
    static FitLoss poisson() {
        return new Poisson();
    }

    /** The negative-binomial negative log-likelihood with size (dispersion) k &gt; 0. */
    static FitLoss negativeBinomial(double dispersion) {
        return new NegativeBinomial(dispersion);
    }

    /** Least squares, ℓ = (μ − y)². */
    record SumOfSquares() implements FitLoss {
        @Override
        public String name() {
            return "sse";
        }

        @Override
        public double value(double mu, double y) {
            double r = mu - y;
            return r * r;
        }

        @Override
        public double derivative(double mu, double y) {
            return 2 * (mu - y);
        }

        @Override
        public double fisherWeight(double mu) {
            return 1;
        }
    }

    /** Poisson counts, y ~ Poisson(μ). */
    record Poisson() implements FitLoss {
        @Override
        public String name() {
            return "poisson";
        }

        @Override
        public double value(double mu, double y) {
            if (!(mu > 0)) {
                return y == 0 && mu == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            return mu - y * Math.log(mu) + Gamma.logGamma(y + 1);
        }

        @Override
        public double derivative(double mu, double y) {
            return mu > 0 ? 1 - y / mu : Double.NaN;
        }

        @Override
        public double fisherWeight(double mu) {
            return 1 / mu;
        }
    }

    /**
     * Over-dispersed counts, y ~ NB(mean μ, size k): Var(y) = μ + μ²/k.
     *
     * @param dispersion k &gt; 0 (R's {@code size}); smaller is more over-dispersed
     */
    record NegativeBinomial(double dispersion) implements FitLoss {
        public NegativeBinomial {
            Checks.positiveFinite("dispersion", dispersion);
        }

        @Override
        public String name() {
            return "negative-binomial(k=" + dispersion + ")";
        }

        @Override
        public double value(double mu, double y) {
            if (!(mu > 0)) {
                return y == 0 && mu == 0 ? 0 : Double.POSITIVE_INFINITY;
            }
            double k = dispersion;
            return -Gamma.logGamma(y + k) + Gamma.logGamma(k) + Gamma.logGamma(y + 1)
                    - k * Math.log(k / (k + mu)) - y * Math.log(mu / (k + mu));
        }

        @Override
        public double derivative(double mu, double y) {
            return mu > 0 ? (y + dispersion) / (dispersion + mu) - y / mu : Double.NaN;
        }

        @Override
        public double fisherWeight(double mu) {
            return 1 / (mu + mu * mu / dispersion);
        }
    }
}
