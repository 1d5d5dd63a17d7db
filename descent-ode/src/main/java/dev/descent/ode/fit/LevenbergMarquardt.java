package dev.descent.ode.fit;

import dev.descent.ode.ParameterTransform;
import dev.descent.optim.stop.StopReason;
import dev.descent.util.Checks;
import java.util.List;
import java.util.Locale;
import org.hipparchus.exception.MathIllegalStateException;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.ArrayRealVector;
import org.hipparchus.linear.RealMatrix;
import org.hipparchus.linear.RealVector;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresBuilder;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresOptimizer;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LeastSquaresProblem;
import org.hipparchus.optim.nonlinear.vector.leastsquares.LevenbergMarquardtOptimizer;
import org.hipparchus.util.Pair;

/**
 * The Levenberg–Marquardt baseline: Hipparchus's {@code LevenbergMarquardtOptimizer} (a port of
 * MINPACK's {@code lmder}) on the residuals and Jacobian of an {@link OdeFitProblem}, in the same
 * unconstrained coordinates u as descent's optimizers see.
 *
 * <pre>
 *   r(u) = μ(u) − y                  residuals of every observed point
 *   ∂r/∂u = ∂μ/∂θ_w · diag(dθ/du)    from the forward sensitivities
 *   minimize ‖r(u)‖² = SSE:  (JᵀJ + λ D²) δ = −Jᵀr, trust region on ‖Dδ‖ (Moré 1978)
 * </pre>
 *
 * <table>
 *   <caption>Settings</caption>
 *   <tr><th>parameter</th><th>default (Hipparchus's)</th></tr>
 *   <tr><td>{@code costRelativeTolerance}</td><td>1e-12 (1e-10)</td></tr>
 *   <tr><td>{@code parameterRelativeTolerance}</td><td>1e-12 (1e-10)</td></tr>
 *   <tr><td>{@code orthoTolerance}</td><td>1e-12 (1e-10)</td></tr>
 *   <tr><td>{@code maxEvaluations}</td><td>10 000</td></tr>
 * </table>
 *
 * <p>It is the reference for the least-squares loss only: it refuses the likelihood losses.
 * Evaluations at which the model cannot be solved return infinite residuals, which the trust region
 * rejects.
 *
 * <h2>References</h2>
 * K. Levenberg, "A method for the solution of certain non-linear problems in least squares", Quart.
 * Appl. Math. 2, 1944; D. W. Marquardt, SIAM J. Appl. Math. 11(2), 1963; J. J. Moré, "The
 * Levenberg–Marquardt algorithm: implementation and theory", Numerical Analysis, LNM 630, Springer
 * 1978; Hipparchus {@code org.hipparchus.optim.nonlinear.vector.leastsquares}.
 *
 * @param costRelativeTolerance      relative reduction of the cost below which it stops
 * @param parameterRelativeTolerance relative change of u below which it stops
 * @param orthoTolerance             cosine between r and the columns of J below which it stops
 * @param maxEvaluations             the most model evaluations (and iterations)
 */
public record LevenbergMarquardt(double costRelativeTolerance, double parameterRelativeTolerance,
        double orthoTolerance, int maxEvaluations) {

    public LevenbergMarquardt {
        Checks.positiveFinite("costRelativeTolerance", costRelativeTolerance);
        Checks.positiveFinite("parameterRelativeTolerance", parameterRelativeTolerance);
        Checks.positiveFinite("orthoTolerance", orthoTolerance);
        if (maxEvaluations < 1) {
            throw new IllegalArgumentException("maxEvaluations = " + maxEvaluations + " must be >= 1");
        }
    }

    /** All three tolerances 1e-12, 10 000 evaluations. */
    public static LevenbergMarquardt defaults() {
        return new LevenbergMarquardt(1e-12, 1e-12, 1e-12, 10_000);
    }

    /** Fits from the problem's set values. */
    public OdeFitResult fit(OdeFitProblem problem) {
        return fitFrom(problem, problem.start());
    }

    /** Fits from natural values of the free parameters. */
    public OdeFitResult fit(OdeFitProblem problem, double[] naturalFree) {
        return fitFrom(problem, problem.toUnconstrained(naturalFree));
    }

    private OdeFitResult fitFrom(OdeFitProblem problem, double[] u0) {
        if (!(problem.loss() instanceof FitLoss.SumOfSquares)) {
            throw new IllegalArgumentException("Levenberg–Marquardt needs the least-squares loss, not "
                    + problem.loss().name());
        }
        long t0 = System.nanoTime();
        int k = problem.dimension();
        double[] target = problem.predict(u0, false).observed();
        LeastSquaresProblem lsq = new LeastSquaresBuilder()
                .start(u0)
                .target(target)
                .model(point -> jacobian(problem, point.toArray(), k))
                .maxEvaluations(maxEvaluations)
                .maxIterations(maxEvaluations)
                .build();
        LevenbergMarquardtOptimizer lm = new LevenbergMarquardtOptimizer()
                .withCostRelativeTolerance(costRelativeTolerance)
                .withParameterRelativeTolerance(parameterRelativeTolerance)
                .withOrthoTolerance(orthoTolerance);
        LeastSquaresOptimizer.Optimum optimum;
        try {
            optimum = lm.optimize(lsq);
        } catch (MathIllegalStateException e) {
            throw new IllegalStateException("Levenberg–Marquardt failed: " + e.getMessage(), e);
        }
        long elapsed = System.nanoTime() - t0;
        StopReason reason = new StopReason.Converged("levenberg-marquardt", String.format(Locale.ROOT,
                "a cost, parameter or orthogonality tolerance (%.0e, %.0e, %.0e) was met", costRelativeTolerance,
                parameterRelativeTolerance, orthoTolerance));
        return problem.result(optimum.getPoint().toArray(), "LevenbergMarquardt", optimum.getIterations(),
                optimum.getEvaluations(), reason, elapsed);
    }

    private static Pair<RealVector, RealMatrix> jacobian(OdeFitProblem problem, double[] u, int k) {
        OdeFitProblem.Predictions p = problem.predict(u, true);
        double[] mu = p.mu();
        double[][] jac = p.jacobian();
        List<ParameterTransform> ts = problem.freeTransforms();
        for (int i = 0; i < mu.length; i++) {
            if (!Double.isFinite(mu[i])) {
                mu[i] = Double.POSITIVE_INFINITY;
            }
            for (int j = 0; j < k; j++) {
                jac[i][j] *= ts.get(j).derivative(u[j]);
                if (!Double.isFinite(jac[i][j])) {
                    jac[i][j] = 0;
                }
            }
        }
        return new Pair<>(new ArrayRealVector(mu, false), new Array2DRowRealMatrix(jac, false));
    }
}
