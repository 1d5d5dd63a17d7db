package dev.descent.spark;

import dev.descent.data.RowSource;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.storage.StorageLevel;

/**
 * A training set that lives on the cluster and never passes through the driver: the rows of an RDD
 * (read by the executors from wherever the data are), gathered once into one block per partition and
 * cached. Training row i is row i of the RDD in partition order, so the trainer's seeded minibatches
 * are the same as over a {@link dev.descent.data.Dataset} of the same rows in the same order.
 *
 * <pre>{@code
 * JavaRDD<DistributedDataset.Labeled> rows = sc.textFile("hdfs://…/train/*.csv").map(MyParser::parse);
 * DistributedDataset train = DistributedDataset.classification(rows, 784, 10);
 * TrainResult r = trainer.withEngine(SparkEngine.of(sc)).fit(theta0, train, validation, test);
 * train.unpersist();
 * }</pre>
 *
 * <p>Building it runs two jobs: one counts each partition's rows (the offsets), one builds and caches
 * the blocks, checking every row (its width, finite features, its label in [0, classes)) and naming
 * the first bad one by partition and row. Empty partitions are allowed. Only {@link SparkEngine} and
 * {@link PartitionAveraging} train on it; a validation set is passed to the trainer (a validation
 * fraction splits in-memory sets only).
 */
public final class DistributedDataset implements RowSource {

    /** A row with a class label. */
    public record Labeled(double[] features, int label) implements Serializable {
    }

    /** A row with real targets. */
    public record Targets(double[] features, double[] targets) implements Serializable {
    }

    private final JavaRDD<DataBlock> blocks;
    private final int size;
    private final int featureCount;
    private final int classes;
    private final int targetWidth;
    private final int partitions;

    private DistributedDataset(JavaRDD<DataBlock> blocks, int size, int featureCount, int classes, int targetWidth,
            int partitions) {
        this.blocks = blocks;
        this.size = size;
        this.featureCount = featureCount;
        this.classes = classes;
        this.targetWidth = targetWidth;
        this.partitions = partitions;
    }

    /**
     * The rows of {@code rows} with labels in [0, classes), cached in its partitions.
     *
     * @throws IllegalArgumentException naming the partition and row of the first bad row, or for no rows
     */
    public static DistributedDataset classification(JavaRDD<Labeled> rows, int featureCount, int classes) {
        if (featureCount < 1 || classes < 2) {
            throw new IllegalArgumentException("featureCount = " + featureCount + " must be >= 1 and classes = "
                    + classes + " >= 2");
        }
        long[] offsets = offsets(rows);
        JavaRDD<DataBlock> blocks = rows.mapPartitionsWithIndex((p, it) -> {
            List<double[]> x = new ArrayList<>();
            List<Integer> y = new ArrayList<>();
            while (it.hasNext()) {
                Labeled r = it.next();
                check(p, x.size(), r.features(), featureCount);
                if (r.label() < 0 || r.label() >= classes) {
                    throw new IllegalArgumentException("partition " + p + ", row " + x.size() + ": label "
                            + r.label() + " is outside [0, " + classes + ")");
                }
                x.add(r.features());
                y.add(r.label());
            }
            int[] labels = y.stream().mapToInt(Integer::intValue).toArray();
            return Collections.singletonList(DataBlock.classification((int) offsets[p], flatten(x, featureCount),
                    featureCount, labels, classes)).iterator();
        }, true).setName("descent distributed training set").persist(StorageLevel.MEMORY_ONLY());
        return built(blocks, offsets, featureCount, classes, 0);
    }

    /**
     * The rows of {@code rows} with {@code targetWidth} real targets each, cached in its partitions.
     *
     * @throws IllegalArgumentException naming the partition and row of the first bad row, or for no rows
     */
    public static DistributedDataset regression(JavaRDD<Targets> rows, int featureCount, int targetWidth) {
        if (featureCount < 1 || targetWidth < 1) {
            throw new IllegalArgumentException("featureCount = " + featureCount + " and targetWidth = " + targetWidth
                    + " must be >= 1");
        }
        long[] offsets = offsets(rows);
        JavaRDD<DataBlock> blocks = rows.mapPartitionsWithIndex((p, it) -> {
            List<double[]> x = new ArrayList<>();
            List<double[]> t = new ArrayList<>();
            while (it.hasNext()) {
                Targets r = it.next();
                check(p, x.size(), r.features(), featureCount);
                if (r.targets() == null || r.targets().length != targetWidth) {
                    throw new IllegalArgumentException("partition " + p + ", row " + x.size() + ": "
                            + (r.targets() == null ? "no" : r.targets().length) + " targets, expected " + targetWidth);
                }
                for (int k = 0; k < targetWidth; k++) {
                    if (!Double.isFinite(r.targets()[k])) {
                        throw new IllegalArgumentException("partition " + p + ", row " + x.size() + ": target " + k
                                + " = " + r.targets()[k] + " is not finite");
                    }
                }
                x.add(r.features());
                t.add(r.targets());
            }
            return Collections.singletonList(DataBlock.regression((int) offsets[p], flatten(x, featureCount),
                    featureCount, flatten(t, targetWidth), targetWidth)).iterator();
        }, true).setName("descent distributed training set").persist(StorageLevel.MEMORY_ONLY());
        return built(blocks, offsets, featureCount, 0, targetWidth);
    }

    private static long[] offsets(JavaRDD<?> rows) {
        List<Long> counts = rows.mapPartitions(it -> {
            long c = 0;
            while (it.hasNext()) {
                it.next();
                c++;
            }
            return Collections.singletonList(c).iterator();
        }, true).collect();
        long[] offsets = new long[counts.size() + 1];
        for (int p = 0; p < counts.size(); p++) {
            offsets[p + 1] = offsets[p] + counts.get(p);
        }
        if (offsets[counts.size()] == 0) {
            throw new IllegalArgumentException("the RDD has no rows; a training set needs at least one");
        }
        if (offsets[counts.size()] > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("the RDD has " + offsets[counts.size()] + " rows; at most "
                    + Integer.MAX_VALUE + " are supported");
        }
        return offsets;
    }

    private static DistributedDataset built(JavaRDD<DataBlock> blocks, long[] offsets, int d, int classes, int k) {
        blocks.count(); // build and check every block now, not inside the first step
        return new DistributedDataset(blocks, (int) offsets[offsets.length - 1], d, classes, k, offsets.length - 1);
    }

    private static void check(int p, int row, double[] x, int d) {
        if (x == null || x.length != d) {
            throw new IllegalArgumentException("partition " + p + ", row " + row + ": " + (x == null ? "no"
                    : x.length) + " features, expected " + d);
        }
        for (int j = 0; j < d; j++) {
            if (!Double.isFinite(x[j])) {
                throw new IllegalArgumentException("partition " + p + ", row " + row + ": feature " + j + " = " + x[j]
                        + " is not finite");
            }
        }
    }

    private static double[] flatten(List<double[]> rows, int width) {
        double[] out = new double[rows.size() * width];
        for (int i = 0; i < rows.size(); i++) {
            System.arraycopy(rows.get(i), 0, out, i * width, width);
        }
        return out;
    }

    /** The cached blocks, one per partition (for the engines). */
    JavaRDD<DataBlock> blocks() {
        return blocks;
    }

    /** The RDD's partitions (some may be empty). */
    public int partitions() {
        return partitions;
    }

    /** Drops the cached blocks from the executors' memory. */
    public void unpersist() {
        blocks.unpersist(false);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public int featureCount() {
        return featureCount;
    }

    @Override
    public boolean isClassification() {
        return classes > 0;
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public int targetWidth() {
        return targetWidth;
    }

    @Override
    public String toString() {
        return "DistributedDataset[" + size + " rows × " + featureCount + " features, " + (classes > 0 ? classes
                + " classes" : targetWidth + " targets") + ", " + partitions + " partitions]";
    }
}
