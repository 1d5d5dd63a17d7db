package dev.descent.spark;

import dev.descent.ode.fit.LevenbergMarquardt;
import dev.descent.ode.fit.Observations;
import dev.descent.ode.fit.OdeFitProblem;
import dev.descent.ode.fit.OdeFitResult;
import dev.descent.ode.models.Sir;
import java.io.Serializable;

/**
 * The SIR model fitted to one region's epidemic curve: the task of {@link PartitionFits} for a
 * country's regions or a season's outbreaks, one least-squares fit each.
 *
 * <pre>
 *   model  dS/dt = −βSI/N,  dI/dt = βSI/N − γI,  dR/dt = γI    (N the region's population)
 *   fit    β, γ (log-transformed) by Levenberg–Marquardt on Σ (I(tᵢ) − yᵢ)², I₀ the region's (fixed)
 * </pre>
 */
public final class RegionalSir {

    private RegionalSir() {
    }

    /** One region: its name, population N, the infectious I₀ at t = 0, the days tᵢ and the infectious counts yᵢ. */
    public record Region(String name, double population, double initialInfectious, double[] times,
            double[] infectious) implements Serializable {
    }

    /** One region's estimates, with the fit's misfit and whether it converged. */
    public record Estimate(String region, double beta, double gamma, double r0, double sumOfSquares, boolean converged,
            long iterations) implements Serializable {
    }

    /**
     * The fit of one region from β = 1, γ = 0.1 (the model's generic start).
     *
     * @throws IllegalArgumentException (through the model and data checks) for a bad region, naming the value
     */
    public static Estimate fit(Region r) {
        Sir sir = new Sir(r.population());
        OdeFitProblem problem = OdeFitProblem.builder(sir, Observations.of(r.times(), "infectious", r.infectious()))
                .observe("infectious", "I")
                .fit("beta", "gamma")
                .set("beta", 1)
                .set("gamma", 0.1)
                .set("I0", r.initialInfectious())
                .build();
        OdeFitResult f = LevenbergMarquardt.defaults().fit(problem);
        double[] e = f.estimates(); // in the order of fit(...): β, γ
        return new Estimate(r.name(), e[0], e[1], e[0] / e[1], f.sumOfSquares(),
                f.converged(), f.iterations());
    }
}
