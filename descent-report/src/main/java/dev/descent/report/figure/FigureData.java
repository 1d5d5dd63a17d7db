package dev.descent.report.figure;

import dev.descent.io.AtomicFiles;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * The numbers of a figure as CSV, written beside its picture so it can be redrawn elsewhere
 * (pandas, R, gnuplot) without descent.
 *
 * <p>Format: RFC 4180 through commons-csv, UTF-8, "\n" line ends, a header row. Numbers are
 * written with {@link Double#toString}, which is deterministic and reads back to the same double
 * bit for bit ({@code NaN}, {@code Infinity} and {@code -Infinity} included, as Java, pandas and R
 * spell them). Files are replaced atomically ({@link AtomicFiles}): a failed write leaves the
 * previous file as it was.
 */
public final class FigureData {

    /** The header of {@link #writeCsv}. */
    public static final String[] FIGURE_HEADER = {"series", "index", "x", "y"};
    /** The header of {@link #writeGridCsv}. */
    public static final String[] GRID_HEADER = {"x", "y", "z"};
    /** The series column of a marker row is this prefix and the marker's label. */
    public static final String MARKER_PREFIX = "marker:";

    private static final CSVFormat FORMAT = CSVFormat.DEFAULT.builder().setRecordSeparator("\n").get();

    private FigureData() {
    }

    /**
     * Writes the figure in long format, {@code series,index,x,y}: one row per point of each series
     * in figure order (index from 0 within the series, NaN breaks included), then one row per
     * marker with series {@code marker:<label>} and index 0. The contour field is not included;
     * see {@link #writeGridCsv}.
     */
    public static void writeCsv(Figure f, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter csv = new CSVPrinter(w, FORMAT);
            csv.printRecord((Object[]) FIGURE_HEADER);
            for (Series s : f.series()) {
                for (int i = 0; i < s.x().length; i++) {
                    csv.printRecord(s.name(), Integer.toString(i), Double.toString(s.x()[i]), Double.toString(s.y()[i]));
                }
            }
            for (Marker m : f.markers()) {
                csv.printRecord(MARKER_PREFIX + m.label(), "0", Double.toString(m.x()), Double.toString(m.y()));
            }
            csv.flush(); // not close(): AtomicFiles forces and closes the file itself
        });
    }

    /** Writes the grid of a contour field, {@code x,y,z}: rows by y, then x, as in {@code z[j][i]}. */
    public static void writeGridCsv(ContourField c, Path file) throws IOException {
        AtomicFiles.write(file, out -> {
            Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
            CSVPrinter csv = new CSVPrinter(w, FORMAT);
            csv.printRecord((Object[]) GRID_HEADER);
            for (int j = 0; j < c.ys().length; j++) {
                String y = Double.toString(c.ys()[j]);
                for (int i = 0; i < c.xs().length; i++) {
                    csv.printRecord(Double.toString(c.xs()[i]), y, Double.toString(c.z()[j][i]));
                }
            }
            csv.flush();
        });
    }
}
