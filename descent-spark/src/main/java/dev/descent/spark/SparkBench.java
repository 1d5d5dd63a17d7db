package dev.descent.spark;

import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.nn.Loss;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.SoftmaxRegression;
import dev.descent.train.GradientEngine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.spark.api.java.JavaSparkContext;

/**
 * What a synchronous round costs on a cluster, against the same batch gradient in this JVM, with
 * Spark's own floor beside it. The model is a softmax regression with d ≈ {@code params} parameters
 * (f = ⌈d/10⌉ − 1 features, 10 classes) on random rows, so that the vectors a round moves (θ out, one
 * gradient per partition back) have the size asked for.
 *
 * <pre>
 *   empty job     sc.parallelize(0 … P−1, P).count()                    Spark's floor per job
 *   round         SparkEngine session.run: broadcast θ, P tasks, treeAggregate of P gradients
 *   local         GradientEngine.LOCAL session.run on the same batch
 *   overhead      round − local                                          the fixed cost of going to Spark
 * </pre>
 */
public final class SparkBench {

    private SparkBench() {
    }

    /** Medians in seconds, and what was measured. */
    public record Result(String master, int partitions, int params, int batchRows, int repetitions, double emptyJob,
            double round, double local) {
        public double overhead() {
            return round - local;
        }
    }

    /**
     * Measures.
     *
     * @param params      d, at least 20
     * @param repetitions timed rounds of each kind (after as many warm-up rounds)
     */
    public static Result run(JavaSparkContext sc, int params, int partitions, int batchRows, int repetitions) {
        if (params < 20) {
            throw new IllegalArgumentException("--params = " + params + " must be >= 20");
        }
        if (batchRows < 1 || repetitions < 1 || partitions < 1) {
            throw new IllegalArgumentException("batch rows, repetitions and partitions must be >= 1");
        }
        int classes = 10;
        int features = Math.max(1, (params + classes - 1) / classes - 1);
        ModelObjective j = ModelObjective.of(SoftmaxRegression.of(features, classes), Loss.SOFTMAX_CROSS_ENTROPY);
        int rows = Math.max(batchRows, partitions) * 2;
        SplittableRandom rng = new SplittableRandom(1);
        double[] x = new double[rows * features];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = rng.nextInt(classes);
            for (int k = 0; k < features; k++) {
                x[i * features + k] = rng.nextGaussian();
            }
        }
        Dataset data = Dataset.classification(x, features, y, classes);
        double[] theta = j.model().init(1);
        double[] grad = new double[theta.length];
        int[] order = MiniBatches.order(rows, 1, 0);
        List<Integer> ids = new ArrayList<>();
        for (int p = 0; p < partitions; p++) {
            ids.add(p);
        }
        double[] empty = new double[repetitions];
        double[] round = new double[repetitions];
        double[] local = new double[repetitions];
        SparkEngine engine = SparkEngine.of(sc).withPartitions(partitions);
        try (GradientEngine.Session s = engine.open(j, Precision.F64, data, batchRows);
                GradientEngine.Session l = GradientEngine.LOCAL.open(j, Precision.F64, data, batchRows)) {
            for (int rep = -repetitions; rep < repetitions; rep++) { // the first half warms up
                long t0 = System.nanoTime();
                sc.parallelize(ids, partitions).count();
                long t1 = System.nanoTime();
                s.run(theta, order, 0, batchRows, grad, Mode.train(rep));
                long t2 = System.nanoTime();
                l.run(theta, order, 0, batchRows, grad, Mode.train(rep));
                long t3 = System.nanoTime();
                if (rep >= 0) {
                    empty[rep] = (t1 - t0) / 1e9;
                    round[rep] = (t2 - t1) / 1e9;
                    local[rep] = (t3 - t2) / 1e9;
                }
            }
        }
        return new Result(sc.master(), Math.min(partitions, rows), theta.length, batchRows, repetitions,
                median(empty), median(round), median(local));
    }

    static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }
}
