package dev.descent.io;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link CsvDatasets} reads a CSV file: where the column names come from, which column is the
 * label, and whether labels are classes or regression targets.
 *
 * <pre>{@code
 * CsvDatasets.read(path, CsvOptions.header("species"));                      // classes, ids in sorted order
 * CsvDatasets.read(path, CsvOptions.header("price").regression());           // double targets
 * CsvDatasets.read(test, CsvOptions.header("species").withClasses(train.classes()));  // the training ids
 * CsvDatasets.read(path, CsvOptions.sklearn());                              // scikit-learn's bundled CSVs
 * }</pre>
 *
 * @param format      where column names come from
 * @param labelColumn the label column's name ({@link Format#HEADER} only; the other formats use the
 *                    last column)
 * @param target      classes or regression targets
 * @param classOrder  how class ids are assigned when {@code classes} is null
 * @param classes     the class names, in id order, or null to take them from the data; a label
 *                    that is not one of them is an error (for reading a test set with the
 *                    training set's ids)
 * @param delimiter   the field separator
 */
public record CsvOptions(Format format, String labelColumn, Target target, ClassOrder classOrder, List<String> classes,
        char delimiter) {

    /** Where column names come from. */
    public enum Format {
        /** The first row names the columns; the label column is chosen by name. */
        HEADER,
        /**
         * scikit-learn's bundled datasets ({@code sklearn/datasets/data/*.csv}): the first row is
         * {@code n_samples,n_features,class names…}; no column names; the label is the last column,
         * an integer class id indexing the class names. Features are named {@code x0, x1, …}, the
         * label {@code target}. The row count must equal {@code n_samples} and each row must have
         * {@code n_features + 1} values.
         */
        SKLEARN,
        /** No header: every row is data, the label is the last column; names as for SKLEARN. */
        NO_HEADER
    }

    /** What the label column holds. */
    public enum Target {
        /** Class labels (any text), mapped to ids 0..k−1. */
        CLASSES,
        /** Numbers, kept as doubles. */
        REGRESSION
    }

    /** How class ids are assigned to label texts when the classes are not given. */
    public enum ClassOrder {
        /**
         * In sorted order, as scikit-learn's {@code LabelEncoder}: numerically if every label is a
         * number ({@code "2" < "10"}), otherwise by {@link String#compareTo} (UTF-16 code units).
         * The same labels give the same ids whatever the row order.
         */
        SORTED,
        /** In the order labels first appear in the file. */
        FIRST_SEEN
    }

    public CsvOptions {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(classOrder, "classOrder");
        if (format == Format.HEADER && (labelColumn == null || labelColumn.isBlank())) {
            throw new IllegalArgumentException("labelColumn = " + labelColumn + " must name a column of the header");
        }
        if (format != Format.HEADER && labelColumn != null) {
            throw new IllegalArgumentException("labelColumn = '" + labelColumn + "' cannot be chosen in the " + format
                    + " format: the label is the last column");
        }
        if (classes != null) {
            if (format == Format.SKLEARN) {
                throw new IllegalArgumentException("classes cannot be given in the SKLEARN format: its first row"
                        + " names them");
            }
            if (target == Target.REGRESSION) {
                throw new IllegalArgumentException("classes cannot be given for a regression target");
            }
            classes = List.copyOf(classes);
            if (classes.isEmpty()) {
                throw new IllegalArgumentException("classes must not be empty");
            }
            Set<String> seen = new HashSet<>();
            for (String c : classes) {
                if (!seen.add(c)) {
                    throw new IllegalArgumentException("classes has '" + c + "' twice");
                }
            }
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("delimiter = " + (int) delimiter + " cannot be a quote or line break");
        }
    }

    /** A file with a header row; {@code labelColumn} holds class labels. */
    public static CsvOptions header(String labelColumn) {
        return new CsvOptions(Format.HEADER, labelColumn, Target.CLASSES, ClassOrder.SORTED, null, ',');
    }

    /** scikit-learn's bundled CSV format (see {@link Format#SKLEARN}). */
    public static CsvOptions sklearn() {
        return new CsvOptions(Format.SKLEARN, null, Target.CLASSES, ClassOrder.SORTED, null, ',');
    }

    /** No header; the label is the last column (see {@link Format#NO_HEADER}). */
    public static CsvOptions noHeader() {
        return new CsvOptions(Format.NO_HEADER, null, Target.CLASSES, ClassOrder.SORTED, null, ',');
    }

    /** The label column holds numbers to regress on. */
    public CsvOptions regression() {
        return new CsvOptions(format, labelColumn, Target.REGRESSION, classOrder, null, delimiter);
    }

    public CsvOptions withClassOrder(ClassOrder order) {
        return new CsvOptions(format, labelColumn, target, order, classes, delimiter);
    }

    /** Fixed class names in id order; labels outside them are errors. */
    public CsvOptions withClasses(List<String> names) {
        return new CsvOptions(format, labelColumn, target, classOrder, names, delimiter);
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(format, labelColumn, target, classOrder, classes, d);
    }
}
