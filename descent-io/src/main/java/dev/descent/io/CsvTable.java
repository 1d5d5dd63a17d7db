package dev.descent.io;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A dataset read from CSV: an n × d feature matrix, row-major, and one label per row, either a
 * class id (with the class names) or a regression target.
 *
 * <p>The arrays are the table's own and are not copied by the accessors (datasets can be large);
 * treat them as read-only, or copy them.
 *
 * @param source       the file (or other input) it was read from, for messages
 * @param featureNames the d feature column names, in column order
 * @param features     n × d values, row-major: row i, column j is {@code features[i * cols + j]}
 * @param rows         n, the number of data rows
 * @param cols         d, the number of features
 * @param labelName    the label column's name
 * @param labels       class ids in {@code [0, classes.size())}, one per row; null for regression
 * @param classes      class names by id; empty for regression
 * @param targets      regression targets, one per row; null for classes
 */
public record CsvTable(String source, List<String> featureNames, double[] features, int rows, int cols,
        String labelName, int[] labels, List<String> classes, double[] targets) {

    public CsvTable {
        featureNames = List.copyOf(featureNames);
        classes = List.copyOf(classes);
        if (featureNames.size() != cols || features.length != (long) rows * cols) {
            throw new IllegalArgumentException(rows + " × " + cols + " table with " + featureNames.size()
                    + " feature names and " + features.length + " values");
        }
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("exactly one of labels and targets must be given");
        }
        if ((labels != null ? labels.length : targets.length) != rows) {
            throw new IllegalArgumentException("one label per row is needed");
        }
    }

    /** True for class labels, false for regression targets. */
    public boolean isClassification() {
        return labels != null;
    }

    /** The value of feature {@code col} in row {@code row}. */
    public double feature(int row, int col) {
        Objects.checkIndex(row, rows);
        Objects.checkIndex(col, cols);
        return features[row * cols + col];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CsvTable t && t.source.equals(source) && t.featureNames.equals(featureNames)
                && Arrays.equals(t.features, features) && t.rows == rows && t.cols == cols
                && t.labelName.equals(labelName) && Arrays.equals(t.labels, labels) && t.classes.equals(classes)
                && Arrays.equals(t.targets, targets);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, featureNames, Arrays.hashCode(features), rows, cols, labelName,
                Arrays.hashCode(labels), classes, Arrays.hashCode(targets));
    }

    @Override
    public String toString() {
        return "CsvTable[" + source + ": " + rows + " rows × " + cols + " features " + featureNames + ", label '"
                + labelName + "' " + (isClassification() ? classes.size() + " classes " + classes : "(regression)")
                + "]";
    }
}
