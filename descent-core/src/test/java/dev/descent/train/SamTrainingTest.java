package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.data.Batch;
import dev.descent.data.MiniBatches;
import dev.descent.data.Seeds;
import dev.descent.nn.Mode;
import dev.descent.nn.ModelObjective;
import dev.descent.nn.Precision;
import dev.descent.nn.TrainingPass;
import dev.descent.optim.Adam;
import dev.descent.optim.transform.Sam;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** SAM in the trainer: gradients at the adversarial point, everything else (results, test, checkpoints) at θ. */
class SamTrainingTest {

    @Test
    void theTrainerTakesGradientsAtTheAdversarialPointAndReportsTheta() {
        ModelObjective j = TrainerTest.mlp(8, 0);
        Sam sam = new Sam(Adam.of(0.02), 0.05, 2);
        long seed = 3;
        double[] theta = j.model().init(2);
        double[] grad = new double[j.dimension()];
        TrainingPass pass = TrainingPass.of(j, Precision.F64, 32);
        Sam.State state = sam.init(j.model().layout());
        for (int epoch = 0; epoch < 3; epoch++) {
            int k = 0;
            int[] order = MiniBatches.order(TrainerTest.BLOBS.size(), seed, epoch);
            for (int from = 0; from < order.length; from += 32) { // the trainer's batches and pass
                pass.run(sam.evaluationPoint(theta, state), TrainerTest.BLOBS, order, from, Math.min(order.length, from + 32), grad, Mode.train(Seeds.derive(seed, epoch, k++)));
                sam.step(theta, grad, state);
            }
        }
        TrainResult r = Trainer.of(j, sam, TrainConfig.of(3, 32, seed)).fit(j.model().init(2), TrainerTest.BLOBS, null,
                TrainerTest.BLOBS_TEST);
        assertThat(r.params()).isEqualTo(theta);
        assertThat(r.test().loss()).isEqualTo(j.evaluate(theta, TrainerTest.BLOBS_TEST).loss());
        if (state.stepsSinceSync[0] != 0) { // the run ended between an ascent call and its outer step
            assertThat(Arrays.equals(r.params(), state.adversarial)).isFalse();
        }
    }

    @Test
    void checkpointsInTheMiddleOfAPeriodResumeBitForBit() {
        ModelObjective j = TrainerTest.mlp(8, 0.2);
        Sam sam = new Sam(Adam.of(0.02), 0.05, 3);
        TrainConfig c = TrainConfig.of(3, 24, 9).withCheckpointEverySteps(5);
        TrainData.MemorySink sink = new TrainData.MemorySink();
        Trainer trainer = Trainer.of(j, sam, c);
        TrainResult full = trainer.withCheckpoints(sink).fit(j.model().init(4), TrainerTest.BLOBS);
        for (long step : new long[] {5, 10}) { // calls 5 and 10: the 2nd and 1st ascent of their periods
            TrainResult resumed = trainer.resume(sink.atStep(step), TrainerTest.BLOBS);
            assertThat(resumed.params()).as("resumed from step %d", step).isEqualTo(full.params());
        }
    }
}
