package dev.descent.report.figure;

import java.util.List;
import java.util.Objects;

/**
 * One figure as numbers: what {@link FigureRenderer} draws and what {@link FigureData} writes as
 * CSV beside it, so every picture can be redrawn elsewhere from its CSV.
 *
 * @param id       a stable file stem, {@code [a-z0-9-]+} (e.g. {@code "paths-rosenbrock"})
 * @param title    drawn above the plot
 * @param xLabel   x-axis title
 * @param yLabel   y-axis title
 * @param xScale   linear or log
 * @param yScale   linear or log
 * @param series   drawn in order, the first at the bottom; named in the legend
 * @param contours a filled contour field drawn under the series, or null
 * @param markers  labelled points drawn on top (a known optimum x*, a start), may be empty
 * @param width    pixel width of the PNG
 * @param height   pixel height of the PNG
 */
public record Figure(String id, String title, String xLabel, String yLabel, Scale xScale, Scale yScale,
        List<Series> series, ContourField contours, List<Marker> markers, int width, int height) {

    /** Axis scales. */
    public enum Scale {
        LINEAR, LOG
    }

    public Figure {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("figure id = '" + id + "' must match [a-z0-9][a-z0-9-]*");
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(xLabel, "xLabel");
        Objects.requireNonNull(yLabel, "yLabel");
        Objects.requireNonNull(xScale, "xScale");
        Objects.requireNonNull(yScale, "yScale");
        series = List.copyOf(series);
        markers = List.copyOf(markers);
        if (width < 100 || height < 100) {
            throw new IllegalArgumentException("figure " + id + ": size " + width + "×" + height + " is below 100×100");
        }
    }

    /** A line chart of {@code series} with the default size (800 × 500). */
    public static Figure lines(String id, String title, String xLabel, String yLabel, Scale xScale, Scale yScale,
            List<Series> series) {
        return new Figure(id, title, xLabel, yLabel, xScale, yScale, series, null, List.of(), 800, 500);
    }

    /** Paths over a filled contour field, square by default (720 × 640: room for the legend). */
    public static Figure contour(String id, String title, ContourField field, List<Series> paths, List<Marker> markers) {
        return new Figure(id, title, "x", "y", Scale.LINEAR, Scale.LINEAR, paths, field, markers, 720, 640);
    }

    /** This figure with another pixel size. */
    public Figure withSize(int w, int h) {
        return new Figure(id, title, xLabel, yLabel, xScale, yScale, series, contours, markers, w, h);
    }
}
