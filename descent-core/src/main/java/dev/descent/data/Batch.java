package dev.descent.data;

import dev.descent.autodiff.Tensor;

/**
 * A minibatch: m rows of features and their labels or targets, ready for a model's forward pass.
 *
 * <p>A batch is a transient value passed from a {@link Dataset} to a loss: its arrays are not
 * copied and nobody modifies them. A batch from {@link Dataset#slice} shares the dataset's memory;
 * one from {@link Dataset#rows} owns fresh arrays.
 *
 * @param features [m, d]
 * @param labels   m class indices for a classification set, else null
 * @param targets  [m, k] for a regression set, else null
 */
public record Batch(Tensor features, int[] labels, Tensor targets) {

    public Batch {
        if (features == null || features.rank() != 2) {
            throw new IllegalArgumentException("batch features must be a rank-2 tensor [rows, features], got "
                    + (features == null ? "null" : java.util.Arrays.toString(features.shape())));
        }
        int m = features.dim(0);
        if ((labels == null) == (targets == null)) {
            throw new IllegalArgumentException("a batch has either labels or targets (exactly one must be non-null)");
        }
        if (labels != null && labels.length != m) {
            throw new IllegalArgumentException("batch has " + m + " rows of features but " + labels.length + " labels");
        }
        if (targets != null && (targets.rank() != 2 || targets.dim(0) != m)) {
            throw new IllegalArgumentException("batch has " + m + " rows of features but targets of shape "
                    + java.util.Arrays.toString(targets.shape()));
        }
    }

    /** m, the number of rows. */
    public int size() {
        return features.dim(0);
    }

    /** True when the batch has class labels. */
    public boolean isClassification() {
        return labels != null;
    }
}
