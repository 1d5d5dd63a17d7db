package dev.descent.report.figure;

import java.util.Objects;

/**
 * A labelled point drawn on top of everything, e.g. the optimum x* or the start.
 *
 * @param label the text beside the point (and its legend entry)
 * @param x     abscissa
 * @param y     ordinate
 */
public record Marker(String label, double x, double y) {
    public Marker {
        Objects.requireNonNull(label, "label");
    }
}
