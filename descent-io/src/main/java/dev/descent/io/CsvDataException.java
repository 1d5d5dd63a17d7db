package dev.descent.io;

import java.io.IOException;

/**
 * A CSV file that cannot be read as a dataset. The message names the source, the 1-based line
 * number and the column where there is one, e.g.
 * {@code iris.csv: line 7, column 'petal_width': 'abc' is not a number}.
 */
public final class CsvDataException extends IOException {

    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final String column;

    /**
     * @param source the file name or other description of the input
     * @param line   the 1-based line number, or 0 when the problem is not on one line
     * @param column the column name, or null when the problem is not in one column
     * @param detail what is wrong
     */
    public CsvDataException(String source, long line, String column, String detail) {
        super(source + ": " + (line > 0 ? "line " + line + (column != null ? ", column '" + column + "'" : "") + ": "
                : column != null ? "column '" + column + "': " : "") + detail);
        this.source = source;
        this.line = line;
        this.column = column;
    }

    public String source() {
        return source;
    }

    /** The 1-based line number, or 0. */
    public long line() {
        return line;
    }

    /** The column name, or null. */
    public String column() {
        return column;
    }
}
