package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autodiff.GradCheck;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.problem.Objective;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/**
 * Central finite differences of every model's loss with respect to θ, through the whole stack
 * (Sequential → Dense → tape → Loss → Regularizer → flat gradient).
 */
class ModelGradientTest {

    static final double TOLERANCE = 1e-7;

    static GradCheck.Report check(ModelObjective j, Batch batch, Mode mode, long seed) {
        double[] theta = Synthetic.theta(j.model(), seed);
        GradCheck.Report r = GradCheck.check(j.on(batch, mode), theta, GradCheck.STEP);
        assertThat(r.checked()).isEqualTo(j.dimension());
        return r;
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlpWithEachActivation(Activation activation) {
        Sequential mlp = Mlp.of(activation, 3, 5, 4, 3);
        Dataset data = Synthetic.random(7, 3, 3, 1);
        GradCheck.Report r = check(ModelObjective.of(mlp, Loss.SOFTMAX_CROSS_ENTROPY), data.slice(0, 7), Mode.EVAL, 2);
        assertThat(r.maxError()).as("%s: %s", activation, r).isLessThan(TOLERANCE);
    }

    @ParameterizedTest
    @EnumSource(Activation.class)
    void mlpRegressionWithEachActivationAndL2(Activation activation) {
        Sequential mlp = Mlp.of(activation, 2, 6, 1);
        Dataset data = Synthetic.random(9, 2, 0, 3);
        ModelObjective j = ModelObjective.of(mlp, Loss.MSE).withRegularizer(Regularizer.l2(0.2));
        GradCheck.Report r = check(j, data.slice(0, 9), Mode.EVAL, 4);
        assertThat(r.maxError()).as("%s: %s", activation, r).isLessThan(TOLERANCE);
    }

    @Test
    void logisticRegression() {
        Dataset data = Synthetic.random(8, 4, 2, 5);
        GradCheck.Report r = check(ModelObjective.of(LogisticRegression.of(4), Loss.LOGISTIC), data.slice(0, 8),
                Mode.EVAL, 6);
        assertThat(r.maxError()).as(r.toString()).isLessThan(TOLERANCE);
    }

    @Test
    void softmaxRegression() {
        Dataset data = Synthetic.random(10, 3, 4, 7);
        GradCheck.Report r = check(ModelObjective.of(SoftmaxRegression.of(3, 4), Loss.SOFTMAX_CROSS_ENTROPY),
                data.slice(0, 10), Mode.EVAL, 8);
        assertThat(r.maxError()).as(r.toString()).isLessThan(TOLERANCE);
    }

    @Test
    void linearRegressionWithL2AndSeveralTargets() {
        Dataset one = Synthetic.random(6, 3, 0, 9);
        ModelObjective j = ModelObjective.of(LinearRegression.of(3), Loss.MSE).withRegularizer(Regularizer.l2(0.5));
        GradCheck.Report r = check(j, one.slice(0, 6), Mode.EVAL, 10);
        assertThat(r.maxError()).as(r.toString()).isLessThan(TOLERANCE);

        Dataset two = Dataset.regression(one.featureArray(), 3, new double[] {1, -1, 2, 0.5, 3, 0, -2, 1, 0.2, 0.1, 4, 2}, 2);
        ModelObjective k = ModelObjective.of(LinearRegression.of(3, 2), Loss.MSE).withRegularizer(Regularizer.l2(0.1));
        GradCheck.Report s = check(k, two.slice(0, 6), Mode.EVAL, 11);
        assertThat(s.maxError()).as(s.toString()).isLessThan(TOLERANCE);
    }

    @Test
    void mlpWithDropoutInTrainingMode() {
        Sequential mlp = Mlp.of(Activation.TANH, 3, 8, 8, 3).withDropout(0.3);
        Dataset data = Synthetic.random(6, 3, 3, 12);
        ModelObjective j = ModelObjective.of(mlp, Loss.SOFTMAX_CROSS_ENTROPY).withRegularizer(Regularizer.l2(0.05));
        GradCheck.Report r = check(j, data.slice(0, 6), Mode.train(99), 13);
        assertThat(r.maxError()).as(r.toString()).isLessThan(TOLERANCE);
    }

    @Test
    void theChunkedFullBatchObjectiveEqualsOneBatchOfEverything() {
        Sequential mlp = Mlp.of(Activation.SIGMOID, 3, 5, 3);
        Dataset data = Synthetic.random(23, 3, 3, 14);
        ModelObjective j = ModelObjective.of(mlp, Loss.SOFTMAX_CROSS_ENTROPY).withRegularizer(Regularizer.l2(0.1));
        double[] theta = Synthetic.theta(mlp, 15);
        double[] whole = new double[j.dimension()];
        double v = j.valueAndGradient(theta, data.slice(0, 23), whole);
        Objective chunked = j.withChunkSize(5).fullBatch(data); // chunks of 5, 5, 5, 5, 3
        double[] g = new double[j.dimension()];
        assertThat(chunked.valueAndGradient(theta, g)).isCloseTo(v, within(1e-14));
        assertThat(chunked.value(theta)).isCloseTo(v, within(1e-14));
        for (int i = 0; i < g.length; i++) {
            assertThat(g[i]).as("element %d", i).isCloseTo(whole[i], within(1e-14));
        }
        GradCheck.Report r = GradCheck.check(chunked, theta, GradCheck.STEP);
        assertThat(r.maxError()).as(r.toString()).isLessThan(TOLERANCE);
    }
}
