package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Loss;
import dev.descent.nn.LogisticRegression;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.optim.Sgd;
import dev.descent.optim.SpsMax;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * SPS_max in the trainer on a linearly separable logistic regression, where every minibatch loss
 * has infimum 0, so f_i* = 0 is exact (the interpolation setting of Loizou et al. 2021).
 */
class PolyakTrainingTest {

    /**
     * n points uniform in [−1, 1]², labelled by the side of the line x₀ + 2x₁ = 0.3, those within
     * 0.1 of it dropped: separable with a margin, so the loss can go to 0 and the accuracy to 1.
     */
    static Dataset separable(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; ) {
            double a = rng.nextDouble(-1, 1);
            double b = rng.nextDouble(-1, 1);
            double s = (a + 2 * b - 0.3) / Math.sqrt(5);
            if (Math.abs(s) < 0.1) {
                continue;
            }
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i++] = s > 0 ? 1 : 0;
        }
        return Dataset.classification(x, 2, y, 2);
    }

    static final Dataset TRAIN = separable(400, 1);
    static final Dataset TEST = separable(400, 2);

    @Test
    void spsMaxFitsTheSeparableDataWithNoLearningRate() {
        ModelObjective j = ModelObjective.of(LogisticRegression.of(2), Loss.LOGISTIC);
        TrainResult r = Trainer.of(j, SpsMax.defaults(), TrainConfig.of(20, 20, 3))
                .fit(j.model().init(3), TRAIN, null, TEST);
        History h = r.history();
        // measured: loss log 2 = 0.693 at θ = 0, 0.103 after epoch 1, 2.84e-5 after 20 epochs (400 steps);
        // train accuracy 100% from epoch 4 on, test accuracy 100%
        assertThat(h.get(0).trainLoss()).isLessThan(0.2);
        for (int e = 3; e < h.size(); e++) {
            assertThat(h.get(e).trainAccuracy()).as("epoch %d", e + 1).isEqualTo(1.0);
        }
        assertThat(r.train().loss()).as("%s", r.train()).isLessThan(1e-4);
        assertThat(r.train().accuracy()).isEqualTo(1.0);
        assertThat(r.test().accuracy()).as("%s", r.test()).isEqualTo(1.0);
        // SGD with lr 1 reaches 0.0426 in the same 400 steps: the Polyak step grows as the loss shrinks
        TrainResult sgd = Trainer.of(j, Sgd.of(1.0), TrainConfig.of(20, 20, 3)).fit(j.model().init(3), TRAIN, null, TEST);
        assertThat(sgd.train().loss()).isGreaterThan(100 * r.train().loss());
    }

    /** The trainer offers each minibatch's loss at θ: the same θ, bit for bit, as a loop passing it by hand. */
    @Test
    void theTrainerOffersTheMinibatchLoss() {
        ModelObjective j = ModelObjective.of(LogisticRegression.of(2), Loss.LOGISTIC);
        SpsMax sps = SpsMax.defaults().withMaxStep(50);
        long seed = 5;
        double[] theta = j.model().init(seed);
        double[] grad = new double[j.dimension()];
        TrainingPass pass = TrainingPass.of(j, Precision.F64, 25);
        SpsMax.State state = sps.init(j.model().layout());
        double largest = 0;
        for (int epoch = 0; epoch < 3; epoch++) {
            int k = 0;
            int[] order = MiniBatches.order(TRAIN.size(), seed, epoch);
            for (int from = 0; from < order.length; from += 25) { // the trainer's batches and pass
                double loss = pass.run(theta, TRAIN, order, from, Math.min(order.length, from + 25), grad, Mode.train(Seeds.derive(seed, epoch, k++))).value();
                sps.step(theta, loss, grad, state);
                largest = Math.max(largest, state.stepSize[0]);
            }
        }
        TrainResult r = Trainer.of(j, sps, TrainConfig.of(3, 25, seed)).fit(j.model().init(seed), TRAIN);
        assertThat(r.params()).isEqualTo(theta);
        assertThat(largest).as("the cap 50 binds on some minibatch").isEqualTo(50);
        Evaluation e = j.evaluate(theta, TRAIN);
        assertThat(e.accuracy()).isGreaterThan(0.95);
    }
}
