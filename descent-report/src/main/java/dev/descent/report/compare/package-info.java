/**
 * The report of {@code descent compare}: the demo's figures and tables on the user's own choice of
 * optimizers, on a built-in landscape or on a data set and model
 * ({@link dev.descent.report.compare.CompareReport}).
 */
package dev.descent.report.compare;
