/**
 * Parameter estimation for ODE models: data ({@link dev.descent.ode.fit.Observations}), what they
 * measure ({@link dev.descent.ode.fit.Observable}), how misfit is counted ({@link dev.descent.ode.fit.FitLoss}),
 * the fit as a descent {@code Objective} ({@link dev.descent.ode.fit.OdeFitProblem}), its report
 * ({@link dev.descent.ode.fit.OdeFitResult}, with its {@link dev.descent.ode.fit.Identifiability})
 * and the Levenberg–Marquardt baseline
 * ({@link dev.descent.ode.fit.LevenbergMarquardt}).
 *
 * <pre>
 *   J(u) = Σ_{r,c} ℓ(h_c(y(t_r; θ(u))), y_{rc}),     ∇J from the forward sensitivities ∂y/∂θ
 * </pre>
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>Optimizers see unconstrained coordinates u; each free parameter θ = T(u) goes through its
 *       transform (log for rates, logit for bounded quantities) and the chain rule is applied inside
 *       the objective. Everything reported is in natural parameters θ.</li>
 *   <li>Time 0 is the initial time of the model; observations are at t &gt; 0.</li>
 *   <li>The loss is a plain sum: the SSE for least squares (the default), the full negative
 *       log-likelihood for Poisson and negative-binomial counts.</li>
 *   <li>Standard errors come from the Jacobian at the optimum, Cov = σ²(JᵀJ)⁻¹ with
 *       σ² = SSE/(n − k) for least squares, or the inverse expected Fisher information for the
 *       likelihoods.</li>
 *   <li>Invalid data are refused when {@code Observations} are built, with the row, the column and
 *       the value in the message ({@link dev.descent.ode.fit.ObservationException}); the CSV reader
 *       names the file's line instead. Data the model cannot reach (a count above the population of
 *       a model with a {@link dev.descent.ode.ParametricOde#conservedTotal() conserved total}) are
 *       refused when the problem is built.</li>
 *   <li>Every result carries its {@link dev.descent.ode.fit.Identifiability}: the condition number
 *       of JᵀJ in relative parameters, finite standard errors, n − k. A fit that met its tolerance
 *       but is not identifiable has standard errors that mean nothing; compare it with the
 *       Levenberg–Marquardt baseline through {@link dev.descent.ode.fit.OdeFitResult#agreement}.</li>
 * </ul>
 *
 * <p>References: W. O. Kermack, A. G. McKendrick, Proc. R. Soc. Lond. A 115, 1927; G. A. F. Seber,
 * C. J. Wild, <i>Nonlinear Regression</i>, Wiley 1989, ch. 2 (asymptotic standard errors);
 * Hipparchus (https://hipparchus.org).
 */
package dev.descent.ode.fit;
