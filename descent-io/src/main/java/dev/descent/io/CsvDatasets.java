package dev.descent.io;

import dev.descent.io.CsvOptions.ClassOrder;
import dev.descent.io.CsvOptions.Format;
import dev.descent.io.CsvOptions.Target;
import java.io.IOException;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/**
 * Reads CSV files into a {@link CsvTable}: features as an n × d row-major matrix, and class ids or
 * regression targets from a label column.
 *
 * <pre>{@code
 * CsvTable train = CsvDatasets.read(Path.of("train.csv"), CsvOptions.header("species"));
 * CsvTable test  = CsvDatasets.read(Path.of("test.csv"), CsvOptions.header("species").withClasses(train.classes()));
 * CsvTable iris  = CsvDatasets.read(Path.of("iris.csv"), CsvOptions.sklearn());
 * CsvTable any   = CsvDatasets.read(path, CsvDatasets.sniff(path, ',') == Format.SKLEARN ? CsvOptions.sklearn()
 *         : CsvOptions.header("label"));
 * }</pre>
 *
 * <h2>Conventions</h2>
 * <ul>
 *   <li>UTF-8 (a leading byte-order mark is ignored); a file whose name ends in {@code .gz} is
 *       gunzipped. Quoting follows RFC 4180 (commons-csv's {@code DEFAULT} format). Files are opened
 *       by {@link InputFiles#newTextReader(Path)}: a device, FIFO or directory, a file larger than
 *       the heap, binary data (a NUL byte, an IDX or gzip magic number) and invalid UTF-8 are
 *       refused with their offset, not read as rows.</li>
 *   <li>Line numbers in messages are 1-based physical lines of the file, where the row starts.</li>
 *   <li>Blank lines are skipped. Every other row must have as many values as the header.</li>
 *   <li>Numbers are decimal ({@code 12}, {@code -0.5}, {@code 1e-3}, {@code .5}); surrounding
 *       spaces are ignored. Features must be finite: an empty value is "missing", {@code NaN} or
 *       {@code inf} is "not a finite number", anything else unparsable is "not a number". There
 *       is no imputation: clean the file first.</li>
 *   <li>Class ids follow {@link CsvOptions.ClassOrder} (sorted by default) or the given class
 *       list; in the SKLEARN format they are the integers in the file.</li>
 *   <li>Every error is a {@link CsvDataException} naming the file, the line and the column.</li>
 * </ul>
 */
public final class CsvDatasets {

    private static final Pattern NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final Pattern COUNT = Pattern.compile("\\d+");
    private static final Pattern NON_FINITE = Pattern.compile("(?i)[+-]?(nan|inf|infinity)");

    private CsvDatasets() {
    }

    /** Reads a file with a header row whose {@code labelColumn} holds class labels. */
    public static CsvTable read(Path path, String labelColumn) throws IOException {
        return read(path, CsvOptions.header(labelColumn));
    }

    /** Reads a file; gunzips it when its name ends in {@code .gz}. */
    public static CsvTable read(Path path, CsvOptions options) throws IOException {
        try (Reader r = open(path)) {
            return read(r, path.toString(), options);
        }
    }

    /**
     * A UTF-8 reader of {@code path}, gunzipping a file whose name ends in {@code .gz}: refuses what
     * {@link InputFiles#newTextReader(Path)} refuses (a device, FIFO or directory, a file larger than
     * the heap, binary data, invalid UTF-8), as a {@link CsvDataException} whose cause is the
     * {@link InputFileException}.
     */
    private static Reader open(Path path) throws IOException {
        try {
            return InputFiles.newTextReader(path);
        } catch (InputFileException e) {
            throw csvException(path.toString(), e);
        }
    }

    /** An {@link InputFileException} as the {@link CsvDataException} this class promises. */
    private static CsvDataException csvException(String source, InputFileException e) {
        return new CsvDataException(source, e.line(), null, e.problem(), e);
    }

    /** Drops a leading byte-order mark. */
    private static PushbackReader withoutBom(Reader reader) throws IOException {
        PushbackReader in = new PushbackReader(reader, 1);
        int c = in.read();
        if (c != -1 && c != '\uFEFF') {
            in.unread(c);
        }
        return in;
    }

    /**
     * Recognizes scikit-learn's bundled format, for reading a file whose layout is not known: returns
     * {@link Format#SKLEARN} when the first row is {@code n_samples,n_features,class names…}, and
     * {@link Format#HEADER} otherwise. The first row is recognized when
     * <ul>
     *   <li>its first two fields are non-negative integers (digits only),</li>
     *   <li>the first equals the number of data rows (the non-blank rows after it, at least one),</li>
     *   <li>the second equals the number of columns − 1, counted on the first data row, and</li>
     *   <li>it has 2 + k fields, where k is the number of distinct values in the last column of the
     *       data rows (the class names).</li>
     * </ul>
     * A first row that fails a check is a header, even if it is all numbers: a file without a header
     * cannot be told apart from one whose column names are numbers, so {@link Format#NO_HEADER} is
     * never returned. Only a first row that passes the first check makes this read the whole file;
     * a malformed file is reported as {@code HEADER}, for {@link #read(Path, CsvOptions)} to name
     * its problem. Gunzips a {@code .gz} file.
     *
     * @throws CsvDataException if the file is not gzip although its name ends in {@code .gz}, or is
     *                          not text ({@link InputFiles})
     */
    public static Format sniff(Path path, char delimiter) throws IOException {
        try (Reader r = open(path)) {
            return sniff(r, delimiter);
        } catch (InputFileException e) {
            throw csvException(path.toString(), e);
        }
    }

    /** {@link #sniff(Path, char)} on CSV text from {@code reader} (not closed). */
    public static Format sniff(Reader reader, char delimiter) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).setIgnoreEmptyLines(false).get();
        try {
            Iterator<CSVRecord> it = format.parse(withoutBom(reader)).iterator();
            if (!it.hasNext()) {
                return Format.HEADER;
            }
            CSVRecord first = it.next();
            if (first.size() < 3 || !COUNT.matcher(first.get(0).strip()).matches()
                    || !COUNT.matcher(first.get(1).strip()).matches()) {
                return Format.HEADER;
            }
            int classNames = first.size() - 2;
            long rows = 0;
            int width = -1;
            Set<String> labels = new HashSet<>();
            while (it.hasNext()) {
                CSVRecord r = it.next();
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                if (width < 0) {
                    width = r.size();
                }
                rows++;
                if (labels.add(r.get(r.size() - 1).strip()) && labels.size() > classNames) {
                    return Format.HEADER; // more classes than names: no need to read on
                }
            }
            boolean sklearn = rows > 0 && count(first.get(0)) == rows && count(first.get(1)) == width - 1
                    && labels.size() == classNames;
            return sklearn ? Format.SKLEARN : Format.HEADER;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof InputFileException f) {
                throw f; // not text: no format to guess
            }
            return Format.HEADER; // malformed quoting: read() reports it with its line
        }
    }

    /**
     * The column names of a file's header row (its first non-empty line), stripped, without reading
     * the rest; gunzips a {@code .gz} file. For choosing a default label column, e.g. the last one,
     * or for checking a column index against the width of a file without a header.
     *
     * @throws CsvDataException if the file is empty or its first line is malformed
     */
    public static List<String> header(Path path, char delimiter) throws IOException {
        try (Reader r = open(path)) {
            CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(delimiter).get();
            Iterator<CSVRecord> it = format.parse(withoutBom(r)).iterator();
            if (!it.hasNext()) {
                throw new CsvDataException(path.toString(), 0, null, "the file is empty");
            }
            List<String> names = new ArrayList<>();
            for (String v : it.next()) {
                names.add(v.strip());
            }
            return names;
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof InputFileException f) {
                throw csvException(path.toString(), f);
            }
            throw new CsvDataException(path.toString(), 1, null, "malformed CSV: " + e.getCause().getMessage());
        }
    }

    /**
     * Reads CSV text from {@code reader} (not closed).
     *
     * @param source names the input in messages, e.g. a file name
     */
    public static CsvTable read(Reader reader, String source, CsvOptions options) throws IOException {
        CSVFormat format = CSVFormat.DEFAULT.builder().setDelimiter(options.delimiter()).setIgnoreEmptyLines(false)
                .get();
        CSVParser parser = format.parse(withoutBom(reader));
        Rows rows = new Rows(source, parser);
        try {
            return switch (options.format()) {
                case HEADER -> readWithHeader(rows, options);
                case SKLEARN -> readSklearn(rows, options);
                case NO_HEADER -> readNoHeader(rows, options);
            };
        } catch (UncheckedIOException e) {
            if (e.getCause() instanceof InputFileException f) { // binary data or invalid UTF-8 after the first block
                throw csvException(source, f);
            }
            // commons-csv reports malformed quoting this way, e.g. "EOF reached before encapsulated token finished"
            throw new CsvDataException(source, rows.previousEnd + 1, null, "malformed CSV: "
                    + e.getCause().getMessage());
        }
    }

    // ---------------------------------------------------------------- the three formats

    private static CsvTable readWithHeader(Rows rows, CsvOptions options) throws IOException {
        String source = rows.source;
        if (!rows.next()) {
            throw new CsvDataException(source, 0, null, "the file is empty");
        }
        List<String> names = new ArrayList<>();
        for (int j = 0; j < rows.record.size(); j++) {
            String name = rows.record.get(j).strip();
            if (name.isEmpty()) {
                throw new CsvDataException(source, rows.line(), null, "column " + (j + 1) + " has an empty name");
            }
            int dup = names.indexOf(name);
            if (dup >= 0) {
                throw new CsvDataException(source, rows.line(), name, "the header names this column twice (columns "
                        + (dup + 1) + " and " + (j + 1) + ")");
            }
            names.add(name);
        }
        int label = names.indexOf(options.labelColumn());
        if (label < 0) {
            throw new CsvDataException(source, rows.line(), null, "no column '" + options.labelColumn()
                    + "' in the header; the columns are " + names);
        }
        if (names.size() < 2) {
            throw new CsvDataException(source, rows.line(), null, "the header has only the label column '"
                    + options.labelColumn() + "'; at least one feature column is needed");
        }
        return readBody(rows, options, names, label, "the header has");
    }

    private static CsvTable readNoHeader(Rows rows, CsvOptions options) throws IOException {
        boolean any;
        while ((any = rows.next()) && rows.record.size() == 1 && rows.record.get(0).isBlank()) {
            // skip leading blank lines
        }
        if (!any) {
            throw new CsvDataException(rows.source, 0, null, "the file is empty");
        }
        long first = rows.line();
        int n = rows.record.size();
        if (n < 2) {
            throw new CsvDataException(rows.source, rows.line(), null, "1 value; at least one feature and the label"
                    + " are needed");
        }
        int label = options.labelIndex() < 0 ? n + options.labelIndex() : options.labelIndex();
        if (label < 0 || label >= n) {
            throw new CsvDataException(rows.source, rows.line(), null, "label index " + options.labelIndex()
                    + " is outside [" + -n + ", " + n + ") for rows of " + n + " values");
        }
        rows.pushBack();
        List<String> names = generatedNames(n - 1, "label");
        names.add(label, names.remove(n - 1)); // x0, x1, … in column order around the label
        return readBody(rows, options, names, label, "line " + first + " has");
    }

    private static CsvTable readSklearn(Rows rows, CsvOptions options) throws IOException {
        String source = rows.source;
        if (!rows.next()) {
            throw new CsvDataException(source, 0, null, "the file is empty");
        }
        CSVRecord first = rows.record;
        long firstLine = rows.line();
        if (first.size() < 2) {
            throw new CsvDataException(source, rows.line(), null, "the first line must be"
                    + " 'n_samples,n_features[,class names…]', got " + first.size() + " value");
        }
        int nSamples = headerCount(rows, first.get(0), "n_samples", 1);
        int nFeatures = headerCount(rows, first.get(1), "n_features", 2);
        if (nFeatures < 1) {
            throw new CsvDataException(source, rows.line(), null, "n_features = 0: at least one feature is needed"
                    + " (a file without the 'n_samples,n_features,…' line is read with CsvOptions.noHeader())");
        }
        List<String> classNames = new ArrayList<>();
        for (int j = 2; j < first.size(); j++) {
            classNames.add(first.get(j).strip());
        }
        // the first data row proves the width before n_features names are made (a header claiming 10⁹
        // features must not allocate them)
        while (rows.next()) {
            CSVRecord r = rows.record;
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue;
            }
            if (r.size() != (long) nFeatures + 1) {
                throw new CsvDataException(source, rows.line(), null, r.size() + (r.size() == 1 ? " value" : " values")
                        + ", but the first line says n_features = " + nFeatures + ", so rows need " + (nFeatures + 1L)
                        + " (features and the label)");
            }
            rows.pushBack();
            break;
        }
        CsvTable t = readBody(rows, options, generatedNames(nFeatures, "target"), nFeatures,
                "the first line says n_features = " + nFeatures + ", so rows need", classNames);
        if (t.rows() != nSamples) {
            throw new CsvDataException(source, firstLine, null, "the first line says n_samples = " + nSamples
                    + ", but there are " + t.rows() + " data rows");
        }
        return t;
    }

    /** A field of digits as a number, or −1 if it is too large (the caller has checked {@link #COUNT}). */
    private static long count(String field) {
        try {
            return Long.parseLong(field.strip());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static int headerCount(Rows rows, String raw, String what, int column) throws CsvDataException {
        String s = raw.strip();
        try {
            int v = Integer.parseInt(s);
            if (v >= 0) {
                return v;
            }
        } catch (NumberFormatException e) {
            // fall through
        }
        throw new CsvDataException(rows.source, rows.line(), null, "the first line must be"
                + " 'n_samples,n_features[,class names…]'; " + what + " (value " + column + ") = '" + s
                + "' is not a non-negative integer");
    }

    private static List<String> generatedNames(int features, String labelName) {
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("x" + j);
        }
        names.add(labelName);
        return names;
    }

    // ---------------------------------------------------------------- the data rows

    private static CsvTable readBody(Rows rows, CsvOptions options, List<String> names, int label, String widthSays)
            throws IOException {
        return readBody(rows, options, names, label, widthSays, null);
    }

    /**
     * Reads every data row.
     *
     * @param sklearnClasses non-null in the SKLEARN format: labels are integer ids into these names
     *                       (or, when empty, any non-negative integers)
     */
    private static CsvTable readBody(Rows rows, CsvOptions options, List<String> names, int label, String widthSays,
            List<String> sklearnClasses) throws IOException {
        String source = rows.source;
        int width = names.size();
        int d = width - 1;
        String labelName = names.get(label);
        List<String> featureNames = new ArrayList<>(names);
        featureNames.remove(label);
        boolean classes = options.target() == Target.CLASSES;

        DoubleList features = new DoubleList();
        DoubleList targets = new DoubleList();
        List<String> labelTexts = new ArrayList<>();
        List<Long> labelLines = new ArrayList<>();
        int n = 0;
        while (rows.next()) {
            CSVRecord r = rows.record;
            long line = rows.line();
            if (r.size() == 1 && r.get(0).isBlank()) {
                continue; // a blank line
            }
            if (r.size() != width) {
                throw new CsvDataException(source, line, null, r.size() + (r.size() == 1 ? " value" : " values")
                        + ", but " + widthSays + " " + width + (sklearnClasses != null ? " (features and the label)"
                                : " columns"));
            }
            for (int j = 0; j < width; j++) {
                if (j == label) {
                    continue;
                }
                features.add(number(source, line, names.get(j), r.get(j), "value"));
            }
            String raw = r.get(label).strip();
            if (classes) {
                if (raw.isEmpty()) {
                    throw new CsvDataException(source, line, labelName, "missing label");
                }
                labelTexts.add(raw);
                labelLines.add(line);
            } else {
                targets.add(number(source, line, labelName, raw, "target"));
            }
            n++;
        }
        if (n == 0) {
            throw new CsvDataException(source, 0, null, "no data rows" + (options.format() == Format.HEADER
                    ? " after the header" : options.format() == Format.SKLEARN ? " after the first line" : ""));
        }
        if (!classes) {
            return new CsvTable(source, featureNames, features.toArray(), n, d, labelName, null, List.of(),
                    targets.toArray());
        }
        int[] ids = new int[n];
        List<String> classNames;
        if (sklearnClasses != null) {
            classNames = sklearnIds(source, labelName, labelTexts, labelLines, sklearnClasses, ids);
        } else {
            classNames = options.classes() != null ? options.classes()
                    : classNames(labelTexts, options.classOrder());
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int k = 0; k < classNames.size(); k++) {
                index.put(classNames.get(k), k);
            }
            for (int i = 0; i < n; i++) {
                Integer id = index.get(labelTexts.get(i));
                if (id == null) {
                    throw new CsvDataException(source, labelLines.get(i), labelName, "label '" + labelTexts.get(i)
                            + "' is not one of the classes " + classNames);
                }
                ids[i] = id;
            }
        }
        return new CsvTable(source, featureNames, features.toArray(), n, d, labelName, ids, classNames, null);
    }

    private static List<String> sklearnIds(String source, String labelName, List<String> texts, List<Long> lines,
            List<String> names, int[] ids) throws CsvDataException {
        int max = -1;
        for (int i = 0; i < texts.size(); i++) {
            int id;
            try {
                id = Integer.parseInt(texts.get(i));
            } catch (NumberFormatException e) {
                id = -1;
            }
            if (id < 0 || (!names.isEmpty() && id >= names.size())) {
                throw new CsvDataException(source, lines.get(i), labelName, "label '" + texts.get(i) + "' is not a"
                        + " class id" + (names.isEmpty() ? " (a non-negative integer)" : " in [0, " + names.size()
                                + ") for the classes " + names));
            }
            ids[i] = id;
            max = Math.max(max, id);
        }
        if (!names.isEmpty()) {
            return names;
        }
        List<String> generated = new ArrayList<>();
        for (int k = 0; k <= max; k++) {
            generated.add(Integer.toString(k));
        }
        return generated;
    }

    private static List<String> classNames(List<String> labels, ClassOrder order) {
        if (order == ClassOrder.FIRST_SEEN) {
            Map<String, Boolean> seen = new LinkedHashMap<>();
            for (String s : labels) {
                seen.putIfAbsent(s, Boolean.TRUE);
            }
            return new ArrayList<>(seen.keySet());
        }
        boolean numeric = true;
        for (String s : labels) {
            if (!NUMBER.matcher(s).matches()) {
                numeric = false;
                break;
            }
        }
        Map<String, Boolean> distinct = numeric
                ? new TreeMap<>((a, b) -> {
                    int c = Double.compare(Double.parseDouble(a), Double.parseDouble(b));
                    return c != 0 ? c : a.compareTo(b); // "1" and "1.0" stay distinct classes
                })
                : new TreeMap<>();
        for (String s : labels) {
            distinct.putIfAbsent(s, Boolean.TRUE);
        }
        return new ArrayList<>(distinct.keySet());
    }

    private static double number(String source, long line, String column, String raw, String what)
            throws CsvDataException {
        String s = raw.strip();
        if (s.isEmpty()) {
            throw new CsvDataException(source, line, column, "missing " + what);
        }
        if (NON_FINITE.matcher(s).matches()) {
            throw new CsvDataException(source, line, column, "'" + s + "' is not a finite number");
        }
        if (!NUMBER.matcher(s).matches()) {
            throw new CsvDataException(source, line, column, "'" + s + "' is not a number");
        }
        double v = Double.parseDouble(s);
        if (!Double.isFinite(v)) {
            throw new CsvDataException(source, line, column, "'" + s + "' is not a finite number (too large)");
        }
        return v;
    }

    // ---------------------------------------------------------------- helpers

    /** Records with the 1-based line each starts on. */
    private static final class Rows {
        final String source;
        final Iterator<CSVRecord> it;
        final CSVParser parser;
        CSVRecord record;
        CSVRecord pushedBack;
        long start;
        long previousEnd;

        Rows(String source, CSVParser parser) {
            this.source = source;
            this.parser = parser;
            this.it = parser.iterator();
        }

        boolean next() {
            if (pushedBack != null) {
                record = pushedBack;
                pushedBack = null;
                return true;
            }
            if (!it.hasNext()) {
                return false;
            }
            record = it.next();
            start = previousEnd + 1;
            previousEnd = parser.getCurrentLineNumber();
            return true;
        }

        /** Returns the current record on the next call to {@link #next()} (one record only). */
        void pushBack() {
            pushedBack = record;
        }

        long line() {
            return start;
        }
    }

    /** A growable double array. */
    private static final class DoubleList {
        double[] a = new double[1024];
        int n;

        void add(double v) {
            if (n == a.length) {
                a = Arrays.copyOf(a, a.length * 2);
            }
            a[n++] = v;
        }

        double[] toArray() {
            return Arrays.copyOf(a, n);
        }
    }
}
