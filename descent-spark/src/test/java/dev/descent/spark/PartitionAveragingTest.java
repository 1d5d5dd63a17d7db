package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Dataset;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import org.junit.jupiter.api.Test;

class PartitionAveragingTest {

    /** k = 1, inner sgd(lr=ε), outer sgd(lr=1): one synchronous SGD step of rate ε per round. */
    @Test
    void oneLocalStepIsSynchronousSgd() {
        Dataset train = SparkEngineTest.blobs(600, 11);
        ModelObjective j = SparkEngineTest.mlp().withRegularizer(dev.descent.nn.Regularizer.NONE);
        // no dropout: the inner steps draw their own masks
        ModelObjective plain = ModelObjective.of(dev.descent.nn.Mlp.of(dev.descent.nn.Activation.TANH, 10, 16, 3),
                j.loss());
        TrainConfig c = TrainConfig.of(2, 60, 2).withMaxSteps(15);
        TrainResult sync = Trainer.of(plain, OptimizerSpec.build("sgd(lr=0.1)"), c).fit(plain.model().init(2), train);
        PartitionAveraging avg = PartitionAveraging.of(SparkTesting.context(), 1, "sgd(lr=0.1)").withPartitions(3);
        TrainResult local = Trainer.of(plain, OptimizerSpec.build("sgd(lr=1)"), c).withEngine(avg)
                .fit(plain.model().init(2), train);
        assertThat(SparkEngineTest.maxRelative(local.params(), sync.params())).isLessThan(1e-12);
        assertThat(avg.rounds()).isEqualTo(15 + 1); // 15 steps and the final training-set evaluation
    }

    /** k local steps of Adam per round, outer Nesterov momentum (DiLoCo's shape): it learns, with k× fewer rounds. */
    @Test
    void localStepsLearnWithFewerRoundsAndTheSameBitsEveryRun() {
        Dataset train = SparkEngineTest.blobs(2000, 12);
        Dataset test = SparkEngineTest.blobs(500, 13);
        ModelObjective j = SparkEngineTest.mlp();
        int k = 4;
        // the trainer's batch: inner batch 25 × k × 2 partitions
        TrainConfig c = TrainConfig.of(3, 25 * k * 2, 3);
        PartitionAveraging avg = PartitionAveraging.of(SparkTesting.context(), k, "adam(lr=1e-2)").withPartitions(2);
        Trainer t = Trainer.of(j, OptimizerSpec.build("sgd(lr=0.7, momentum=0.9, nesterov=true)"), c).withEngine(avg);
        TrainResult r = t.fit(j.model().init(3), train, null, test);
        assertThat(r.test().accuracy()).isGreaterThan(0.9);
        assertThat(r.position().globalStep()).isEqualTo(3 * 10); // 2000 rows / 200 per round
        TrainResult again = t.fit(j.model().init(3), train, null, test);
        assertThat(again.params()).isEqualTo(r.params());
    }

    /** The inner state starts fresh every round, so a checkpoint of the outer state resumes bit for bit. */
    @Test
    void aLocalSgdRunResumesBitForBit() {
        Dataset train = SparkEngineTest.blobs(800, 14);
        ModelObjective j = SparkEngineTest.mlp();
        TrainConfig c = TrainConfig.of(2, 100, 6).withCheckpointEverySteps(3);
        PartitionAveraging avg = PartitionAveraging.of(SparkTesting.context(), 3, "sgd(lr=0.05, momentum=0.9)")
                .withPartitions(2);
        Trainer t = Trainer.of(j, OptimizerSpec.build("sgd(lr=0.8, momentum=0.5, nesterov=true)"), c).withEngine(avg);
        java.util.Map<Long, dev.descent.train.Checkpoint> saved = new java.util.HashMap<>();
        TrainResult full = t.withCheckpoints(ck -> {
            saved.put(ck.position().globalStep(), ck);
            return java.nio.file.Path.of("memory", "step-" + ck.position().globalStep());
        }).fit(j.model().init(6), train);
        TrainResult resumed = t.resume(saved.get(6L), train);
        assertThat(resumed.params()).isEqualTo(full.params());
        assertThat(resumed.history().batchValues()).isEqualTo(full.history().batchValues());
    }

    @Test
    void badSettingsAreRefusedNamingThem() {
        assertThatThrownBy(() -> PartitionAveraging.of(SparkTesting.context(), 0, "sgd(lr=0.1)"))
                .hasMessageContaining("local steps = 0");
        assertThatThrownBy(() -> PartitionAveraging.of(SparkTesting.context(), 2, "sgd(lr=-1)"))
                .hasMessageContaining("lr");
    }
}
