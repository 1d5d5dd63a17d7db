package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Dataset;
import dev.descent.io.CheckpointDirectory;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.Regularizer;
import dev.descent.nn.SoftmaxRegression;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.problem.Objective;
import dev.descent.train.Checkpoint;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.api.java.JavaSparkContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Spark training against local training: the same parameters to summation-order rounding, the same
 * bits on every Spark run (any partition count's tree, a retried task), resume from a checkpoint.
 */
class SparkEngineTest {

    /** local[2, 4]: two threads, a failed task retried up to 4 times. */
    static JavaSparkContext sc;

    @BeforeAll
    static void start() {
        sc = SparkTesting.context();
    }

    /** Three Gaussian blobs in 10 dimensions. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        int d = 10;
        double[] x = new double[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = rng.nextInt(3);
            for (int j = 0; j < d; j++) {
                x[i * d + j] = rng.nextGaussian() + (j % 3 == y[i] ? 2 : 0);
            }
        }
        return Dataset.classification(x, d, y, 3);
    }

    static ModelObjective mlp() {
        return ModelObjective.of(Mlp.of(Activation.RELU, 10, 32, 16, 3).withDropout(0.1), Loss.SOFTMAX_CROSS_ENTROPY)
                .withRegularizer(new Regularizer.L2(1e-4));
    }

    static double maxRelative(double[] a, double[] b) {
        double worst = 0;
        for (int i = 0; i < a.length; i++) {
            worst = Math.max(worst, Math.abs(a[i] - b[i]) / Math.max(1e-3, Math.abs(b[i])));
        }
        return worst;
    }

    /** 50 Adam steps (dropout, L2, batches split across 3 partitions) equal local training to 1e-12. */
    @ParameterizedTest
    @EnumSource(Precision.class)
    void fiftyStepsEqualLocalTrainingToSummationOrder(Precision p) {
        Dataset train = blobs(1000, 1);
        Dataset test = blobs(300, 2);
        ModelObjective j = mlp();
        TrainConfig c = TrainConfig.of(10, 100, 7).withMaxSteps(50).withPrecision(p);
        Trainer local = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-2)"), c);
        TrainResult l = local.fit(j.model().init(7), train, null, test);
        SparkEngine engine = SparkEngine.of(sc).withPartitions(3);
        TrainResult s = local.withEngine(engine).fit(j.model().init(7), train, null, test);
        assertThat(s.position().globalStep()).isEqualTo(50);
        double tol = p == Precision.F64 ? 1e-12 : 1e-5; // float32 rounds each partial sum to float first
        assertThat(maxRelative(s.params(), l.params())).as("%s: max relative difference", p).isLessThan(tol);
        assertThat(s.params()).isNotEqualTo(j.model().init(7));
        assertThat(s.history().batchValues()[49]).isCloseTo(l.history().batchValues()[49],
                org.assertj.core.data.Offset.offset(tol));
        assertThat(s.train().accuracy()).isEqualTo(local.objective().evaluate(s.params(), train).accuracy());
        assertThat(s.train().loss()).isCloseTo(local.objective().evaluate(s.params(), train).loss(),
                org.assertj.core.data.Offset.offset(1e-12));
        assertThat(s.test().accuracy()).isGreaterThan(0.9);
    }

    /** The same bits on every run and for any tree depth: the sums are added in a fixed tree order. */
    @Test
    void theSameBitsForAnyTreeDepthAndRun() {
        Dataset train = blobs(700, 3);
        ModelObjective j = mlp();
        Trainer t = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-2)"), TrainConfig.of(1, 64, 3).withMaxSteps(8));
        SparkEngine five = SparkEngine.of(sc).withPartitions(5);
        double[] a = t.withEngine(five).fit(j.model().init(3), train).params();
        double[] b = t.withEngine(five.withTreeDepth(3)).fit(j.model().init(3), train).params();
        double[] c = t.withEngine(five.withTreeDepth(1)).fit(j.model().init(3), train).params();
        assertThat(b).isEqualTo(a);
        assertThat(c).isEqualTo(a);
    }

    /** A task that fails once is retried by Spark (local[2,4]) and the run's θ is unchanged, bit for bit. */
    @Test
    void aFailedTaskIsRetriedAndTheResultIsUnchanged() {
        Dataset train = blobs(800, 4);
        ModelObjective j = mlp();
        Trainer t = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-2)"), TrainConfig.of(1, 100, 4).withMaxSteps(8));
        SparkEngine engine = SparkEngine.of(sc).withPartitions(4);
        double[] clean = t.withEngine(engine).fit(j.model().init(4), train).params();
        FailOnce.failures.set(0);
        SparkEngine failing = engine.withTaskHook(new FailOnce(5, 2));
        double[] retried = t.withEngine(failing).fit(j.model().init(4), train).params();
        assertThat(FailOnce.failures.get()).as("the injected failure happened").isEqualTo(1);
        assertThat(retried).isEqualTo(clean);
    }

    /** A task that fails on every attempt ends the run with the round and the cause named; no step is taken. */
    @Test
    void aRoundThatSparkGivesUpOnEndsTheRunNamingIt() {
        Dataset train = blobs(400, 8);
        ModelObjective j = mlp();
        Trainer t = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-2)"), TrainConfig.of(1, 100, 4));
        SparkEngine failing = SparkEngine.of(sc).withPartitions(2).withTaskHook((p, round, attempt) -> {
            if (round == 3 && p == 1) {
                throw new IllegalStateException("disk on fire");
            }
        });
        assertThatThrownBy(() -> t.withEngine(failing).fit(j.model().init(4), train))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Spark round 3 failed")
                .hasMessageContaining("disk on fire");
    }

    /** Fails the first attempt of one partition's task in one round. */
    record FailOnce(long round, int partition) implements TaskHook {
        static final AtomicInteger failures = new AtomicInteger();

        @Override
        public void beforeTask(int p, long r, int attempt) {
            if (r == round && p == partition && attempt == 0) {
                failures.incrementAndGet();
                throw new IllegalStateException("injected failure of partition " + p + " in round " + r);
            }
        }
    }

    /** A Spark run's checkpoint (safetensors, from the driver) resumes bit for bit on Spark. */
    @Test
    void aCheckpointResumesBitForBit(@TempDir Path dir) throws Exception {
        Dataset train = blobs(600, 5);
        ModelObjective j = mlp();
        TrainConfig c = TrainConfig.of(2, 100, 5).withCheckpointEverySteps(4);
        SparkEngine engine = SparkEngine.of(sc).withPartitions(3);
        Trainer t = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-2) | clip_global_norm(1)"), c).withEngine(engine);
        CheckpointDirectory ckpts = CheckpointDirectory.open(dir, 10);
        TrainResult full = t.withCheckpoints(ckpts::save).fit(j.model().init(5), train);
        // a run that stopped after 7 steps: its latest checkpoint is step 4
        Path stopped = dir.resolve("stopped");
        CheckpointDirectory partial = CheckpointDirectory.open(stopped, 10);
        t.withConfig(c.withMaxSteps(7)).withCheckpoints(partial::save).fit(j.model().init(5), train);
        Checkpoint at7 = partial.latest(t.layout(), t.stateTemplate(), CheckpointDirectory.OnCorrupt.REFUSE)
                .orElseThrow().checkpoint();
        assertThat(at7.position().globalStep()).isEqualTo(7);
        TrainResult resumed = t.resume(at7, train);
        assertThat(resumed.params()).isEqualTo(full.params());
        assertThat(resumed.history().batchValues()).isEqualTo(full.history().batchValues());
    }

    /** The full-batch objective on the cluster: L-BFGS reaches the local full-batch optimum. */
    @Test
    void lbfgsOnTheDistributedFullBatchObjective() {
        Dataset train = blobs(900, 6);
        ModelObjective j = ModelObjective.of(SoftmaxRegression.of(10, 3), Loss.SOFTMAX_CROSS_ENTROPY)
                .withRegularizer(new Regularizer.L2(1e-2));
        Objective local = j.fullBatch(train);
        double[] x = j.model().init(1);
        double[] gl = new double[x.length];
        double[] gs = new double[x.length];
        try (SparkEngine.SparkSession session = SparkEngine.of(sc).withPartitions(4).open(j, Precision.F64, train,
                128)) {
            Objective distributed = session.objective();
            double vl = local.valueAndGradient(x, gl);
            double vs = distributed.valueAndGradient(x, gs);
            assertThat(vs).isCloseTo(vl, org.assertj.core.data.Offset.offset(1e-13));
            assertThat(maxRelative(gs, gl)).isLessThan(1e-12);
            Minimizer<?> lbfgs = new Minimizer<>(Lbfgs.defaults(), StoppingCriterion.anyOf(new GradientNorm(1e-9),
                    new MaxIterations(500)));
            Result rl = lbfgs.minimize(local, x);
            Result rs = lbfgs.minimize(distributed, x);
            assertThat(rl.gradientNorm()).isLessThan(1e-9);
            assertThat(rs.gradientNorm()).isLessThan(1e-9);
            assertThat(rs.value()).isCloseTo(rl.value(), org.assertj.core.data.Offset.offset(1e-12));
            assertThat(maxRelative(rs.point(), rl.point())).isLessThan(1e-6);
        }
    }

    @Test
    void aModelThatIsNotSequentialIsRefusedNamingIt() {
        Dataset train = blobs(100, 7);
        ModelObjective j = ModelObjective.of(new NotSequential(), Loss.SOFTMAX_CROSS_ENTROPY);
        assertThatThrownBy(() -> SparkEngine.of(sc).open(j, Precision.F64, train, 32))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("Sequential").hasMessageContaining(NotSequential.class.getName());
    }
}
