/**
 * Figures as data: {@link dev.descent.report.figure.Figure} holds the numbers of one picture
 * (series, an optional contour field, markers); rendering (XChart, PNG and SVG) and the CSV of
 * the numbers are pure functions of it, so a figure is redrawn from its CSV alone.
 *
 * <p>Shared conventions:
 * <ul>
 *   <li>{@link dev.descent.report.figure.Contours} samples a function and chooses its band edges;
 *       {@link dev.descent.report.figure.FigureRenderer} draws (PNG, SVG, animated GIF);
 *       {@link dev.descent.report.figure.FigureData} writes the CSV. The other classes are their
 *       package-private parts.</li>
 *   <li>Deterministic: the same figure gives the same PNG bytes, SVG text and CSV bytes.</li>
 *   <li>Every file is replaced atomically through {@link dev.descent.io.AtomicFiles}: a failed
 *       write leaves the previous file and no temporary file.</li>
 *   <li>Data are never refused for being undrawable: points a log axis cannot show, NaN and ±∞
 *       are dropped (they break the line), and an empty series is left out.</li>
 *   <li>Headless: nothing needs a display; the renderer sets {@code java.awt.headless=true}
 *       unless the property is already set.</li>
 *   <li>Arrays passed in are not modified.</li>
 * </ul>
 */
package dev.descent.report.figure;
