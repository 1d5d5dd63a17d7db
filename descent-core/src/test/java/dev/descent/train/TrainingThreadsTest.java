package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Dataset;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.optim.Adam;
import dev.descent.parallel.Parallel;
import java.util.SplittableRandom;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Training gives the same run, bit for bit, on 1, 2 and 4 threads, in both precisions: batches of
 * 200 rows are four shards (three of 64, one of 8) whatever the thread count, with dropout on.
 */
class TrainingThreadsTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Parallel.availableProcessors());
    }

    /** Three Gaussian blobs in 10 dimensions, 1 000 rows. */
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

    @ParameterizedTest
    @EnumSource(Precision.class)
    void theSameParametersAndHistoryOnOneTwoAndFourThreads(Precision p) {
        Dataset train = blobs(1000, 1);
        Dataset test = blobs(300, 2);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 10, 32, 16, 3).withDropout(0.1),
                Loss.SOFTMAX_CROSS_ENTROPY);
        TrainConfig c = TrainConfig.of(3, 200, 7).withPrecision(p);
        TrainResult first = null;
        for (int threads : new int[] {1, 2, 4}) {
            Parallel.setThreads(threads);
            TrainResult r = Trainer.of(j, Adam.of(0.01), c).fit(j.model().init(7), train, null, test);
            if (first == null) {
                first = r;
                assertThat(r.test().accuracy()).as("%s learns the blobs", p).isGreaterThan(0.9);
            } else {
                assertThat(r.params()).as("%s on %d threads", p, threads).isEqualTo(first.params());
                assertThat(r.history().batchValues()).isEqualTo(first.history().batchValues());
            }
        }
    }

    /** A float32 run's checkpoint says so, resumes bit for bit in float32 and is refused in float64. */
    @Test
    void checkpointsRecordThePrecision() {
        Dataset train = blobs(600, 3);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.TANH, 10, 16, 3), Loss.SOFTMAX_CROSS_ENTROPY);
        TrainConfig c = TrainConfig.of(2, 128, 5).withPrecision(Precision.F32).withCheckpointEverySteps(3);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        Trainer f32 = Trainer.of(j, Adam.of(0.01), c);
        TrainResult full = f32.withCheckpoints(sink).fit(j.model().init(5), train);
        Checkpoint at3 = sink.atStep(3);
        assertThat(TrainConfig.parseText(at3.metadata().get(Checkpoint.CONFIG))).containsEntry("precision", "f32");
        assertThat(f32.resume(at3, train).params()).isEqualTo(full.params());
        Trainer f64 = Trainer.of(j, Adam.of(0.01), c.withPrecision(Precision.F64));
        assertThatThrownBy(() -> f64.resume(at3, train)).hasMessageContaining(
                "it was written with precision = f32, this run has precision = f64");
        TrainResult double64 = f64.fit(j.model().init(5), train);
        assertThat(double64.params()).isNotEqualTo(full.params()); // the precision changes the bits
    }
}
