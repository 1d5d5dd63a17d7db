package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.data.Split;
import dev.descent.nn.Activation;
import dev.descent.nn.Loss;
import dev.descent.nn.Mlp;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.nn.SoftmaxRegression;
import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.CosineDecay;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.transform.NonFinitePolicy;
import dev.descent.optim.transform.ReduceOnPlateau;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrainerTest {

    static final Dataset BLOBS = TrainData.blobs(203, 1);
    static final Dataset BLOBS_TEST = TrainData.blobs(200, 2);

    static ModelObjective mlp(int hidden, double dropout) {
        return ModelObjective.of(Mlp.of(Activation.TANH, 2, hidden, 3).withDropout(dropout), Loss.SOFTMAX_CROSS_ENTROPY);
    }

    /** The history with every elapsed time set to 0: what must agree between an interrupted and an uninterrupted run. */
    static List<EpochSummary> timeless(History h) {
        List<EpochSummary> out = new ArrayList<>();
        for (EpochSummary s : h.epochs()) {
            out.add(new EpochSummary(s.epoch(), s.globalStep(), s.trainLoss(), s.trainAccuracy(), s.validationLoss(),
                    s.validationAccuracy(), s.learningRate(), 0, s.skippedBatches()));
        }
        return out;
    }

    @Test
    void theLossDecreasesAndTheBlobsAreLearned() {
        ModelObjective j = mlp(16, 0);
        TrainResult r = Trainer.of(j, Adam.of(0.01), TrainConfig.of(15, 16, 7).withValidationFraction(0.2))
                .fit(j.model().init(7), BLOBS, null, BLOBS_TEST);
        History h = r.history();
        assertThat(h.size()).isEqualTo(15);
        assertThat(h.get(14).trainLoss()).isLessThan(0.6 * h.get(0).trainLoss());
        assertThat(h.get(14).validationLoss()).isLessThan(h.get(0).validationLoss());
        assertThat(r.test().accuracy()).as("%s", r.test()).isGreaterThan(0.85);
        assertThat(r.validation().count()).isEqualTo(41); // round(203 · 0.2)
        assertThat(r.train().count()).isEqualTo(162);
        assertThat(h.get(0).globalStep()).isEqualTo(11); // ⌈162 / 16⌉
        assertThat(h.batchValues()).hasSize(15 * 11);
        assertThat(r.stopReason()).isEqualTo(new StopReason.Budget("epochs", "completed 15 epochs (165 steps)"));
        assertThat(r.steps()).isEqualTo(165);
        assertThat(h.get(3).learningRate()).isEqualTo(0.01);
        assertThat(h.toCsv()).startsWith("epoch,step,loss,accuracy,val_loss,val_accuracy,lr,elapsed_s,skipped\n1,11,");
    }

    /** The trainer is the textbook loop: the same θ, bit for bit, as a hand-written one (dropout on). */
    @Test
    void equalsAHandWrittenMiniBatchLoop() {
        ModelObjective j = mlp(8, 0.25);
        Adam adam = Adam.of(0.02);
        long seed = 11;
        double[] theta = j.model().init(3);
        double[] grad = new double[j.dimension()];
        TrainingPass pass = TrainingPass.of(j, Precision.F64, 32);
        Adam.State state = adam.init(j.model().layout());
        for (int epoch = 0; epoch < 3; epoch++) {
            int k = 0;
            int[] order = MiniBatches.order(BLOBS.size(), seed, epoch);
            for (int from = 0; from < order.length; from += 32) { // the trainer's batches and pass
                pass.run(theta, BLOBS, order, from, Math.min(order.length, from + 32), grad, Mode.train(Seeds.derive(seed, epoch, k++)));
                adam.step(theta, grad, state);
            }
        }
        TrainResult r = Trainer.of(j, adam, TrainConfig.of(3, 32, seed)).fit(j.model().init(3), BLOBS);
        assertThat(r.params()).isEqualTo(theta);
    }

    @Test
    void theSameSeedGivesTheSameRunBitForBit() {
        ModelObjective j = mlp(8, 0.2);
        TrainConfig c = TrainConfig.of(4, 20, 5).withValidationFraction(0.25);
        TrainResult a = Trainer.of(j, Adam.of(0.01), c).fit(j.model().init(5), BLOBS);
        TrainResult b = Trainer.of(j, Adam.of(0.01), c).fit(j.model().init(5), BLOBS);
        TrainResult other = Trainer.of(j, Adam.of(0.01), c.withSeed(6)).fit(j.model().init(5), BLOBS);
        assertThat(Arrays.equals(a.params(), b.params())).isTrue();
        assertThat(a.paramsSha256()).isEqualTo(b.paramsSha256());
        assertThat(timeless(a.history())).isEqualTo(timeless(b.history()));
        assertThat(a.history().batchValues()).isEqualTo(b.history().batchValues());
        assertThat(other.paramsSha256()).isNotEqualTo(a.paramsSha256());
    }

    @Test
    void listenersSeeEveryBatchEpochAndCheckpoint() {
        List<String> events = new ArrayList<>();
        List<Long> steps = new ArrayList<>();
        List<Double> rates = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onStart(RunInfo info) {
                events.add("start " + info.batchesPerEpoch() + " " + info.totalSteps() + " " + info.resumed());
            }

            @Override
            public void onBatch(long step, double value, double lr) {
                steps.add(step);
                rates.add(lr);
                assertThat(value).isFinite();
            }

            @Override
            public void onEpoch(EpochSummary s) {
                events.add("epoch " + s.epoch() + " at " + s.globalStep());
            }

            @Override
            public void onCheckpoint(TrainingPosition p, Path where) {
                events.add("checkpoint " + p.globalStep() + " " + where.getFileName());
            }

            @Override
            public void onEnd(TrainResult r) {
                events.add("end " + r.stopReason().criterion());
            }
        };
        ModelObjective j = mlp(4, 0);
        // 203 rows in batches of 50: 5 per epoch, the last of 3 rows; cosine decay over the 15 steps
        Adam adam = Adam.of(0.1).withLearningRate(CosineDecay.of(0.1, 15, 0.001));
        TrainResult r = Trainer.of(j, adam, TrainConfig.of(3, 50, 1).withCheckpointEverySteps(4)
                        .withCheckpointEveryEpoch(true))
                .withListener(spy).withCheckpoints(new TrainData.MemorySink()).fit(j.model().init(1), BLOBS);
        assertThat(steps).hasSize(15);
        for (int i = 0; i < 15; i++) {
            assertThat(steps.get(i)).isEqualTo(i + 1);
            assertThat(rates.get(i)).isEqualTo(adam.learningRate().valueAt(i));
        }
        assertThat(events).containsExactly("start 5 15 false", "checkpoint 4 ckpt-4", "epoch 0 at 5", "checkpoint 5 ckpt-5",
                "checkpoint 8 ckpt-8", "epoch 1 at 10", "checkpoint 10 ckpt-10", "checkpoint 12 ckpt-12",
                "epoch 2 at 15", "checkpoint 15 ckpt-15", "end epochs");
        assertThat(r.history().get(2).learningRate()).isEqualTo(adam.learningRate().valueAt(15));
    }

    /**
     * Random labels: a wide network memorizes the training rows and the validation loss rises after a
     * few epochs. Early stopping must stop, and restore-best must return exactly the best epoch's θ —
     * the θ of the same run cut after that epoch.
     */
    @Test
    void earlyStoppingWithRestoreBestReturnsTheBestEpochsParameters() {
        Dataset train = TrainData.noise(64, 4, 2, 3);
        Dataset validation = TrainData.noise(64, 4, 2, 4);
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 4, 64, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        TrainConfig c = TrainConfig.of(60, 8, 2).withEarlyStopping(Metric.VALIDATION_LOSS, 3, 0).withRestoreBest(true);
        TrainResult r = Trainer.of(j, Adam.of(0.01), c).fit(j.model().init(2), train, validation, null);

        assertThat(r.stopReason().criterion()).isEqualTo("early-stopping");
        int best = r.bestEpoch();
        assertThat(r.history().size()).isEqualTo(best + 4); // the best epoch, then patience = 3 worse ones
        assertThat(r.restoredBest()).isTrue();
        assertThat(r.stopReason().detail()).isEqualTo(String.format(java.util.Locale.ROOT,
                "val_loss did not improve by more than 0.0 for 3 epochs (best %.6g at epoch %d)",
                r.history().get(best).validationLoss(), best + 1));
        double[] bestLoss = r.history().values(Metric.VALIDATION_LOSS);
        for (int e = 0; e < bestLoss.length; e++) {
            assertThat(bestLoss[e]).isGreaterThanOrEqualTo(bestLoss[best]);
        }
        assertThat(r.history().bestEpoch(Metric.VALIDATION_LOSS, 0)).isEqualTo(best);
        // the recorded best: the validation loss of the returned θ is the best epoch's, exactly
        assertThat(r.validation().loss()).isEqualTo(r.history().get(best).validationLoss());
        // and θ is the θ after epoch `best`, bit for bit
        TrainResult cut = Trainer.of(j, Adam.of(0.01), TrainConfig.of(best + 1, 8, 2)).fit(j.model().init(2), train,
                validation, null);
        assertThat(r.params()).isEqualTo(cut.params());

        TrainResult last = Trainer.of(j, Adam.of(0.01), c.withRestoreBest(false)).fit(j.model().init(2), train,
                validation, null);
        assertThat(last.restoredBest()).isFalse();
        assertThat(last.validation().loss()).isEqualTo(last.history().last().validationLoss())
                .isGreaterThan(r.validation().loss());
    }

    @Test
    void earlyStoppingOnAccuracyWatchesForIncreases() {
        ModelObjective j = mlp(8, 0);
        TrainResult r = Trainer.of(j, Adam.of(0.05), TrainConfig.of(40, 16, 3).withValidationFraction(0.3)
                        .withEarlyStopping(Metric.VALIDATION_ACCURACY, 2, 0.0))
                .fit(j.model().init(3), BLOBS);
        double[] acc = r.history().values(Metric.VALIDATION_ACCURACY);
        int best = r.bestEpoch();
        for (int e = 0; e < acc.length; e++) {
            assertThat(acc[e]).isLessThanOrEqualTo(acc[best]);
        }
        assertThat(r.stopReason().criterion()).isEqualTo("early-stopping");
        assertThat(r.restoredBest()).isFalse();
    }

    /**
     * The heart of crash safety: resuming from any checkpoint — mid-epoch, after the last batch of an
     * epoch, at an epoch boundary — gives the uninterrupted run's θ and history, bit for bit. Dropout,
     * a learning-rate schedule, reduce-on-plateau, validation and restore-best are all on.
     */
    @Test
    void resumingFromAnyCheckpointEqualsTheUninterruptedRun() {
        ModelObjective j = mlp(8, 0.3);
        Optimizer<?> opt = ReduceOnPlateau.of(Adam.of(0.05).withLearningRate(CosineDecay.of(0.05, 60, 0.001)))
                .withPatience(0);
        // 152 training rows in batches of 24: 7 per epoch (the last of 8 rows); checkpoints every 3 steps
        TrainConfig c = TrainConfig.of(6, 24, 9).withValidationFraction(0.25).withRestoreBest(true)
                .withCheckpointEverySteps(3).withCheckpointEveryEpoch(true);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        Trainer trainer = Trainer.of(j, opt, c);
        TrainResult full = trainer.withCheckpoints(sink).fit(j.model().init(4), BLOBS);
        assertThat(full.steps()).isEqualTo(42);

        for (long step : new long[] {3, 6, 7, 9, 14, 21, 27, 39}) {
            Checkpoint ckpt = sink.atStep(step);
            TrainData.MemorySink again = new TrainData.MemorySink();
            TrainResult resumed = trainer.withCheckpoints(again).resume(ckpt, BLOBS);
            assertThat(resumed.paramsSha256()).as("resumed from step %d", step).isEqualTo(full.paramsSha256());
            assertThat(Arrays.equals(resumed.params(), full.params())).isTrue();
            assertThat(timeless(resumed.history())).isEqualTo(timeless(full.history()));
            assertThat(resumed.history().batchValues()).isEqualTo(full.history().batchValues());
            assertThat(resumed.bestEpoch()).isEqualTo(full.bestEpoch());
            assertThat(resumed.resumedFrom()).isEqualTo(ckpt.position());
            // and the resumed run writes the same final checkpoint (θ, optimizer state, history)
            Checkpoint a = sink.atStep(42);
            Checkpoint b = again.atStep(42);
            assertThat(b.params()).isEqualTo(a.params());
            assertThat(b.optimizer()).isEqualTo(a.optimizer());
            assertThat(b.tensor(TrainState.BEST_PARAMS).orElseThrow()).isEqualTo(a.tensor(TrainState.BEST_PARAMS)
                    .orElseThrow());
        }
        // step 7 is the last batch of epoch 0: a mid-epoch checkpoint at (0, 7) and the epoch's at (1, 0)
        assertThat(sink.saved.stream().filter(k -> k.position().globalStep() == 21).map(Checkpoint::position))
                .containsExactly(new TrainingPosition(2, 7, 21, 9), new TrainingPosition(3, 0, 21, 9));
    }

    @Test
    void aFinishedRunResumesToTheSameResultWithoutTraining() {
        ModelObjective j = mlp(4, 0);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        Trainer t = Trainer.of(j, Sgd.of(0.1), TrainConfig.of(2, 64, 1).withCheckpointEveryEpoch(true));
        TrainResult full = t.withCheckpoints(sink).fit(j.model().init(1), BLOBS);
        List<Long> batches = new ArrayList<>();
        TrainResult again = t.withListener(new TrainingListener() {
            @Override
            public void onBatch(long step, double value, double lr) {
                batches.add(step);
            }
        }).resume(sink.saved.get(sink.saved.size() - 1), BLOBS);
        assertThat(batches).isEmpty();
        assertThat(again.params()).isEqualTo(full.params());
        assertThat(again.stopReason()).isEqualTo(full.stopReason());

        // more epochs: a spent budget is extended, and equals a 4-epoch run
        TrainResult extended = t.withConfig(t.config().withEpochs(4)).resume(sink.saved.get(sink.saved.size() - 1),
                BLOBS);
        TrainResult four = t.withConfig(t.config().withEpochs(4)).fit(j.model().init(1), BLOBS);
        assertThat(extended.params()).isEqualTo(four.params());
        assertThat(extended.history().size()).isEqualTo(4);
    }

    @Test
    void aCheckpointForAnotherModelOrRunIsRefusedBeforeAnythingRuns() {
        TrainData.MemorySink sink = new TrainData.MemorySink();
        ModelObjective small = mlp(8, 0);
        TrainConfig c = TrainConfig.of(2, 32, 1).withCheckpointEverySteps(2);
        Trainer.of(small, Adam.of(0.01), c).withCheckpoints(sink).fit(small.model().init(1), BLOBS);
        Checkpoint ckpt = sink.atStep(4);

        ModelObjective wide = mlp(16, 0);
        List<Long> batches = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onBatch(long step, double value, double lr) {
                batches.add(step);
            }
        };
        TrainData.MemorySink untouched = new TrainData.MemorySink();
        assertThatThrownBy(() -> Trainer.of(wide, Adam.of(0.01), c).withListener(spy).withCheckpoints(untouched)
                .resume(ckpt, BLOBS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot resume from the checkpoint at step 4: parameter layout does not match the model:"
                        + " block 'W1' has shape [2, 8] in the checkpoint, the model expects [2, 16]");
        assertThatThrownBy(() -> Trainer.of(small, Sgd.of(0.01), c).resume(ckpt, BLOBS))
                .hasMessageStartingWith("cannot resume from the checkpoint at step 4: optimizer state does not fit the"
                        + " optimizer: ");
        assertThatThrownBy(() -> Trainer.of(small, Adam.of(0.02), c).resume(ckpt, BLOBS))
                .hasMessageStartingWith("cannot resume from the checkpoint at step 4: it was written with the optimizer"
                        + " Adam[learningRate=");
        assertThatThrownBy(() -> Trainer.of(small, Adam.of(0.01), c.withBatchSize(16)).resume(ckpt, BLOBS))
                .hasMessage("cannot resume from the checkpoint at step 4: it was written with batch_size = 32, this run"
                        + " has batch_size = 16");
        assertThatThrownBy(() -> Trainer.of(small, Adam.of(0.01), c.withSeed(2)).resume(ckpt, BLOBS))
                .hasMessage("cannot resume from the checkpoint at step 4: it was written with seed = 1, this run has"
                        + " seed = 2");
        assertThatThrownBy(() -> Trainer.of(small, Adam.of(0.01), c).resume(ckpt, TrainData.blobs(150, 1)))
                .hasMessage("cannot resume from the checkpoint at step 4: it was written for data with"
                        + " train=203,validation=0 rows, this run has train=150,validation=0");
        assertThat(batches).isEmpty();
        assertThat(untouched.saved).isEmpty();
    }

    @Test
    void aNonFiniteLossIsAnErrorNamingTheStepAndTheBlock() {
        ModelObjective j = ModelObjective.of(new TrainData.NaNAt(Mlp.of(Activation.TANH, 2, 4, 3), 5),
                Loss.SOFTMAX_CROSS_ENTROPY);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        assertThatThrownBy(() -> Trainer.of(j, Adam.of(0.01), TrainConfig.of(3, 64, 1).withCheckpointEverySteps(1))
                .withCheckpoints(sink).fit(j.model().init(1), BLOBS))
                .isInstanceOf(NonFiniteTrainingException.class)
                .hasMessage("non-finite loss at step 5 (epoch 2, batch 1 of 4): J = NaN; first non-finite gradient entry"
                        + " W1[0] (flat index 0); the parameters are those after step 4")
                .satisfies(e -> {
                    NonFiniteTrainingException n = (NonFiniteTrainingException) e;
                    assertThat(n.step()).isEqualTo(5);
                    assertThat(n.epoch()).isEqualTo(1);
                    assertThat(n.batch()).isEqualTo(0);
                    assertThat(n.where()).isEqualTo("W1[0] (flat index 0)");
                    assertThat(n.quantity()).isEqualTo(NonFiniteTrainingException.Quantity.LOSS);
                });
        assertThat(sink.saved).extracting(c -> c.position().globalStep()).containsExactly(1L, 2L, 3L, 4L);
        for (Checkpoint c : sink.saved) {
            assertThat(Arrays.stream(c.params()).allMatch(Double::isFinite)).isTrue();
        }
    }

    @Test
    void skipLeavesTheBadBatchOutAndCountsIt() {
        ModelObjective j = ModelObjective.of(new TrainData.NaNAt(Mlp.of(Activation.TANH, 2, 4, 3), 5),
                Loss.SOFTMAX_CROSS_ENTROPY);
        TrainResult r = Trainer.of(j, Adam.of(0.01), TrainConfig.of(3, 64, 1).withNonFinite(NonFinitePolicy.SKIP))
                .fit(j.model().init(1), BLOBS);
        assertThat(r.skippedBatches()).isEqualTo(1);
        assertThat(r.steps()).isEqualTo(12);
        assertThat(r.history().get(1).skippedBatches()).isEqualTo(1);
        assertThat(r.history().get(0).skippedBatches()).isZero();
        assertThat(r.history().batchValues()[4]).isNaN();
        assertThat(r.history().get(1).trainLoss()).isFinite(); // the mean of the three good batches
        assertThat(Arrays.stream(r.params()).allMatch(Double::isFinite)).isTrue();
        assertThat(r.stopReason().criterion()).isEqualTo("epochs");
    }

    @Test
    void stopEndsTheRunWithTheLastGoodParameters() {
        ModelObjective bad = ModelObjective.of(new TrainData.NaNAt(Mlp.of(Activation.TANH, 2, 4, 3), 5),
                Loss.SOFTMAX_CROSS_ENTROPY);
        TrainResult r = Trainer.of(bad, Adam.of(0.01), TrainConfig.of(3, 64, 1).withNonFinite(NonFinitePolicy.STOP))
                .fit(bad.model().init(1), BLOBS);
        assertThat(r.stopReason()).isInstanceOf(StopReason.Failed.class);
        assertThat(r.stopReason().criterion()).isEqualTo("non-finite");
        assertThat(r.stopReason().detail()).startsWith("non-finite loss at step 5 (epoch 2, batch 1 of 4)");
        assertThat(r.steps()).isEqualTo(4);
        assertThat(r.history().size()).isEqualTo(1);
        // the last good θ is the θ after 4 good steps (of the same model on the tape: a Model that is not a Sequential)
        ModelObjective good = ModelObjective.of(new TrainData.NaNAt(Mlp.of(Activation.TANH, 2, 4, 3), Integer.MAX_VALUE),
                Loss.SOFTMAX_CROSS_ENTROPY);
        TrainResult four = Trainer.of(good, Adam.of(0.01), TrainConfig.of(3, 64, 1)).withStopping(new MaxIterations(4))
                .fit(good.model().init(1), BLOBS);
        assertThat(four.stopReason().criterion()).isEqualTo("max-iterations");
        assertThat(r.params()).isEqualTo(four.params());
    }

    @Test
    void anUpdateThatMakesTheParametersNonFiniteIsUndone() {
        // y = 1000·x: the first gradient of w is about −667, and a step of 1e306 overflows to +∞
        double[] x = new double[100];
        double[] y = new double[100];
        for (int i = 0; i < 100; i++) {
            x[i] = -1 + 2 * (i + 0.5) / 100;
            y[i] = 1000 * x[i];
        }
        Dataset line = Dataset.regression(x, 1, y, 1);
        ModelObjective j = ModelObjective.of(dev.descent.nn.LinearRegression.of(1), Loss.MSE);
        TrainResult r = Trainer.of(j, Sgd.of(1e306), TrainConfig.of(2, 100, 1).withNonFinite(NonFinitePolicy.STOP))
                .fit(j.model().init(0), line);
        assertThat(r.stopReason().criterion()).isEqualTo("non-finite");
        assertThat(r.stopReason().detail()).isEqualTo("the update at step 1 (epoch 1, batch 1 of 1) made the parameters"
                + " non-finite: W1[0] (flat index 0) = Infinity (J = 333300.0); the update was undone; the parameters are"
                + " those after step 0");
        assertThat(r.params()).containsExactly(0.0, 0.0);
        // under SKIP the (SGD) state rolls back too, so the run goes on: every batch is skipped
        TrainResult skipped = Trainer.of(j, Sgd.of(1e306), TrainConfig.of(2, 100, 1)
                .withNonFinite(NonFinitePolicy.SKIP)).fit(j.model().init(0), line);
        assertThat(skipped.stopReason().criterion()).isEqualTo("epochs");
        assertThat(skipped.skippedBatches()).isEqualTo(2);
        assertThat(skipped.params()).containsExactly(0.0, 0.0);
        assertThatThrownBy(() -> Trainer.of(j, Sgd.of(1e306), TrainConfig.of(2, 100, 1)).fit(j.model().init(0), line))
                .isInstanceOf(NonFiniteTrainingException.class)
                .hasMessageContaining("made the parameters non-finite");
    }

    /**
     * Rows with x₀ = ±1e308 (and x₀ = 0 elsewhere): the gradient (p − y)·x₀ is finite, but Adam's
     * r = g² overflows to +∞, which would freeze W₀ for ever with a finite θ. Batch size 1.
     */
    static Dataset hugeRows() {
        int n = 16;
        double[] x = new double[2 * n];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 2;
            x[2 * i] = i < 8 ? 0 : (y[i] == 0 ? -1e308 : 1e308);
            x[2 * i + 1] = (y[i] == 0 ? -1 : 1) + 0.1 * i;
        }
        return Dataset.classification(x, 2, y, 2);
    }

    @Test
    void anUpdateThatOverflowsTheOptimizerStateIsRefusedNamingTheStateEntry() {
        ModelObjective j = ModelObjective.of(SoftmaxRegression.of(2, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        Dataset all = hugeRows();
        Dataset huge = Dataset.classification(new double[] {1e308, 1, -1e308, -1}, 2, new int[] {1, 0}, 2);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        assertThatThrownBy(() -> Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 2, 1).withCheckpointEverySteps(1))
                .withCheckpoints(sink).fit(j.model().init(0), huge))
                .isInstanceOf(NonFiniteTrainingException.class)
                .hasMessage("the update at step 1 (epoch 1, batch 1 of 1) made the optimizer state non-finite: state"
                        + " 'adam.v'[0] = Infinity (J = 0.6931471805599453); the update was undone; the parameters are"
                        + " those after step 0")
                .satisfies(e -> {
                    NonFiniteTrainingException n = (NonFiniteTrainingException) e;
                    assertThat(n.quantity()).isEqualTo(NonFiniteTrainingException.Quantity.STATE);
                    assertThat(n.where()).isEqualTo("state 'adam.v'[0]");
                    assertThat(n.value()).isEqualTo(Double.POSITIVE_INFINITY);
                });
        assertThat(sink.saved).isEmpty();

        // SKIP: every huge row is rolled back exactly (θ and state as the checkpoint before), the others train
        TrainData.MemorySink every = new TrainData.MemorySink();
        TrainResult r = Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 1, 1).withCheckpointEverySteps(1)
                .withNonFinite(NonFinitePolicy.SKIP)).withCheckpoints(every).fit(j.model().init(0), all);
        assertThat(r.skippedBatches()).isEqualTo(16);
        assertThat(r.history().get(0).skippedBatches()).isEqualTo(8);
        double[] values = r.history().batchValues();
        int rolledBack = 0;
        for (int k = 1; k < 32; k++) {
            Checkpoint before = every.saved.get(k - 1);
            Checkpoint after = every.saved.get(k);
            if (Double.isNaN(values[k])) {
                assertThat(after.params()).containsExactly(before.params());
                assertThat(after.optimizer()).isEqualTo(before.optimizer());
                rolledBack++;
            } else {
                assertThat(after.optimizer().step()).isEqualTo(before.optimizer().step() + 1);
            }
        }
        assertThat(rolledBack).isGreaterThanOrEqualTo(15);
        for (Checkpoint c : every.saved) {
            assertThat(Arrays.stream(c.params()).allMatch(Double::isFinite)).isTrue();
            assertThat(c.optimizer().flatten().values().stream().flatMapToDouble(Arrays::stream)
                    .allMatch(Double::isFinite)).isTrue();
        }
        assertThat(r.params()[0]).isZero(); // W₀ only ever saw the huge rows' gradients

        // STOP: the last good θ, that of the steps before the first huge row
        TrainResult stop = Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 1, 1).withNonFinite(NonFinitePolicy.STOP))
                .fit(j.model().init(0), all);
        assertThat(stop.stopReason().detail()).contains("made the optimizer state non-finite: state 'adam.v'[0] ="
                + " Infinity");
        long good = stop.steps();
        TrainResult same = Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 1, 1)).withStopping(new MaxIterations(good))
                .fit(j.model().init(0), all);
        assertThat(stop.params()).containsExactly(same.params());
    }

    @Test
    void aCheckpointThatCannotBeWrittenEndsTheRunWithWhatItReached() {
        ModelObjective j = mlp(4, 0);
        List<Long> saved = new ArrayList<>();
        CheckpointSink failsSecond = c -> {
            if (!saved.isEmpty()) {
                throw new java.io.IOException("disk full");
            }
            saved.add(c.position().globalStep());
            return Path.of("ckpt-" + c.position().globalStep());
        };
        List<TrainingListener.RunInfo> starts = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onStart(RunInfo info) {
                starts.add(info);
            }
        };
        TrainResult r = Trainer.of(j, Adam.of(0.01), TrainConfig.of(4, 64, 1).withCheckpointEveryEpoch(true))
                .withCheckpoints(failsSecond).withListener(spy).fit(j.model().init(1), BLOBS);
        assertThat(r.stopReason()).isEqualTo(new StopReason.Failed("checkpoint", "could not write the checkpoint at"
                + " step 8 (2 epochs done): IOException: disk full"));
        assertThat(r.history().size()).isEqualTo(2);
        assertThat(r.steps()).isEqualTo(8);
        assertThat(r.train().loss()).isFinite();
        assertThat(saved).containsExactly(4L);
        assertThat(starts).hasSize(1);
        assertThat(starts.get(0).finished()).isFalse();
        // the same θ as a run stopped after 8 steps
        TrainResult eight = Trainer.of(j, Adam.of(0.01), TrainConfig.of(4, 64, 1)).withStopping(new MaxIterations(8))
                .fit(j.model().init(1), BLOBS);
        assertThat(r.params()).containsExactly(eight.params());
    }

    @Test
    void resumingAFinishedRunTellsTheListenersNothingWillBeTrained() {
        ModelObjective j = mlp(4, 0);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        Trainer t = Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 64, 1).withCheckpointEveryEpoch(true))
                .withCheckpoints(sink);
        TrainResult done = t.fit(j.model().init(1), BLOBS);
        Checkpoint last = sink.saved.get(sink.saved.size() - 1);
        List<TrainingListener.RunInfo> starts = new ArrayList<>();
        TrainingListener spy = new TrainingListener() {
            @Override
            public void onStart(RunInfo info) {
                starts.add(info);
            }
        };
        TrainResult again = t.withListener(spy).resume(last, BLOBS);
        assertThat(starts.get(0).finished()).isTrue();
        assertThat(starts.get(0).start().epoch()).isEqualTo(2);
        assertThat(again.params()).containsExactly(done.params());
        assertThat(again.history().size()).isEqualTo(2);
        // fewer epochs than the checkpoint completed: finished too, nothing trained
        TrainResult fewer = t.withConfig(TrainConfig.of(1, 64, 1).withCheckpointEveryEpoch(true)).withListener(spy)
                .resume(last, BLOBS);
        assertThat(starts.get(1).finished()).isTrue();
        assertThat(fewer.params()).containsExactly(done.params());
        // more epochs: goes on
        t.withConfig(TrainConfig.of(3, 64, 1).withCheckpointEveryEpoch(true)).withListener(spy).resume(last, BLOBS);
        assertThat(starts.get(2).finished()).isFalse();
    }

    /** An optimizer whose look-ahead point writes NaN into its state, out of reach of the step check. */
    static final class Poisoned implements Optimizer<Poisoned.State> {
        static final class State extends dev.descent.optim.OptimizerState {
            final double[] x;

            State(dev.descent.linalg.ParamLayout l) {
                super("poisoned", l);
                x = buffer("x", 1);
            }

            void tick() {
                advance();
            }
        }

        @Override
        public String name() {
            return "poisoned";
        }

        @Override
        public State init(dev.descent.linalg.ParamLayout layout) {
            return new State(layout);
        }

        @Override
        public double[] evaluationPoint(double[] params, State state) {
            state.x[0] = Double.NaN;
            return params;
        }

        @Override
        public void step(double[] params, double[] grad, State state) {
            state.tick();
        }
    }

    @Test
    void noCheckpointIsWrittenOrResumedWithANonFiniteParameterOrStateEntry() {
        ModelObjective j = mlp(4, 0);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        assertThatThrownBy(() -> Trainer.of(j, new Poisoned(), TrainConfig.of(2, 64, 1).withCheckpointEveryEpoch(true)
                .withNonFinite(NonFinitePolicy.SKIP)).withCheckpoints(sink).fit(j.model().init(1), BLOBS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("refusing to write the checkpoint at step 4: the optimizer state 'poisoned.x'[0] = NaN is"
                        + " not finite");
        assertThat(sink.saved).isEmpty();

        TrainData.MemorySink good = new TrainData.MemorySink();
        Trainer t = Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 64, 1).withCheckpointEveryEpoch(true))
                .withCheckpoints(good);
        t.fit(j.model().init(1), BLOBS);
        Checkpoint c = good.saved.get(0);
        java.util.Map<String, double[]> flat = new java.util.LinkedHashMap<>(c.optimizer().flatten());
        flat.get("adam.v")[2] = Double.POSITIVE_INFINITY;
        Checkpoint bad = new Checkpoint(c.formatVersion(), c.layout(), c.params(),
                dev.descent.optim.StateDict.unflatten(flat, t.stateTemplate()), c.position(), c.metadata(), c.tensors());
        assertThatThrownBy(() -> t.resume(bad, BLOBS)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot resume from the checkpoint at step 4: the optimizer state 'adam.v'[2] = Infinity is"
                        + " not finite");
        double[] theta = c.params();
        theta[1] = Double.NaN;
        Checkpoint badTheta = new Checkpoint(c.formatVersion(), c.layout(), theta, c.optimizer(), c.position(),
                c.metadata(), c.tensors());
        assertThatThrownBy(() -> t.resume(badTheta, BLOBS))
                .hasMessage("cannot resume from the checkpoint at step 4: θ W1[1] (flat index 1) = NaN is not finite");
    }

    @Test
    void aValidationMetricNeedsAValidationSet() {
        ModelObjective j = mlp(4, 0);
        assertThatThrownBy(() -> Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 16, 1).withRestoreBest(true))
                .fit(j.model().init(1), BLOBS))
                .hasMessage("monitor = val_loss (for early stopping, restore-best or reduce-on-plateau) needs a"
                        + " validation set: pass one, set validationFraction, or monitor loss");
        Split split = Split.stratified(BLOBS, 0.2, 1);
        assertThatThrownBy(() -> Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 16, 1).withValidationFraction(0.2))
                .fit(j.model().init(1), split.train(), split.validation(), null))
                .hasMessage("give either a validation set or validationFraction = 0.2, not both");
        assertThatThrownBy(() -> Trainer.of(j, ReduceOnPlateau.of(Adam.of(0.01)), TrainConfig.of(2, 16, 1)
                        .withMonitor(Metric.VALIDATION_ACCURACY)))
                .hasMessage("reduce_on_plateau has mode MIN but the monitored metric val_accuracy should go up");
        // monitoring the training loss needs no validation set
        TrainResult r = Trainer.of(j, Adam.of(0.01), TrainConfig.of(3, 16, 1).withMonitor(Metric.TRAIN_LOSS)
                .withRestoreBest(true)).fit(j.model().init(1), BLOBS);
        assertThat(r.bestEpoch()).isBetween(0, 2);
    }

    @Test
    void configurationsAreValidatedWithTheirValues() {
        assertThatThrownBy(() -> TrainConfig.of(0, 1, 1)).hasMessage("epochs = 0 must be >= 1");
        assertThatThrownBy(() -> TrainConfig.of(1, 0, 1)).hasMessage("batchSize = 0 must be >= 1");
        assertThatThrownBy(() -> TrainConfig.of(1, 1, 1).withValidationFraction(1))
                .hasMessage("validationFraction = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> TrainConfig.of(1, 1, 1).withEarlyStopping(Metric.TRAIN_LOSS, -1, 0))
                .hasMessage("patience = -1 must be >= 0 (0 turns early stopping off)");
        assertThatThrownBy(() -> TrainConfig.of(1, 1, 1).withCheckpointEverySteps(-5))
                .hasMessage("checkpointEverySteps = -5 must be >= 0 (0 for none)");
        assertThat(TrainConfig.of(3, 8, 42).toText()).isEqualTo("""
                epochs=3
                batch_size=8
                seed=42
                validation_fraction=0.0
                monitor=validation_loss
                patience=0
                min_delta=0.0
                restore_best=false
                checkpoint_every_steps=0
                checkpoint_every_epoch=false
                non_finite=refuse
                max_steps=0
                precision=f64
                """);
        assertThat(TrainConfig.of(3, 8, 42).withPrecision(Precision.F32).toMap()).containsEntry("precision", "f32");
        assertThatThrownBy(() -> TrainConfig.of(1, 1, 1).withMaxSteps(-1))
                .hasMessage("maxSteps = -1 must be >= 0 (0 for no step budget)");
        assertThat(Metric.parse("val_accuracy")).isEqualTo(Metric.VALIDATION_ACCURACY);
        assertThatThrownBy(() -> Metric.parse("f1")).hasMessage("unknown metric 'f1'; known: loss, accuracy, val_loss,"
                + " val_accuracy");
    }

    @Test
    void theParameterHashIsSha256OfTheLittleEndianDoubles() {
        // python: hashlib.sha256(struct.pack('<d', 1.0)).hexdigest()
        assertThat(TrainResult.sha256(new double[] {1.0}))
                .isEqualTo("6c3c396ed6b5c36dcae172271f462051b1266b851e92df3deea8ac65478fd712");
        assertThat(TrainResult.sha256(new double[] {1.0, -0.0, 2.5}))
                .isEqualTo("f272788da905eed6a89bb470f4ec7b2056a1270db92d7a2c2c41152dbfe9555c");
        double[] big = new double[10_000];
        Arrays.setAll(big, i -> i * 0.5);
        double[] other = big.clone();
        other[9_999] = Math.nextUp(other[9_999]);
        assertThat(TrainResult.sha256(big)).isNotEqualTo(TrainResult.sha256(other));
    }

    @Test
    void aFailingCheckpointWriteEndsTheRun() {
        ModelObjective j = mlp(4, 0);
        TrainResult r = Trainer.of(j, Adam.of(0.01), TrainConfig.of(2, 64, 1).withCheckpointEverySteps(2))
                .withCheckpoints(c -> {
                    throw new java.io.IOException("disk full");
                }).fit(j.model().init(1), BLOBS);
        assertThat(r.stopReason()).isEqualTo(new StopReason.Failed("checkpoint",
                "could not write the checkpoint at step 2 (0 epochs done): IOException: disk full"));
        assertThat(r.steps()).isEqualTo(2);
        assertThat(r.history().size()).isZero();
    }
}
