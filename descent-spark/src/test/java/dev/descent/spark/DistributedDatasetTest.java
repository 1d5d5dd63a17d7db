package dev.descent.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Dataset;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.train.TrainConfig;
import dev.descent.train.TrainResult;
import dev.descent.train.Trainer;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;

/** A training set built and cached by the executors: the same run as over the Dataset of the same rows. */
class DistributedDatasetTest {

    static List<DistributedDataset.Labeled> rows(Dataset d) {
        List<DistributedDataset.Labeled> out = new ArrayList<>();
        for (int i = 0; i < d.size(); i++) {
            out.add(new DistributedDataset.Labeled(d.row(i), d.label(i)));
        }
        return out;
    }

    @Test
    void trainingOnTheClustersRowsEqualsTrainingOnTheDataset() {
        Dataset train = SparkEngineTest.blobs(900, 21);
        Dataset test = SparkEngineTest.blobs(300, 22);
        JavaRDD<DistributedDataset.Labeled> rdd = SparkTesting.context().parallelize(rows(train), 4);
        DistributedDataset distributed = DistributedDataset.classification(rdd, 10, 3);
        assertThat(distributed.size()).isEqualTo(900);
        assertThat(distributed.partitions()).isEqualTo(4);
        ModelObjective j = SparkEngineTest.mlp();
        Trainer t = Trainer.of(j, OptimizerSpec.build("adam(lr=1e-2)"), TrainConfig.of(2, 100, 8));
        TrainResult local = t.fit(j.model().init(8), train, null, test);
        TrainResult spark = t.withEngine(SparkEngine.of(SparkTesting.context())).fit(j.model().init(8), distributed, null,
                test);
        assertThat(SparkEngineTest.maxRelative(spark.params(), local.params())).isLessThan(1e-12);
        assertThat(spark.train().accuracy()).isEqualTo(local.train().accuracy()); // evaluated on the cluster
        assertThat(spark.train().count()).isEqualTo(900);
        distributed.unpersist();
    }

    @Test
    void emptyPartitionsAddNothing() {
        Dataset train = SparkEngineTest.blobs(6, 23);
        DistributedDataset distributed = DistributedDataset.classification(
                SparkTesting.context().parallelize(rows(train), 10), 10, 3);
        assertThat(distributed.partitions()).isEqualTo(10);
        ModelObjective j = SparkEngineTest.mlp();
        Trainer t = Trainer.of(j, OptimizerSpec.build("sgd(lr=0.1)"), TrainConfig.of(3, 4, 1));
        double[] local = t.fit(j.model().init(1), train).params();
        double[] sync = t.withEngine(SparkEngine.of(SparkTesting.context())).fit(j.model().init(1), distributed)
                .params();
        assertThat(SparkEngineTest.maxRelative(sync, local)).isLessThan(1e-12);
        // local SGD over the same partitions, one step of sgd(lr=0.1) inside and sgd(lr=1) outside, is that
        // SGD too (without dropout: the inner steps draw masks of their own)
        ModelObjective plain = ModelObjective.of(dev.descent.nn.Mlp.of(dev.descent.nn.Activation.TANH, 10, 8, 3),
                j.loss());
        double[] sgd = Trainer.of(plain, OptimizerSpec.build("sgd(lr=0.1)"), TrainConfig.of(3, 4, 1))
                .fit(plain.model().init(1), train).params();
        double[] averaged = Trainer.of(plain, OptimizerSpec.build("sgd(lr=1)"), TrainConfig.of(3, 4, 1))
                .withEngine(PartitionAveraging.of(SparkTesting.context(), 1, "sgd(lr=0.1)"))
                .fit(plain.model().init(1), distributed).params();
        assertThat(SparkEngineTest.maxRelative(averaged, sgd)).isLessThan(1e-12);
    }

    @Test
    void aBadRowIsRefusedNamingItsPartitionAndRow() {
        List<DistributedDataset.Labeled> rows = rows(SparkEngineTest.blobs(40, 24));
        rows.set(25, new DistributedDataset.Labeled(rows.get(25).features(), 7));
        assertThatThrownBy(() -> DistributedDataset.classification(SparkTesting.context().parallelize(rows, 2), 10, 3))
                .hasStackTraceContaining("partition 1, row 5: label 7 is outside [0, 3)");
        List<DistributedDataset.Labeled> nan = rows(SparkEngineTest.blobs(40, 24));
        double[] x = nan.get(3).features().clone();
        x[2] = Double.NaN;
        nan.set(3, new DistributedDataset.Labeled(x, 0));
        assertThatThrownBy(() -> DistributedDataset.classification(SparkTesting.context().parallelize(nan, 2), 10, 3))
                .hasStackTraceContaining("partition 0, row 3: feature 2 = NaN is not finite");
    }

    @Test
    void aValidationFractionNeedsAnInMemorySet() {
        DistributedDataset d = DistributedDataset.classification(
                SparkTesting.context().parallelize(rows(SparkEngineTest.blobs(50, 25)), 2), 10, 3);
        ModelObjective j = SparkEngineTest.mlp();
        Trainer t = Trainer.of(j, OptimizerSpec.build("sgd(lr=0.1)"), TrainConfig.of(1, 10, 1)
                .withValidationFraction(0.2)).withEngine(SparkEngine.of(SparkTesting.context()));
        assertThatThrownBy(() -> t.fit(j.model().init(1), d)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("pass a validation set");
        Trainer local = Trainer.of(j, OptimizerSpec.build("sgd(lr=0.1)"), TrainConfig.of(1, 10, 1));
        assertThatThrownBy(() -> local.fit(j.model().init(1), d)).hasMessageContaining("needs its own engine");
    }
}
