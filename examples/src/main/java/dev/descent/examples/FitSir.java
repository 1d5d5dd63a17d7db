package dev.descent.examples;

import dev.descent.minimize.Minimizer;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.fit.LevenbergMarquardt;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.ode.models.Sir;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import java.util.Locale;

/**
 * Fits an SIR model to the 1978 boarding-school influenza outbreak (N = 763) with L-BFGS and checks
 * it against Levenberg–Marquardt and the published estimates (β ≈ 1.67, γ ≈ 0.44 per day).
 */
public final class FitSir {

    private FitSir() {
    }

    /**
     * Fits β and γ from β = 1, γ = 0.1.
     *
     * @return the L-BFGS fit, checked: β within 0.01 of 1.669 and γ of 0.4435, and within 1e-3 of LM's
     * @throws IllegalStateException when it is not
     */
    public static OdeFitResult run() {
        OdeFitProblem problem = OdeFitProblem.builder(new Sir(763), InfluenzaEngland1978.observations())
            .observe("in_bed", "I")
            .fit("beta", "gamma")
            .set("beta", 1).set("gamma", 0.1)
            .build();
        OdeFitResult fit = problem.fit(new Minimizer<>(Lbfgs.defaults(),
                StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(500))));
        OdeFitResult lm = LevenbergMarquardt.defaults().fit(problem);
        double beta = fit.parameter("beta"), gamma = fit.parameter("gamma");
        if (Math.abs(beta - 1.669) > 0.01 || Math.abs(gamma - 0.4435) > 0.01
                || Math.abs(beta - lm.parameter("beta")) > 1e-3 || Math.abs(gamma - lm.parameter("gamma")) > 1e-3) {
            throw new IllegalStateException(String.format(Locale.ROOT,
                    "β = %.5f, γ = %.5f (LM: β = %.5f, γ = %.5f), expected β ≈ 1.669, γ ≈ 0.4435",
                    beta, gamma, lm.parameter("beta"), lm.parameter("gamma")));
        }
        return fit;
    }

    /**
     * Prints the estimates; exits 1 when they are off.
     *
     * @param args none
     */
    public static void main(String[] args) {
        try {
            OdeFitResult fit = run();
            System.out.println(String.format(Locale.ROOT, "β = %.4f ± %.4f, γ = %.4f ± %.4f, R₀ = %.3f, SSE = %.1f",
                    fit.parameter("beta"), fit.standardError("beta"), fit.parameter("gamma"),
                    fit.standardError("gamma"), fit.r0(), fit.lossValue()));
        } catch (IllegalStateException e) {
            System.err.println("FitSir: " + e.getMessage());
            System.exit(1);
        }
    }
}
