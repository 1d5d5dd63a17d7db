/**
 * The demo report's sections and the runs behind them. Conventions shared by every section:
 * numbers come only from descent's own optimizers, minimizer and trainer; seeds come from
 * {@link dev.descent.report.demo.DemoContext#seed(String)}, so the same root seed gives the
 * same figures and tables bit for bit; wall times go to the manifest and to table columns marked
 * HTML-only, never into a figure or a CSV; a run that diverges or stops away from the optimum is
 * named in a warning note beside its figure.
 */
package dev.descent.report.demo;
