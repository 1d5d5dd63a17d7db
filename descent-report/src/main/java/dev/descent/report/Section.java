package dev.descent.report;

import java.util.List;
import java.util.Objects;

/**
 * One section of a report.
 *
 * @param id        the HTML anchor, {@code [a-z0-9-]+}
 * @param title     the heading
 * @param text      the explanation (HTML paragraphs)
 * @param equations the update equations of what it shows, as plain Unicode lines (shown in a
 *                  {@code <pre>}), or empty
 * @param items     figures, tables, sliders and notes, in order
 */
public record Section(String id, String title, String text, String equations, List<Item> items) {
    public Section {
        Objects.requireNonNull(id, "id");
        if (!id.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException("section id = '" + id + "' must match [a-z0-9][a-z0-9-]*");
        }
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(equations, "equations");
        items = List.copyOf(items);
    }
}
