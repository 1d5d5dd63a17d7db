package dev.descent.ode.fit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Observed data: one or more named columns (counts, sizes) at times t₁ &lt; t₂ &lt; … &lt; t_m.
 *
 * <p>Time is measured from the model's initial time t = 0, at which the initial state y₀(θ) is given,
 * so every observation time must be &gt; 0. For the 1978 influenza data, t = 0 is the day before the
 * first count and the counts are at t = 1, …, 14.
 *
 * <p>The constructor validates everything before the data can be used, and its messages name the row
 * (1-based, in time order as given), the column and the value:
 * <ul>
 *   <li>at least {@value #MIN_ROWS} rows;</li>
 *   <li>every column has one value per time (mismatched lengths are refused);</li>
 *   <li>times are finite, &gt; 0 and strictly increasing;</li>
 *   <li>values are finite (no NaN: drop missing rows instead) and ≥ 0 (counts).</li>
 * </ul>
 *
 * @param times   t_r, owned by this record
 * @param columns the column names, in order
 * @param values  values[r][c], the value of column c at time t_r, owned by this record
 */
public record Observations(double[] times, List<String> columns, double[][] values) {

    /** The fewest rows a fit accepts. */
    public static final int MIN_ROWS = 3;

    public Observations {
        if (times == null || columns == null || values == null) {
            throw new IllegalArgumentException("times, columns and values must not be null");
        }
        if (columns.isEmpty()) {
            throw new IllegalArgumentException("observations need at least one column");
        }
        columns = List.copyOf(columns);
        Set<String> seen = new HashSet<>();
        for (String c : columns) {
            if (c == null || c.isBlank()) {
                throw new IllegalArgumentException("column names must not be blank: " + columns);
            }
            if (!seen.add(c)) {
                throw new IllegalArgumentException("duplicate column '" + c + "'");
            }
        }
        if (values.length != times.length) {
            throw new IllegalArgumentException("there are " + times.length + " times but " + values.length
                    + " rows of values");
        }
        if (times.length < MIN_ROWS) {
            throw new IllegalArgumentException("at least " + MIN_ROWS + " rows of observations are needed, got "
                    + times.length);
        }
        times = times.clone();
        double[][] copy = new double[values.length][];
        for (int r = 0; r < times.length; r++) {
            double t = times[r];
            if (Double.isNaN(t)) {
                throw new ObservationException(r, Double.NaN, "time is NaN");
            }
            if (!(t > 0) || Double.isInfinite(t)) {
                throw new ObservationException(r, Double.NaN, "time = " + t
                        + " must be finite and > 0 (t = 0 is the initial time of the model)");
            }
            if (r > 0 && !(t > times[r - 1])) {
                throw new ObservationException(r, Double.NaN, "the times must increase, but time = " + t
                        + " follows row " + r + "'s time = " + times[r - 1] + " (times must be strictly increasing)");
            }
            if (values[r] == null || values[r].length != columns.size()) {
                throw new IllegalArgumentException("row " + (r + 1) + " has "
                        + (values[r] == null ? 0 : values[r].length) + " values but there are " + columns.size()
                        + " columns " + columns);
            }
            for (int c = 0; c < columns.size(); c++) {
                double v = values[r][c];
                if (Double.isNaN(v)) {
                    throw new ObservationException(r, t, columns.get(c)
                            + " is NaN (missing values are not allowed: drop the row)");
                }
                if (Double.isInfinite(v)) {
                    throw new ObservationException(r, t, columns.get(c) + " = " + v + " is not finite");
                }
                if (v < 0) {
                    throw new ObservationException(r, t, columns.get(c) + " = " + v
                            + " is negative (observations are counts, >= 0)");
                }
            }
            copy[r] = values[r].clone();
        }
        values = copy;
    }

    /**
     * One column.
     *
     * @param times  not modified
     * @param column the column's name
     * @param values not modified: one value per time
     */
    public static Observations of(double[] times, String column, double[] values) {
        Map<String, double[]> m = new LinkedHashMap<>();
        m.put(column, values);
        return of(times, m);
    }

    /**
     * Several columns, in the map's iteration order (use a {@code LinkedHashMap}).
     *
     * @param times   not modified
     * @param columns not modified: name → one value per time
     */
    public static Observations of(double[] times, Map<String, double[]> columns) {
        if (times == null || columns == null) {
            throw new IllegalArgumentException("times and columns must not be null");
        }
        List<String> names = new ArrayList<>(columns.keySet());
        for (String name : names) {
            double[] v = columns.get(name);
            if (v == null || v.length != times.length) {
                throw new IllegalArgumentException("column " + name + " has " + (v == null ? 0 : v.length)
                        + " values but there are " + times.length + " times");
            }
        }
        double[][] rows = new double[times.length][names.size()];
        for (int c = 0; c < names.size(); c++) {
            double[] v = columns.get(names.get(c));
            for (int r = 0; r < times.length; r++) {
                rows[r][c] = v[r];
            }
        }
        return new Observations(times, names, rows);
    }

    /**
     * Reads comma-separated data with a header row. The first column is the time: either numbers
     * (taken as t) or ISO dates {@code yyyy-MM-dd}, which become days since the day before the first
     * date (so the first row is at t = 1). The named {@code columns} are read as numbers; others are
     * ignored. No quoting; blank lines are skipped. Same as {@code parseCsv(in, columns).observations()}.
     *
     * @param in      the text, not closed
     * @param columns the columns to read, by header name
     * @throws IllegalArgumentException naming the line, the column and the text when a cell is not a
     *                                  number or a date, a column is missing, or the times do not
     *                                  increase down the file; then the checks of the constructor,
     *                                  with the line in place of the row
     */
    public static Observations readCsv(Reader in, List<String> columns) {
        return parseCsv(in, columns).observations();
    }

    /**
     * Observations read from a CSV text, with the text's line number of each row, so that checks
     * made later (against a model's population, say) can name the line.
     *
     * @param observations the data
     * @param lines        lines[r], the 1-based line number of row r in the text; owned by this record
     */
    public record Csv(Observations observations, int[] lines) {

        /** The 1-based line number of row {@code row} (0-based). */
        public int line(int row) {
            return lines[row];
        }

        /** The message of an error about one row with its line in place of the row, e.g. {@code line 5 (t = 4.0): …}. */
        public String describe(ObservationException e) {
            return e.at("line " + lines[e.row()]);
        }
    }

    /**
     * Reads like {@link #readCsv} and also returns the line number of each row.
     *
     * @param in      the text, not closed
     * @param columns the columns to read, by header name
     * @throws IllegalArgumentException as {@link #readCsv}
     */
    public static Csv parseCsv(Reader in, List<String> columns) {
        if (columns == null || columns.isEmpty()) {
            throw new IllegalArgumentException("name at least one column to read");
        }
        List<String[]> lines = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        try {
            BufferedReader reader = new BufferedReader(in);
            String line;
            int number = 0;
            while ((line = reader.readLine()) != null) {
                number++;
                if (!line.isBlank()) {
                    lines.add(line.split(",", -1));
                    lineNumbers.add(number);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("the CSV text is empty (a header row is needed)");
        }
        String[] header = lines.get(0);
        for (int h = 0; h < header.length; h++) {
            header[h] = header[h].strip();
        }
        int[] index = new int[columns.size()];
        for (int c = 0; c < index.length; c++) {
            index[c] = -1;
            for (int h = 1; h < header.length; h++) {
                if (header[h].equals(columns.get(c))) {
                    index[c] = h;
                }
            }
            if (index[c] < 0) {
                throw new IllegalArgumentException("column '" + columns.get(c) + "' is not in the header "
                        + List.of(header).subList(1, header.length));
            }
        }
        int rows = lines.size() - 1;
        double[] times = new double[rows];
        double[][] values = new double[rows][columns.size()];
        int[] rowLines = new int[rows];
        String[] timeText = new String[rows];
        LocalDate firstDate = null;
        for (int r = 0; r < rows; r++) {
            String[] cells = lines.get(r + 1);
            int lineNo = lineNumbers.get(r + 1);
            rowLines[r] = lineNo;
            if (cells.length != header.length) {
                throw new IllegalArgumentException("line " + lineNo + " has " + cells.length + " fields but the header has "
                        + header.length);
            }
            String time = cells[0].strip();
            timeText[r] = time;
            if (time.matches("\\d{4}-\\d{2}-\\d{2}")) {
                LocalDate d;
                try {
                    d = LocalDate.parse(time);
                } catch (DateTimeParseException e) {
                    throw new IllegalArgumentException("line " + lineNo + ", " + header[0] + ": '" + time
                            + "' is not a valid date", e);
                }
                if (firstDate == null) {
                    firstDate = d;
                }
                times[r] = ChronoUnit.DAYS.between(firstDate, d) + 1;
            } else {
                times[r] = number(time, lineNo, header[0]);
            }
            // checked here, before the constructor's t > 0 check: a date before the first one would
            // otherwise be reported as "time = 0.0", which names neither the dates nor the order
            if (r > 0 && !(times[r] > times[r - 1]) && !Double.isNaN(times[r - 1])) {
                throw new IllegalArgumentException("line " + lineNo + ", " + header[0] + ": the "
                        + (firstDate != null ? "dates" : "times") + " must increase down the file, but '" + time
                        + "' follows '" + timeText[r - 1] + "' on line " + rowLines[r - 1]);
            }
            for (int c = 0; c < index.length; c++) {
                values[r][c] = number(cells[index[c]].strip(), lineNo, columns.get(c));
            }
        }
        try {
            return new Csv(new Observations(times, columns, values), rowLines);
        } catch (ObservationException e) {
            // the checks speak of data rows (1-based); a file's reader wants its line numbers
            throw new IllegalArgumentException(e.at("line " + rowLines[e.row()]), e);
        }
    }

    private static double number(String text, int line, String column) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException("line " + line + ", " + column + ": the value is missing");
        }
        try {
            return Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("line " + line + ", " + column + ": '" + text + "' is not a number", e);
        }
    }

    /** The number of rows m. */
    public int rows() {
        return times.length;
    }

    /** The index of a column by name. */
    public int columnIndex(String name) {
        int c = columns.indexOf(name);
        if (c < 0) {
            throw new IllegalArgumentException("unknown column '" + name + "'; columns are " + columns);
        }
        return c;
    }

    /** The values of column {@code name}, a fresh array. */
    public double[] column(String name) {
        int c = columnIndex(name);
        double[] v = new double[times.length];
        for (int r = 0; r < v.length; r++) {
            v[r] = values[r][c];
        }
        return v;
    }
}
