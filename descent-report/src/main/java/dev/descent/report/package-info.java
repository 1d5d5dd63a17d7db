/**
 * Reports as data: a {@link dev.descent.report.Report} of {@link dev.descent.report.Section}s
 * holding figures, tables, sliders over precomputed figures and notes, written by
 * {@link dev.descent.report.ReportWriter} as an offline HTML page with PNG, SVG, CSV and a
 * {@link dev.descent.report.RunManifest}.
 */
package dev.descent.report;
