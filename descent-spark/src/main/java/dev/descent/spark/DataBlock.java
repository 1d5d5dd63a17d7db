package dev.descent.spark;

import dev.descent.data.Dataset;
import java.io.Serializable;

/**
 * One partition's rows of a training set: rows [offset, offset + size) of the driver's set, as plain
 * arrays (what Spark serializes and caches), and the {@link Dataset} over them, made once per
 * executor JVM.
 */
final class DataBlock implements Serializable {

    private static final long serialVersionUID = 1L;

    final int offset;
    final int size;
    private final int featureCount;
    private final double[] features;
    private final int[] labels; // null for regression
    private final int classes;
    private final double[] targets; // null for classification
    private final int targetWidth;
    private transient Dataset data;

    private DataBlock(int offset, Dataset part) {
        this.offset = offset;
        this.size = part.size();
        this.featureCount = part.featureCount();
        this.features = part.featureArray();
        if (part.isClassification()) {
            labels = part.labels();
            classes = part.classes();
            targets = null;
            targetWidth = 0;
        } else {
            labels = null;
            classes = 0;
            targets = part.targets();
            targetWidth = part.targetWidth();
        }
        this.data = part;
    }

    private DataBlock(int offset, int size, int featureCount, double[] features, int[] labels, int classes,
            double[] targets, int targetWidth) {
        this.offset = offset;
        this.size = size;
        this.featureCount = featureCount;
        this.features = features;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /** A block of rows with labels, checked by the caller (may be empty). */
    static DataBlock classification(int offset, double[] features, int featureCount, int[] labels, int classes) {
        return new DataBlock(offset, labels.length, featureCount, features, labels, classes, null, 0);
    }

    /** A block of rows with targets, checked by the caller (may be empty). */
    static DataBlock regression(int offset, double[] features, int featureCount, double[] targets, int targetWidth) {
        return new DataBlock(offset, features.length / featureCount, featureCount, features, null, 0, targets,
                targetWidth);
    }

    /** Rows [from, to) of {@code all}, copied. */
    static DataBlock of(Dataset all, int from, int to) {
        int[] idx = new int[to - from];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = from + i;
        }
        return new DataBlock(from, all.subset(idx));
    }

    /**
     * The batch's rows that are in this block: for each batch position j (ascending) whose training row
     * {@code rows[j]} lies here, its local row and j. Returns how many.
     */
    int select(int[] rows, int[] local, int[] positions) {
        int count = 0;
        for (int j = 0; j < rows.length; j++) {
            int r = rows[j] - offset;
            if (r >= 0 && r < size) {
                local[count] = r;
                positions[count] = j;
                count++;
            }
        }
        return count;
    }

    /** The rows as a dataset (local row i is the training set's row offset + i); an empty block has none. */
    Dataset data() {
        if (size == 0) {
            throw new IllegalStateException("block at row " + offset + " is empty");
        }
        Dataset d = data;
        if (d == null) {
            d = labels != null ? Dataset.classification(features, featureCount, labels, classes)
                    : Dataset.regression(features, featureCount, targets, targetWidth);
            data = d;
        }
        return d;
    }
}
