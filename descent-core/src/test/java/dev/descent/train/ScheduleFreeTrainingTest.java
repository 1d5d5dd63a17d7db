package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Batch;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.linalg.ParamLayout;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.nn.Evaluation;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.optim.Adam;
import dev.descent.optim.ScheduleFreeAdamW;
import dev.descent.optim.ScheduleFreeSgd;
import dev.descent.optim.Sgd;
import dev.descent.optim.transform.Partition;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.transform.ReduceOnPlateau;
import dev.descent.problem.Quadratic;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The reference's train()/eval() switch: gradients at y (θ), validation, test, results and the
 * checkpoint's model at x (the optimizer's model point).
 */
class ScheduleFreeTrainingTest {

    /** A hand-written loop: steps at y, then x = modelPoint; the trainer must report x and evaluate it. */
    @Test
    void theTrainerStepsAtYAndReportsAndValidatesX() {
        ModelObjective j = TrainerTest.mlp(8, 0);
        ScheduleFreeAdamW sf = ScheduleFreeAdamW.of(0.02);
        long seed = 3;
        double[] y = j.model().init(2);
        double[] grad = new double[j.dimension()];
        TrainingPass pass = TrainingPass.of(j, Precision.F64, 32);
        ScheduleFreeAdamW.State state = sf.init(j.model().layout());
        for (int epoch = 0; epoch < 3; epoch++) {
            int k = 0;
            int[] order = MiniBatches.order(TrainerTest.BLOBS.size(), seed, epoch);
            for (int from = 0; from < order.length; from += 32) { // the trainer's batches and pass
                pass.run(y, TrainerTest.BLOBS, order, from, Math.min(order.length, from + 32), grad, Mode.train(Seeds.derive(seed, epoch, k++)));
                sf.step(y, grad, state);
            }
        }
        double[] x = sf.modelPoint(y, state).clone();
        assertThat(Arrays.equals(x, y)).as("x and y differ after training").isFalse();

        TrainResult r = Trainer.of(j, sf, TrainConfig.of(3, 32, seed)).fit(j.model().init(2), TrainerTest.BLOBS, null,
                TrainerTest.BLOBS_TEST);
        assertThat(r.params()).isEqualTo(x);
        Evaluation atX = j.evaluate(x, TrainerTest.BLOBS_TEST);
        assertThat(r.test().loss()).isEqualTo(atX.loss());
        assertThat(r.test().loss()).isNotEqualTo(j.evaluate(y, TrainerTest.BLOBS_TEST).loss());
    }

    /** Validation after each epoch measures x; restore-best keeps x of the best epoch. */
    @Test
    void validationAndRestoreBestUseTheModelPoint() {
        ModelObjective j = TrainerTest.mlp(8, 0);
        ScheduleFreeSgd sf = ScheduleFreeSgd.of(0.5);
        TrainConfig c = TrainConfig.of(1, 16, 5);
        TrainResult one = Trainer.of(j, sf, c).fit(j.model().init(1), TrainerTest.BLOBS, TrainerTest.BLOBS_TEST, null);
        // the epoch's validation loss is that of the reported parameters (x), not of θ = y
        assertThat(one.history().get(0).validationLoss()).isEqualTo(j.evaluate(one.params(), TrainerTest.BLOBS_TEST)
                .loss());
        TrainResult best = Trainer.of(j, sf, TrainConfig.of(4, 16, 5).withRestoreBest(true))
                .fit(j.model().init(1), TrainerTest.BLOBS, TrainerTest.BLOBS_TEST, null);
        double bestLoss = best.history().get(best.bestEpoch()).validationLoss();
        assertThat(best.validation().loss()).isEqualTo(bestLoss);
    }

    /** A checkpoint keeps y and z to resume bit for bit, and x as the model; a wrapper passes x through. */
    @Test
    void checkpointsHoldTheModelPointAndResumeBitForBit() {
        ModelObjective j = TrainerTest.mlp(8, 0.2);
        var opt = ReduceOnPlateau.of(ScheduleFreeAdamW.of(0.02)).withPatience(1);
        TrainConfig c = TrainConfig.of(4, 24, 9).withValidationFraction(0.25).withCheckpointEverySteps(5);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        Trainer trainer = Trainer.of(j, opt, c);
        TrainResult full = trainer.withCheckpoints(sink).fit(j.model().init(4), TrainerTest.BLOBS);
        Checkpoint last = sink.atStep(full.steps());
        assertThat(last.modelParams()).isEqualTo(full.params());
        assertThat(Arrays.equals(last.params(), full.params())).as("θ = y is stored apart from x").isFalse();
        for (long step : new long[] {5, 10, 15}) {
            TrainResult resumed = trainer.resume(sink.atStep(step), TrainerTest.BLOBS);
            assertThat(resumed.params()).as("resumed from step %d", step).isEqualTo(full.params());
            assertThat(TrainerTest.timeless(resumed.history())).isEqualTo(TrainerTest.timeless(full.history()));
        }
        // an optimizer whose model is θ writes no extra tensor, and modelParams() is θ
        TrainData.MemorySink plain = new TrainData.MemorySink();
        TrainResult adam = Trainer.of(j, Adam.of(0.01), c).withCheckpoints(plain).fit(j.model().init(4),
                TrainerTest.BLOBS);
        Checkpoint a = plain.atStep(adam.steps());
        assertThat(a.tensorNames()).doesNotContain(Checkpoint.MODEL_PARAMS);
        assertThat(a.modelParams()).isEqualTo(a.params()).isEqualTo(adam.params());
    }

    /** The minimizer returns x too, with J evaluated there. */
    @Test
    void theMinimizerReportsTheModelPoint() {
        Quadratic q = new Quadratic("q", new double[][] {{1, 0}, {0, 10}}, new double[] {0, 0}, new double[] {1, 1});
        ScheduleFreeSgd sf = ScheduleFreeSgd.of(0.05);
        double[] y = {1, 1};
        double[] g = new double[2];
        ScheduleFreeSgd.State s = sf.init(2);
        for (int k = 0; k < 30; k++) {
            q.valueAndGradient(y, g);
            sf.step(y, g, s);
        }
        double[] x = sf.modelPoint(y, s).clone();
        assertThat(Arrays.equals(x, y)).isFalse();
        Result r = new Minimizer<>(sf, new MaxIterations(30)).minimize(q, new double[] {1, 1});
        assertThat(r.point()).isEqualTo(x);
        assertThat(r.value()).isEqualTo(q.value(x));
    }

    /** Parameter groups gather each group's model point; a group whose model is θ keeps θ. */
    @Test
    void aPartitionGathersEachGroupsModelPoint() {
        ParamLayout l = ParamLayout.builder().add("a", 1).add("b", 1).build();
        ScheduleFreeSgd sf = ScheduleFreeSgd.of(0.1);
        Partition p = Partition.of(new Partition.Group("a", "a", sf), new Partition.Group("b", "b", Sgd.of(0.1)));
        Partition.State st = p.init(l);
        double[] theta = {1, 1};
        p.step(theta, new double[] {2, 2}, st);
        p.step(theta, new double[] {1, 1}, st);
        double[] y = {theta[0]};
        ScheduleFreeSgd.State alone = sf.init(1);
        double[] ya = {1};
        sf.step(ya, new double[] {2}, alone);
        sf.step(ya, new double[] {1}, alone);
        double[] model = p.modelPoint(theta, st);
        assertThat(model[0]).isEqualTo(sf.modelPoint(ya, alone)[0]).isNotEqualTo(y[0]);
        assertThat(model[1]).isEqualTo(theta[1]);
        assertThat(Partition.of(new Partition.Group("all", ".*", Sgd.of(0.1))).modelPoint(theta,
                Partition.of(new Partition.Group("all", ".*", Sgd.of(0.1))).init(l))).isSameAs(theta);
    }
}
