/**
 * Built-in data sets with their default fitting problems: {@link dev.descent.ode.examples.InfluenzaEngland1978}
 * (SIR on the 1978 boarding-school influenza outbreak, BMJ 1978).
 *
 * <p>Shared conventions: the numbers are shipped in the class (no file or network access); times are
 * in days from t = 0, the day before the first count; each class gives its raw columns, its
 * {@code Observations} and a ready {@code OdeFitProblem} with the defaults of the literature.
 */
package dev.descent.ode.examples;
