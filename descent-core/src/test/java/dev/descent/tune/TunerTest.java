package dev.descent.tune;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Dataset;
import dev.descent.data.Seeds;
import dev.descent.nn.LinearRegression;
import dev.descent.nn.Loss;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.SoftmaxRegression;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.train.Metric;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TunerTest {

    static final ModelObjective SOFTMAX = ModelObjective.of(SoftmaxRegression.of(2, 3), Loss.SOFTMAX_CROSS_ENTROPY);
    static final Dataset TRAIN = blobs(240, 1);
    static final Dataset VALIDATION = blobs(120, 2);
    static final Dataset TEST = blobs(120, 3);

    /** Three Gaussian blobs (σ = 1.2) at the vertices of a triangle of circumradius 2.5. */
    static Dataset blobs(int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            double angle = Math.PI / 2 + 2 * Math.PI * c / 3;
            x[2 * i] = 2.5 * Math.cos(angle) + 1.2 * rng.nextGaussian();
            x[2 * i + 1] = 2.5 * Math.sin(angle) + 1.2 * rng.nextGaussian();
            y[i] = c;
        }
        return Dataset.classification(x, 2, y, 3);
    }

    static Tuner.Settings halving(int trials, int threads) {
        return new Tuner.Settings(Tuner.Method.HALVING, trials, 3, 1, 9, 32, Metric.VALIDATION_LOSS, 5, threads);
    }

    @Test
    void successiveHalvingKeepsAThirdOfEachRungAndTriplesTheBudget() {
        Tuner t = new Tuner(SOFTMAX, SearchSpace.parse("sgd(lr=loguniform(1e-3, 1))"), halving(27, 2));
        TuneResult r = t.run(TRAIN, VALIDATION, TEST);
        assertThat(r.budgets()).containsExactly(1, 3, 9);
        assertThat(r.trials()).hasSize(27);
        assertThat(r.trialsAtRung(0)).isEqualTo(27);
        assertThat(r.trialsAtRung(1)).isEqualTo(9);
        assertThat(r.trialsAtRung(2)).isEqualTo(3);
        int[] byEpochs = new int[10];
        for (Trial trial : r.trials()) {
            byEpochs[trial.epochs()]++;
            assertThat(trial.status()).isEqualTo(trial.rung() == 2 ? Trial.Status.COMPLETED : Trial.Status.PRUNED);
            assertThat(trial.epochs()).isEqualTo(r.budgets().get(trial.rung()));
            assertThat(trial.score()).isFinite();
        }
        assertThat(byEpochs[1]).isEqualTo(18);
        assertThat(byEpochs[3]).isEqualTo(6);
        assertThat(byEpochs[9]).isEqualTo(3);
        // ranked: the three finalists first, by validation loss; the best is the first
        assertThat(r.trials().subList(0, 3)).allMatch(x -> x.rung() == 2);
        assertThat(r.trials().get(0).score()).isLessThanOrEqualTo(r.trials().get(1).score());
        assertThat(r.trials().get(1).score()).isLessThanOrEqualTo(r.trials().get(2).score());
        assertThat(r.best()).isEqualTo(r.trials().get(0));
        // the trials pruned at rung 1 scored worse at 3 epochs than the worst finalist did at 9? not
        // comparable; but every trial pruned at rung 1 is ranked after the finalists and before rung 0's
        assertThat(r.trials().subList(3, 9)).allMatch(x -> x.rung() == 1);
        assertThat(r.test()).isNotNull();
        assertThat(r.test().count()).isEqualTo(120);
        assertThat(r.validation().loss()).isEqualTo(r.best().score());
    }

    @Test
    void aPromotedTrialContinuesBitForBitAsIfTrainedWithTheFullBudget() {
        Tuner t = new Tuner(SOFTMAX, SearchSpace.parse("adam(lr=loguniform(1e-3, 1e-1))"), halving(9, 2));
        TuneResult r = t.run(TRAIN, VALIDATION, null);
        Trial best = r.best();
        assertThat(best.epochs()).isEqualTo(9);
        TrainResult direct = Trainer.of(SOFTMAX, OptimizerSpec.build(best.spec()), TrainConfig.of(9, 32, best.seed()))
                .fit(SOFTMAX.model().init(best.seed()), TRAIN, VALIDATION, null);
        assertThat(r.bestParams()).isEqualTo(direct.params());
        assertThat(best.score()).isEqualTo(direct.validation().loss());
        assertThat(r.test()).isNull();
    }

    @Test
    void budgetsInStepsEndRungsInsideEpochsAndPromotedTrialsContinueBitForBit() {
        // 240 rows in minibatches of 32: 8 steps per epoch, so rungs of 5 and 15 steps end mid-epoch
        SearchSpace space = SearchSpace.parse("adam(lr=loguniform(1e-3, 1e-1))");
        Tuner.Settings halving = new Tuner.Settings(Tuner.Method.HALVING, 1, 3, 5, 45, Tuner.Unit.STEPS, 32,
                Metric.VALIDATION_LOSS, 5, 1);
        TuneResult h = new Tuner(SOFTMAX, space, halving).run(TRAIN, VALIDATION, TEST);
        assertThat(h.budgets()).containsExactly(5, 15, 45);
        assertThat(h.best().steps()).isEqualTo(45);
        assertThat(h.best().epochs()).isEqualTo(5); // 45 = 5 × 8 + 5: five whole epochs and part of a sixth
        Tuner.Settings random = new Tuner.Settings(Tuner.Method.RANDOM, 1, 3, 45, 45, Tuner.Unit.STEPS, 32,
                Metric.VALIDATION_LOSS, 5, 1);
        TuneResult r = new Tuner(SOFTMAX, space, random).run(TRAIN, VALIDATION, TEST);
        assertThat(r.best().spec()).isEqualTo(h.best().spec());
        // 5 + 10 + 30 steps, resumed from mid-epoch checkpoints, are the 45 steps of one run
        assertThat(h.bestParams()).isEqualTo(r.bestParams());
        // and the same as the trainer with a step budget
        TrainResult direct = Trainer.of(SOFTMAX, OptimizerSpec.build(h.best().spec()),
                TrainConfig.of(6, 32, h.best().seed()).withMaxSteps(45)).fit(SOFTMAX.model().init(h.best().seed()),
                        TRAIN, VALIDATION, null);
        assertThat(direct.steps()).isEqualTo(45);
        assertThat(direct.stopReason().criterion()).isEqualTo("steps");
        assertThat(direct.stopReason().detail()).isEqualTo("completed 45 steps (epoch 6, step 5 of 8)");
        assertThat(direct.params()).isEqualTo(h.bestParams());
    }

    @Test
    void theSameSeedGivesTheSameTrialsWhateverTheThreadCount() {
        SearchSpace space = SearchSpace.parse("choice(sgd(lr=loguniform(1e-3, 1)), adam(lr=loguniform(1e-3, 1e-1)))");
        TuneResult one = new Tuner(SOFTMAX, space, halving(9, 1)).run(TRAIN, VALIDATION, TEST);
        TuneResult two = new Tuner(SOFTMAX, space, halving(9, 2)).run(TRAIN, VALIDATION, TEST);
        TuneResult again = new Tuner(SOFTMAX, space, halving(9, 2)).run(TRAIN, VALIDATION, TEST);
        assertThat(two.trials()).isEqualTo(one.trials());
        assertThat(again.trials()).isEqualTo(one.trials());
        assertThat(two.bestParams()).isEqualTo(one.bestParams());
        // another seed samples other specs
        Tuner.Settings s = halving(9, 2);
        Tuner other = new Tuner(SOFTMAX, space, new Tuner.Settings(s.method(), 9, 3, 1, 9, 32, s.metric(), 6, 2));
        assertThat(other.specOf(0)).isNotEqualTo(new Tuner(SOFTMAX, space, s).specOf(0));
    }

    @Test
    void trialSpecsAndSeedsArePureFunctionsOfTheSearchSeedAndIndex() {
        SearchSpace space = SearchSpace.parse("sgd(lr=loguniform(1e-3, 1))");
        Tuner t = new Tuner(SOFTMAX, space, halving(4, 1));
        assertThat(t.specOf(2)).isEqualTo(space.sample(new SplittableRandom(Seeds.derive(5, Tuner.SAMPLE_STREAM, 2))));
        assertThat(t.seedOf(2)).isEqualTo(Seeds.derive(5, Tuner.TRAIN_STREAM, 2));
        List<String> specs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            specs.add(t.specOf(i));
        }
        assertThat(specs).doesNotHaveDuplicates();
    }

    @Test
    void randomSearchFindsALearningRateInTheKnownGoodRange() {
        // SGD on softmax regression of the blobs, 5 epochs: below 1e-2 it has barely moved from θ₀
        Tuner.Settings s = new Tuner.Settings(Tuner.Method.RANDOM, 12, 3, 1, 5, 32, Metric.VALIDATION_LOSS, 1, 2);
        TuneResult r = new Tuner(SOFTMAX, SearchSpace.parse("sgd(lr=loguniform(1e-5, 10))"), s)
                .run(TRAIN, VALIDATION, TEST);
        assertThat(r.budgets()).containsExactly(5);
        assertThat(r.trials()).allMatch(x -> x.rung() == 0 && (x.status() == Trial.Status.COMPLETED
                || x.status() == Trial.Status.DIVERGED));
        double lr = Double.parseDouble(r.best().spec().replaceAll("sgd\\(lr=(.*)\\)", "$1"));
        assertThat(lr).isBetween(0.03, 10.0);
        assertThat(r.test().accuracy()).isGreaterThan(0.85);
    }

    @Test
    void divergingTrialsAreRecordedNotThrown() {
        // least squares with a step of 1e100: θ grows ~1e100-fold a step and overflows within a few
        ModelObjective ls = ModelObjective.of(LinearRegression.of(2), Loss.MSE);
        double[][] rows = new double[60][];
        double[] y = new double[60];
        for (int i = 0; i < 60; i++) {
            rows[i] = new double[] {1 + i % 7, 2 - i % 5};
            y[i] = 3 * rows[i][0] - rows[i][1];
        }
        Dataset d = Dataset.regression(rows, y);
        Tuner.Settings s = new Tuner.Settings(Tuner.Method.HALVING, 4, 2, 1, 2, 8, Metric.VALIDATION_LOSS, 1, 2);
        TuneResult r = new Tuner(ls, SearchSpace.parse("sgd(lr=choice(1e100, 1e200))"), s).run(d, d, d);
        assertThat(r.best()).isNull();
        assertThat(r.bestParams()).isNull();
        assertThat(r.test()).isNull();
        assertThat(r.trials()).hasSize(4).allMatch(x -> x.status() == Trial.Status.DIVERGED && x.score() != x.score()
                && !x.detail().isEmpty() && x.rung() == 0);
    }

    @Test
    void settingsAreCheckedNamingTheValue() {
        assertThatThrownBy(() -> new Tuner.Settings(Tuner.Method.HALVING, 0, 3, 1, 9, 32, Metric.VALIDATION_LOSS, 1, 1))
                .hasMessage("trials = 0 must be >= 1");
        assertThatThrownBy(() -> new Tuner.Settings(Tuner.Method.HALVING, 9, 1, 1, 9, 32, Metric.VALIDATION_LOSS, 1, 1))
                .hasMessage("eta = 1 must be >= 2");
        assertThatThrownBy(() -> new Tuner.Settings(Tuner.Method.HALVING, 9, 3, 10, 9, 32, Metric.VALIDATION_LOSS, 1, 1))
                .hasMessage("minBudget = 10 is outside [1, maxBudget = 9]");
        assertThatThrownBy(() -> new Tuner.Settings(Tuner.Method.HALVING, 9, 3, 1, 9, 32, Metric.TRAIN_LOSS, 1, 1))
                .hasMessage("metric = loss: trials are scored on the validation set (val_loss or val_accuracy)");
        assertThatThrownBy(() -> new Tuner.Settings(Tuner.Method.HALVING, 9, 3, 1, 9, 32, Metric.VALIDATION_LOSS, 1, 0))
                .hasMessage("threads = 0 must be >= 1");
        assertThat(new Tuner.Settings(Tuner.Method.HALVING, 9, 3, 2, 20, 32, Metric.VALIDATION_LOSS, 1, 1).budgets())
                .containsExactly(2, 6, 18, 20);
        assertThat(new Tuner.Settings(Tuner.Method.HALVING, 9, 3, 9, 9, 32, Metric.VALIDATION_LOSS, 1, 1).budgets())
                .containsExactly(9);
    }
}
