/**
 * Parametric ordinary differential equations and their forward sensitivities.
 *
 * <pre>
 *   dy/dt = f(t, y, θ),   y(t₀) = y₀(θ)                    ({@link dev.descent.ode.ParametricOde})
 *   dS/dt = ∂f/∂y · S + ∂f/∂θ,   S(t₀) = ∂y₀/∂θ,   S = ∂y/∂θ   ({@link dev.descent.ode.SensitivityEquations})
 * </pre>
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>A model is written once, generic in a Hipparchus {@code CalculusFieldElement}; every Jacobian
 *       comes from forward-mode automatic differentiation on {@code Gradient}. Nobody writes ∂f/∂y.</li>
 *   <li>Parameters are named ({@link dev.descent.ode.Parameter}); each has a default and a
 *       {@link dev.descent.ode.ParameterTransform} (log, logit or none) that fitting uses to keep it in its
 *       domain. Parameters of the initial state are ordinary parameters.</li>
 *   <li>Integration is Hipparchus's adaptive Dormand–Prince 8(5,3) (or 5(4)) with tight tolerances
 *       (rtol = 1e-10, atol = 1e-10·max(1, ‖y₀‖∞) by default) and dense output at the requested
 *       times ({@link dev.descent.ode.OdeSolver}). Time runs forward from t₀.</li>
 *   <li>Sensitivities are computed either from the variational equations (default) or by Hipparchus's
 *       field integrator on {@code Gradient}; each is the other's cross-check.</li>
 *   <li>Arrays passed in are not modified; arrays in results are owned by the result.</li>
 * </ul>
 *
 * <p>References: W. O. Kermack, A. G. McKendrick, "A contribution to the mathematical theory of
 * epidemics", Proc. R. Soc. Lond. A 115(772), 1927; E. Hairer, S. P. Nørsett, G. Wanner, <i>Solving
 * Ordinary Differential Equations I</i>, Springer 1993; Hipparchus (https://hipparchus.org).
 *
 * @see dev.descent.ode.fit
 * @see dev.descent.ode.models
 */
package dev.descent.ode;
