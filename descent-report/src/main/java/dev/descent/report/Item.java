package dev.descent.report;

import dev.descent.report.figure.Figure;
import java.util.List;
import java.util.Objects;

/** What a section shows: a figure, a table, a slider over precomputed figures, or a note. */
public sealed interface Item permits Item.FigureItem, Item.Table, Item.Slider, Item.Note {

    /**
     * A figure with its caption; written as PNG, SVG and CSV.
     *
     * @param figure  the numbers to draw
     * @param caption HTML shown under it
     */
    record FigureItem(Figure figure, String caption) implements Item {
        public FigureItem {
            Objects.requireNonNull(figure, "figure");
            Objects.requireNonNull(caption, "caption");
        }
    }

    /**
     * A table of text cells; written as an HTML table and as {@code data/<id>.csv}.
     *
     * @param id      the CSV file stem
     * @param caption shown above it
     * @param header  column names
     * @param rows    cells, each row as long as the header
     * @param htmlOnly columns shown on the page but left out of the CSV because they differ from run
     *                 to run (wall times; they are in the manifest), so the same seed gives the same CSV
     */
    record Table(String id, String caption, List<String> header, List<List<String>> rows, List<String> htmlOnly)
            implements Item {

        /** A table whose every column goes to the CSV. */
        public Table(String id, String caption, List<String> header, List<List<String>> rows) {
            this(id, caption, header, rows, List.of());
        }

        public Table {
            Objects.requireNonNull(id, "id");
            if (!id.matches("[a-z0-9][a-z0-9-]*")) {
                throw new IllegalArgumentException("table id = '" + id + "' must match [a-z0-9][a-z0-9-]*");
            }
            header = List.copyOf(header);
            htmlOnly = List.copyOf(htmlOnly);
            if (!header.containsAll(htmlOnly)) {
                throw new IllegalArgumentException("table " + id + ": htmlOnly " + htmlOnly + " are not all in " + header);
            }
            rows = rows.stream().map(List::copyOf).toList();
            for (int i = 0; i < rows.size(); i++) {
                if (rows.get(i).size() != header.size()) {
                    throw new IllegalArgumentException("table " + id + ": row " + i + " has " + rows.get(i).size()
                            + " cells, the header " + header.size());
                }
            }
        }
    }

    /**
     * A range control that switches between figures descent computed for a grid of values of
     * one setting (the page swaps images; it computes nothing).
     *
     * @param id      the control's HTML id
     * @param label   what the control sets, e.g. "learning rate ε"
     * @param values  the text shown for each position
     * @param frames  one figure per position
     * @param initial the position shown first
     * @param caption HTML shown under it
     */
    record Slider(String id, String label, List<String> values, List<Figure> frames, int initial, String caption)
            implements Item {
        public Slider {
            Objects.requireNonNull(id, "id");
            values = List.copyOf(values);
            frames = List.copyOf(frames);
            if (values.size() != frames.size() || frames.size() < 2) {
                throw new IllegalArgumentException("slider " + id + ": " + values.size() + " values and "
                        + frames.size() + " frames; need the same number, at least 2");
            }
            if (initial < 0 || initial >= frames.size()) {
                throw new IllegalArgumentException("slider " + id + ": initial = " + initial + " is outside [0, "
                        + frames.size() + ")");
            }
        }
    }

    /**
     * A remark set apart from the text: a warning when a run diverged or stopped away from the
     * optimum, so that the report says so where the figure is.
     *
     * @param text    plain text
     * @param warning drawn as a warning
     */
    record Note(String text, boolean warning) implements Item {
        public Note {
            Objects.requireNonNull(text, "text");
        }
    }
}
