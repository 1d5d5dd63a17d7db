package dev.descent.report;

import java.util.List;
import java.util.Objects;

/**
 * A report: a title, an introduction and sections, all numbers in it computed by descent.
 * {@link ReportWriter} turns it into {@code index.html}, PNG and SVG figures, CSV data and a
 * manifest.
 *
 * @param title    the page title
 * @param intro    the opening paragraph (HTML)
 * @param sections in order
 */
public record Report(String title, String intro, List<Section> sections) {
    public Report {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(intro, "intro");
        sections = List.copyOf(sections);
    }
}
