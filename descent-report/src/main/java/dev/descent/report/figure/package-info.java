/**
 * Figures as data: {@link dev.descent.report.figure.Figure} holds the numbers of one picture
 * (series, an optional contour field, markers); rendering (XChart, PNG and SVG) and the CSV of
 * the numbers are pure functions of it, so a figure is redrawn from its CSV alone.
 */
package dev.descent.report.figure;
