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
 * CsvDatasets.read(path, CsvOptions.noHeader(0));                            // no header, label in column 0
 * }</pre>
 *
 * @param format      where column names come from
 * @param labelColumn the label column's name ({@link Format#HEADER} only, where it is required; null
 *                    in the other formats)
 * @param labelIndex  the label column's 0-based index in the {@link Format#NO_HEADER} format; a
 *                    negative index counts from the end, so −1 (the default) is the last column and
 *                    −n the first. It is resolved against the first row's width when the file is
 *                    read. Must be −1 in the other formats ({@code HEADER} chooses by name,
 *                    {@code SKLEARN}'s label is always last)
 * @param target      classes or regression targets
 * @param classOrder  how class ids are assigned when {@code classes} is null
 * @param classes     the class names, in id order, or null to take them from the data; a label
 *                    that is not one of them is an error (for reading a test set with the
 *                    training set's ids)
 * @param delimiter   the field separator
 */
public record CsvOptions(Format format, String labelColumn, int labelIndex, Target target, ClassOrder classOrder, List<String> classes,
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
        /**
         * No header: every row is data; the label is the column at {@link CsvOptions#labelIndex()}
         * (the last by default). Features are named {@code x0, x1, …} in column order, skipping the
         * label, which is named {@code label}.
         */
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
                    + " format: it has no column names" + (format == Format.NO_HEADER ? " (choose the label by"
                            + " labelIndex)" : ""));
        }
        if (format != Format.NO_HEADER && labelIndex != -1) {
            throw new IllegalArgumentException("labelIndex = " + labelIndex + " can only be chosen in the NO_HEADER"
                    + " format; " + (format == Format.HEADER ? "HEADER chooses the label column by name"
                            : "SKLEARN's label is the last column"));
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
        return new CsvOptions(Format.HEADER, labelColumn, -1, Target.CLASSES, ClassOrder.SORTED, null, ',');
    }

    /** scikit-learn's bundled CSV format (see {@link Format#SKLEARN}). */
    public static CsvOptions sklearn() {
        return new CsvOptions(Format.SKLEARN, null, -1, Target.CLASSES, ClassOrder.SORTED, null, ',');
    }

    /** No header; the label is the last column (see {@link Format#NO_HEADER}). */
    public static CsvOptions noHeader() {
        return noHeader(-1);
    }

    /**
     * No header; the label is column {@code labelIndex}, 0-based, negative counting from the end
     * (−1 is the last column). See {@link Format#NO_HEADER}.
     */
    public static CsvOptions noHeader(int labelIndex) {
        return new CsvOptions(Format.NO_HEADER, null, labelIndex, Target.CLASSES, ClassOrder.SORTED, null, ',');
    }

    /** The label column holds numbers to regress on. */
    public CsvOptions regression() {
        return new CsvOptions(format, labelColumn, labelIndex, Target.REGRESSION, classOrder, null, delimiter);
    }

    public CsvOptions withClassOrder(ClassOrder order) {
        return new CsvOptions(format, labelColumn, labelIndex, target, order, classes, delimiter);
    }

    /** Fixed class names in id order; labels outside them are errors. */
    public CsvOptions withClasses(List<String> names) {
        return new CsvOptions(format, labelColumn, labelIndex, target, classOrder, names, delimiter);
    }

    public CsvOptions withDelimiter(char d) {
        return new CsvOptions(format, labelColumn, labelIndex, target, classOrder, classes, d);
    }
}
