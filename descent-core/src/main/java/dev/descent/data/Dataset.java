package dev.descent.data;

import dev.descent.autodiff.Tensor;
import java.util.Arrays;

/**
 * An immutable, in-memory set of examples: n rows of d features (one dense row-major
 * {@code double[]}), with either integer class labels (classification) or real targets
 * (regression).
 *
 * <pre>{@code
 * Dataset blobs = Dataset.classification(features, 2, labels, 3);   // n × 2 features, 3 classes
 * Batch b = blobs.rows(new int[] {4, 0, 7});                         // gathered copies
 * Batch chunk = blobs.slice(0, 1000);                                // zero-copy views
 * }</pre>
 *
 * <h2>Contracts</h2>
 * <ul>
 *   <li>The factories copy their arrays and check them: at least one row, d ≥ 1, every feature
 *       and target finite, every label in {@code [0, classes)}. The message names the offending
 *       element, e.g. {@code feature (row 3, column 1) = NaN is not finite}.</li>
 *   <li>Nothing modifies a dataset after construction. {@link #rows} copies the selected rows into
 *       fresh arrays; {@link #slice} and {@link #features(int, int)} return views of the dataset's
 *       own memory, which the caller must not write to.</li>
 *   <li>Memory: 8·n·d bytes for the features (MNIST's 60 000 × 784 training images take 376 MB),
 *       plus 4·n (labels) or 8·n·k (targets).</li>
 * </ul>
 */
public final class Dataset implements RowSource {

    private final int size;
    private final int featureCount;
    private final double[] features;
    /** The features rounded to float, made by the first float gather (float32 training reads half the bytes). */
    private volatile float[] features32;
    private final int[] labels;
    private final int classes;
    private final double[] targets;
    private final int targetWidth;

    /** No copy, no check: callers own fresh, valid arrays. */
    private Dataset(int size, int featureCount, double[] features, int[] labels, int classes, double[] targets,
            int targetWidth) {
        this.size = size;
        this.featureCount = featureCount;
        this.features = features;
        this.labels = labels;
        this.classes = classes;
        this.targets = targets;
        this.targetWidth = targetWidth;
    }

    /**
     * A classification set.
     *
     * @param features     not modified (copied): n × d values, row-major
     * @param featureCount d ≥ 1; n = features.length / d
     * @param labels       not modified (copied): n class indices in {@code [0, classes)}
     * @param classes      the number of classes, ≥ 2
     */
    public static Dataset classification(double[] features, int featureCount, int[] labels, int classes) {
        int n = rowCount(features, featureCount);
        if (classes < 2) {
            throw new IllegalArgumentException("classes = " + classes + " must be >= 2");
        }
        if (labels.length != n) {
            throw new IllegalArgumentException("labels has length " + labels.length + " but there are " + n
                    + " rows of features");
        }
        checkFinite(features, featureCount, "feature");
        checkLabels(labels, classes);
        return new Dataset(n, featureCount, features.clone(), labels.clone(), classes, null, 0);
    }

    /** A classification set from rows of equal length (copied). */
    public static Dataset classification(double[][] rows, int[] labels, int classes) {
        return classification(flatten(rows), rows.length == 0 ? 1 : rows[0].length, labels, classes);
    }

    /**
     * A regression set with k targets per row.
     *
     * @param features     not modified (copied): n × d values, row-major
     * @param featureCount d ≥ 1; n = features.length / d
     * @param targets      not modified (copied): n × k values, row-major
     * @param targetWidth  k ≥ 1, targets per row
     */
    public static Dataset regression(double[] features, int featureCount, double[] targets, int targetWidth) {
        int n = rowCount(features, featureCount);
        if (targetWidth < 1) {
            throw new IllegalArgumentException("targetWidth = " + targetWidth + " must be >= 1");
        }
        if ((long) n * targetWidth != targets.length) {
            throw new IllegalArgumentException("targets has length " + targets.length + " but " + n + " rows × "
                    + targetWidth + " targets need " + (long) n * targetWidth);
        }
        checkFinite(features, featureCount, "feature");
        checkFinite(targets, targetWidth, "target");
        return new Dataset(n, featureCount, features.clone(), null, 0, targets.clone(), targetWidth);
    }

    /** A regression set with one target per row, from rows of equal length (copied). */
    public static Dataset regression(double[][] rows, double[] targets) {
        return regression(flatten(rows), rows.length == 0 ? 1 : rows[0].length, targets, 1);
    }

    /** For readers in this package: takes ownership of fresh arrays, checks only the labels. */
    static Dataset ownClassification(double[] features, int featureCount, int[] labels, int classes) {
        checkLabels(labels, classes);
        return new Dataset(labels.length, featureCount, features, labels, classes, null, 0);
    }

    /** n, the number of rows (examples). */
    @Override
    public int size() {
        return size;
    }

    /** d, the number of features per row. */
    @Override
    public int featureCount() {
        return featureCount;
    }

    /** True for integer class labels, false for real targets. */
    @Override
    public boolean isClassification() {
        return labels != null;
    }

    /** The number of classes (0 for a regression set). */
    @Override
    public int classes() {
        return classes;
    }

    /** k, targets per row (0 for a classification set). */
    @Override
    public int targetWidth() {
        return targetWidth;
    }

    /** Feature {@code column} of row {@code row}. */
    public double feature(int row, int column) {
        checkRow(row);
        if (column < 0 || column >= featureCount) {
            throw new IndexOutOfBoundsException("column " + column + " is outside [0, " + featureCount + ")");
        }
        return features[row * featureCount + column];
    }

    /** The class label of row {@code row}. */
    public int label(int row) {
        requireClassification("label");
        checkRow(row);
        return labels[row];
    }

    /** Target {@code column} of row {@code row}. */
    public double target(int row, int column) {
        requireRegression("target");
        checkRow(row);
        if (column < 0 || column >= targetWidth) {
            throw new IndexOutOfBoundsException("column " + column + " is outside [0, " + targetWidth + ")");
        }
        return targets[row * targetWidth + column];
    }

    /** A copy of row {@code row}'s features. */
    public double[] row(int row) {
        checkRow(row);
        return Arrays.copyOfRange(features, row * featureCount, (row + 1) * featureCount);
    }

    /** The features array itself, not copied: for this package's transforms, which only read it. */
    double[] rawFeatures() {
        return features;
    }

    /** A copy of all features, n × d row-major. */
    public double[] featureArray() {
        return features.clone();
    }

    /** A copy of the labels. */
    public int[] labels() {
        requireClassification("labels");
        return labels.clone();
    }

    /** A copy of the targets, n × k row-major. */
    public double[] targets() {
        requireRegression("targets");
        return targets.clone();
    }

    /** How many rows have each label, indexed by class. */
    public int[] classCounts() {
        requireClassification("classCounts");
        int[] counts = new int[classes];
        for (int y : labels) {
            counts[y]++;
        }
        return counts;
    }

    /**
     * Rows {@code [from, to)} as a tensor [to − from, d]: a zero-copy view of the dataset's memory,
     * not to be written to.
     */
    public Tensor features(int from, int to) {
        checkRange(from, to);
        return Tensor.view(features, from * featureCount, to - from, featureCount);
    }

    /**
     * The contiguous rows {@code [from, to)} as a batch, without copying features or targets (views
     * of the dataset's memory) — the cheap way to evaluate a large set chunk by chunk. The labels
     * are a fresh copy of the range.
     */
    public Batch slice(int from, int to) {
        checkRange(from, to);
        Tensor x = features(from, to);
        if (labels != null) {
            return new Batch(x, Arrays.copyOfRange(labels, from, to), null);
        }
        return new Batch(x, null, Tensor.view(targets, from * targetWidth, to - from, targetWidth));
    }

    /**
     * Copies the features of rows {@code idx[from] … idx[to − 1]} into {@code out} from
     * {@code offset}, row after row: the allocation-free gather of a training pass.
     *
     * @param idx not modified
     * @param out modified: (to − from)·d elements from {@code offset}
     */
    public void gatherFeatures(int[] idx, int from, int to, double[] out, int offset) {
        checkGather(idx, from, to, out.length, offset);
        for (int i = from; i < to; i++) {
            System.arraycopy(features, idx[i] * featureCount, out, offset + (i - from) * featureCount, featureCount);
        }
    }

    /**
     * {@link #gatherFeatures(int[], int, int, double[], int)} rounded to float. The first call makes a
     * float copy of all features (4 bytes per value, kept with the dataset), so that a float32
     * training run gathers half the bytes of a double one.
     */
    public void gatherFeatures(int[] idx, int from, int to, float[] out, int offset) {
        checkGather(idx, from, to, out.length, offset);
        float[] f = floatFeatures();
        for (int i = from; i < to; i++) {
            System.arraycopy(f, idx[i] * featureCount, out, offset + (i - from) * featureCount, featureCount);
        }
    }

    private float[] floatFeatures() {
        float[] f = features32;
        if (f == null) {
            synchronized (this) {
                f = features32;
                if (f == null) {
                    f = new float[features.length];
                    for (int i = 0; i < f.length; i++) {
                        f[i] = (float) features[i];
                    }
                    features32 = f;
                }
            }
        }
        return f;
    }

    private void checkGather(int[] idx, int from, int to, int outLength, int offset) {
        if (from < 0 || to > idx.length || from > to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") is not a range of an index array of"
                    + " length " + idx.length);
        }
        if (offset < 0 || offset + (long) (to - from) * featureCount > outLength) {
            throw new IllegalArgumentException("gathering " + (to - from) + " rows of " + featureCount + " features"
                    + " from offset " + offset + " overruns an output of length " + outLength);
        }
        for (int i = from; i < to; i++) {
            checkRow(idx[i]);
        }
    }

    /** The rows {@code idx} (in that order, repeats allowed) gathered into a fresh batch. {@code idx} is not modified. */
    public Batch rows(int[] idx) {
        return rows(idx, 0, idx.length);
    }

    /**
     * The rows {@code idx[from] … idx[to − 1]} gathered into a fresh batch: the minibatch
     * {@code [from, to)} of an epoch's order, without copying the order.
     *
     * @param idx not modified
     */
    public Batch rows(int[] idx, int from, int to) {
        if (from < 0 || to > idx.length || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") is not a non-empty range of an index"
                    + " array of length " + idx.length);
        }
        int m = to - from;
        double[] x = new double[m * featureCount];
        for (int i = 0; i < m; i++) {
            int r = idx[from + i];
            checkRow(r);
            System.arraycopy(features, r * featureCount, x, i * featureCount, featureCount);
        }
        Tensor xt = Tensor.view(x, 0, m, featureCount);
        if (labels != null) {
            int[] y = new int[m];
            for (int i = 0; i < m; i++) {
                y[i] = labels[idx[from + i]];
            }
            return new Batch(xt, y, null);
        }
        double[] t = new double[m * targetWidth];
        for (int i = 0; i < m; i++) {
            System.arraycopy(targets, idx[from + i] * targetWidth, t, i * targetWidth, targetWidth);
        }
        return new Batch(xt, null, Tensor.view(t, 0, m, targetWidth));
    }

    /** A new dataset of the rows {@code idx}, in that order (repeats allowed). {@code idx} is not modified. */
    public Dataset subset(int[] idx) {
        if (idx.length == 0) {
            throw new IllegalArgumentException("subset: the index array is empty; a dataset needs at least one row");
        }
        Batch b = rows(idx);
        double[] x = b.features().data();
        if (labels != null) {
            return new Dataset(idx.length, featureCount, x, b.labels(), classes, null, 0);
        }
        return new Dataset(idx.length, featureCount, x, null, 0, b.targets().data(), targetWidth);
    }

    /** The same labels or targets with these features (n × d, fresh, owned): for transforms in this package. */
    Dataset withFeatures(double[] newFeatures) {
        return new Dataset(size, featureCount, newFeatures, labels, classes, targets, targetWidth);
    }

    /** Every feature multiplied by {@code factor} (e.g. 1/255 for pixels); a new dataset. */
    public Dataset scaled(double factor) {
        if (!Double.isFinite(factor)) {
            throw new IllegalArgumentException("factor = " + factor + " is not finite");
        }
        double[] x = new double[features.length];
        for (int i = 0; i < x.length; i++) {
            x[i] = features[i] * factor;
        }
        return withFeatures(x);
    }

    /** For example {@code Dataset[60000 × 784, 10 classes]} or {@code Dataset[100 × 3, 1 target]}. */
    @Override
    public String toString() {
        return "Dataset[" + size + " × " + featureCount + ", "
                + (labels != null ? classes + " classes" : targetWidth + (targetWidth == 1 ? " target" : " targets"))
                + "]";
    }

    // ---- checks ----

    private static int rowCount(double[] features, int featureCount) {
        if (featureCount < 1) {
            throw new IllegalArgumentException("featureCount = " + featureCount + " must be >= 1");
        }
        if (features.length == 0) {
            throw new IllegalArgumentException("a dataset needs at least one row; features is empty");
        }
        if (features.length % featureCount != 0) {
            throw new IllegalArgumentException("features has length " + features.length
                    + ", not a multiple of featureCount = " + featureCount);
        }
        return features.length / featureCount;
    }

    private static void checkFinite(double[] values, int width, String what) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(what + " (row " + i / width + ", column " + i % width + ") = "
                        + values[i] + " is not finite");
            }
        }
    }

    private static void checkLabels(int[] labels, int classes) {
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classes) {
                throw new IllegalArgumentException("label[" + i + "] = " + labels[i] + " is outside [0, " + classes
                        + ")");
            }
        }
    }

    private static double[] flatten(double[][] rows) {
        if (rows.length == 0) {
            return new double[0];
        }
        int d = rows[0].length;
        double[] x = new double[rows.length * d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException("row " + i + " has length " + rows[i].length + " but row 0 has "
                        + d);
            }
            System.arraycopy(rows[i], 0, x, i * d, d);
        }
        return x;
    }

    private void checkRow(int row) {
        if (row < 0 || row >= size) {
            throw new IndexOutOfBoundsException("row " + row + " is outside [0, " + size + ")");
        }
    }

    private void checkRange(int from, int to) {
        if (from < 0 || to > size || from >= to) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") is not a non-empty range of [0, "
                    + size + ")");
        }
    }

    private void requireClassification(String what) {
        if (labels == null) {
            throw new IllegalStateException(what + ": this is a regression set (real targets), not a classification set");
        }
    }

    private void requireRegression(String what) {
        if (targets == null) {
            throw new IllegalStateException(what + ": this is a classification set (class labels), not a regression set");
        }
    }
}
