package dev.descent.ode.fit;

/**
 * Invalid observed data, tied to one row of the {@link Observations}: a time out of order, a value
 * that is NaN, negative, or larger than the model allows. The message reads
 * {@code row 4 (t = 4.0): in_bed = 5000.0 exceeds …}; a reader that knows where the rows came from
 * (the CSV reader, the command line) can put its own location, e.g. a file's line number, in front
 * of {@link #detail()} instead.
 */
public final class ObservationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    private final int row;
    private final double time;
    private final String detail;

    /**
     * @param row    the 0-based row index in the observations
     * @param time   that row's time, for the message (NaN when the time itself is the problem)
     * @param detail what is wrong, naming the column and the value
     */
    public ObservationException(int row, double time, String detail) {
        super("row " + (row + 1) + (Double.isNaN(time) ? "" : " (t = " + time + ")") + ": " + detail);
        this.row = row;
        this.time = time;
        this.detail = detail;
    }

    /** The 0-based row index. */
    public int row() {
        return row;
    }

    /** The row's time as given in the message, NaN when the message does not show it. */
    public double time() {
        return time;
    }

    /** {@code where + " (t = …): " + detail}: the message with another location, e.g. {@code "line 5"}. */
    public String at(String where) {
        return where + (Double.isNaN(time) ? "" : " (t = " + time + ")") + ": " + detail;
    }

    /** The message without the row prefix. */
    public String detail() {
        return detail;
    }
}
