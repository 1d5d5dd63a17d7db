package dev.descent.io;

import dev.descent.text.Printable;
import java.io.IOException;

/**
 * A CSV file that cannot be read as a dataset. The message names the source, the 1-based line
 * number and the column where there is one, e.g.
 * {@code iris.csv: line 7, column 'petal_width': 'abc' is not a number}. Control characters in it
 * (from a cell, a column name or the file name) are escaped ({@link Printable}), so printing the
 * message cannot drive the terminal: a cell {@code ESC[2J} shows as {@code \x1b[2J}.
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
        this(source, line, column, detail, null);
    }

    /**
     * The same, with the exception behind it (an {@link InputFileException} for a file that is
     * not text, for example).
     */
    public CsvDataException(String source, long line, String column, String detail, Throwable cause) {
        super(Printable.escape(source + ": " + (line > 0 ? "line " + line + (column != null ? ", column '" + column
                + "'" : "") + ": " : column != null ? "column '" + column + "': " : "") + detail), cause);
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
