/**
 * Built-in models: {@link dev.descent.ode.models.Sir} and {@link dev.descent.ode.models.Seir}
 * (Kermack–McKendrick compartments), {@link dev.descent.ode.models.LogisticGrowth} (with its closed
 * form) and {@link dev.descent.ode.models.LotkaVolterra}.
 *
 * <p>Shared conventions: each is a {@code record} of its fixed constants (the population N for the
 * epidemic models) implementing {@link dev.descent.ode.ParametricOde}; rates and sizes are positive
 * parameters (log transform), an initial infectious count I₀ lies in (0, N) (logit transform);
 * initial-state quantities are parameters with a default, fixed unless a fit frees them. Time is in
 * the data's unit (days for the epidemic data). Each model overrides the {@code double} right-hand
 * side for speed; the tests check it against the field-generic one.
 */
package dev.descent.ode.models;
