package dev.descent.bench;

import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.optim.Adam;
import dev.descent.parallel.Parallel;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One training step of the MLP 784-128-10 (ReLU, softmax cross-entropy) at batch 128: the
 * {@link TrainingPass} (gather, forward, loss, backward over 64-row shards, the shards' sum) and an
 * Adam step, walking the batches of a shuffled epoch, on synthetic MNIST-shaped data (60 000 rows
 * of 784 features in [0, 1), four in five of them zero as in MNIST; labels 0–9, seeded), in each
 * precision and thread count. Average time per step; an epoch is 469 steps.
 *
 * <pre>{@code
 * java -jar descent-bench/target/benchmarks.jar TrainingStep -f 1 -wi 3 -i 5
 * }</pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
@State(Scope.Thread)
public class TrainingStepBenchmark {

    @Param({"f64", "f32"})
    public String precision;

    @Param({"1", "2"})
    public int threads;

    private static final int ROWS = 60_000;
    private static final int BATCH = 128;

    private TrainingPass pass;
    private Adam adam;
    private Adam.State state;
    private Dataset data;
    private double[] theta;
    private double[] grad;
    private int[] order;
    private int from;
    private int epoch;

    @Setup(Level.Trial)
    public void setUp() {
        Parallel.setThreads(threads);
        SplittableRandom rng = new SplittableRandom(20261204L);
        double[] x = new double[ROWS * 784];
        int[] y = new int[ROWS];
        for (int i = 0; i < x.length; i++) {
            x[i] = rng.nextDouble() < 0.2 ? rng.nextDouble() : 0;
        }
        for (int i = 0; i < ROWS; i++) {
            y[i] = rng.nextInt(10);
        }
        data = Dataset.classification(x, 784, y, 10);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 784, 128, 10), Loss.SOFTMAX_CROSS_ENTROPY);
        pass = TrainingPass.of(j, Precision.parse(precision), BATCH);
        adam = Adam.of(1e-3);
        state = adam.init(j.model().layout());
        theta = j.model().init(1);
        grad = new double[theta.length];
        order = MiniBatches.order(ROWS, 1, 0);
    }

    @Benchmark
    public double step() {
        if (from >= ROWS) {
            from = 0;
            order = MiniBatches.order(ROWS, 1, ++epoch);
        }
        int to = Math.min(ROWS, from + BATCH);
        double value = pass.run(theta, data, order, from, to, grad, dev.descent.nn.Mode.EVAL).value();
        adam.step(theta, grad, state);
        from = to;
        return value;
    }
}
