package dev.descent.data;

/**
 * A set of examples a trainer can train on, described by its size and shape: n rows of d
 * features with class labels or real targets. {@link Dataset} is the in-memory one; descent-spark's
 * {@code DistributedDataset} keeps its rows in a Spark cluster's partitions, where only its engine
 * reads them.
 */
public interface RowSource {

    /** n, the number of rows. */
    int size();

    /** d, the features per row. */
    int featureCount();

    /** True for integer class labels, false for real targets. */
    boolean isClassification();

    /** The number of classes (0 for real targets). */
    int classes();

    /** k, targets per row (0 for class labels). */
    int targetWidth();
}
