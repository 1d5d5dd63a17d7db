package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.autodiff.Tape;
import dev.descent.autodiff.Tensor;
import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.linalg.Block;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Layouts, forward passes against plain loops, loss values, dropout, evaluation and error messages. */
class ModelTest {

    @Test
    void anMlpNamesItsBlocksW1b1W2b2() {
        Sequential mlp = Mlp.of(Activation.TANH, 2, 16, 2);
        assertThat(mlp.layout().names()).containsExactly("W1", "b1", "W2", "b2");
        assertThat(mlp.layout().block("W1").shape()).containsExactly(2, 16);
        assertThat(mlp.layout().block("b2").shape()).containsExactly(2);
        assertThat(mlp.layout().size()).isEqualTo(2 * 16 + 16 + 16 * 2 + 2);
        assertThat(mlp.weights()).extracting(Block::name).containsExactly("W1", "W2");
        assertThat(mlp.inputs()).isEqualTo(2);
        assertThat(mlp.outputs()).isEqualTo(2);
        assertThat(mlp).hasToString("Sequential[Dense[2 → 16, TANH, XAVIER_UNIFORM], Dense[16 → 2, IDENTITY, XAVIER_UNIFORM]]");
        assertThat(Mlp.of(Activation.TANH, 2, 16, 2)).isEqualTo(mlp);
        assertThat(LinearRegression.of(3).layout().names()).containsExactly("W1", "b1");
    }

    /** The forward pass equals act(x·W + b) computed with plain loops, layer by layer. */
    @ParameterizedTest
    @EnumSource(Activation.class)
    void forwardEqualsAPlainLoopReference(Activation act) {
        Sequential mlp = Mlp.of(act, 3, 4, 2);
        double[] theta = Synthetic.theta(mlp, 31);
        Dataset data = Synthetic.random(5, 3, 2, 32);
        Tensor out = mlp.predict(theta, data.features(0, 5));
        double[] expected = reference(mlp, theta, data.featureArray(), 5);
        assertThat(out.shape()).containsExactly(5, 2);
        for (int i = 0; i < expected.length; i++) {
            assertThat(out.get(i)).isCloseTo(expected[i], within(1e-14));
        }
    }

    static double[] reference(Sequential model, double[] theta, double[] x, int m) {
        double[] h = x;
        for (int k = 0; k < model.layers().size(); k++) {
            Dense d = model.layers().get(k);
            int w = model.layout().block("W" + (k + 1)).offset();
            int b = model.layout().block("b" + (k + 1)).offset();
            double[] next = new double[m * d.outputs()];
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < d.outputs(); j++) {
                    double s = theta[b + j];
                    for (int q = 0; q < d.inputs(); q++) {
                        s += h[i * d.inputs() + q] * theta[w + q * d.outputs() + j];
                    }
                    next[i * d.outputs() + j] = d.activation().apply(s);
                }
            }
            h = next;
        }
        return h;
    }

    @Test
    void lossValuesMatchTheirFormulas() {
        Dataset two = Dataset.classification(new double[] {1, 2, -1, 0.5, 3, 3}, 2, new int[] {0, 1, 1}, 2);
        ModelObjective logistic = ModelObjective.of(LogisticRegression.of(2), Loss.LOGISTIC);
        assertThat(logistic.value(new double[3], two.slice(0, 3), Mode.EVAL)).as("σ(0) = ½ for everyone")
                .isCloseTo(Math.log(2), within(1e-15));
        Dataset four = Synthetic.random(6, 2, 4, 40);
        ModelObjective softmax = ModelObjective.of(SoftmaxRegression.of(2, 4), Loss.SOFTMAX_CROSS_ENTROPY);
        assertThat(softmax.value(new double[softmax.dimension()], four.slice(0, 6), Mode.EVAL))
                .isCloseTo(Math.log(4), within(1e-15));
        // MSE over all m·k elements, no ½
        Dataset reg = Dataset.regression(new double[] {1, 2}, 1, new double[] {1, 0, 3, 5}, 2);
        ModelObjective mse = ModelObjective.of(LinearRegression.of(1, 2), Loss.MSE);
        double[] theta = {2, -1, 0.5, 0}; // W = [2, −1], b = [0.5, 0]: predictions (2.5, −1), (4.5, −2)
        double expected = ((2.5 - 1) * (2.5 - 1) + 1 + 1.5 * 1.5 + 49) / 4;
        assertThat(mse.value(theta, reg.slice(0, 2), Mode.EVAL)).isCloseTo(expected, within(1e-15));
        // L2 on weights only: λ/2 (4 + 1), biases excluded
        assertThat(mse.withRegularizer(Regularizer.l2(0.3)).value(theta, reg.slice(0, 2), Mode.EVAL))
                .isCloseTo(expected + 0.15 * 5, within(1e-15));
        double[] g = new double[4];
        double[] g0 = new double[4];
        mse.withRegularizer(Regularizer.l2(0.3)).valueAndGradient(theta, reg.slice(0, 2), g);
        mse.valueAndGradient(theta, reg.slice(0, 2), g0);
        assertThat(g[0] - g0[0]).isCloseTo(0.3 * 2, within(1e-15));
        assertThat(g[1] - g0[1]).isCloseTo(0.3 * -1, within(1e-15));
        assertThat(g[2]).as("no penalty on biases").isEqualTo(g0[2]);
    }

    /** Binary cross-entropy on logits is finite for huge logits and has gradient σ(z) − y everywhere. */
    @Test
    void theLogisticLossIsStableForHugeLogitsAndExactAtZero() {
        Dataset data = Dataset.classification(new double[] {1, 1, -1, -1}, 1, new int[] {0, 1, 0, 1}, 2);
        ModelObjective j = ModelObjective.of(LogisticRegression.of(1), Loss.LOGISTIC);
        double[] theta = {1000, 0}; // logits 1000, 1000, −1000, −1000
        double[] g = new double[2];
        double v = j.valueAndGradient(theta, data.slice(0, 4), g);
        assertThat(v).as("(1000 + 0 + 0 + 1000) / 4").isEqualTo(500.0);
        // ∂/∂w = (1/4) Σ (σ(zᵢ) − yᵢ) xᵢ = (1·1 + 0·1 + 0·(−1) + (−1)(−1)) / 4
        assertThat(g[0]).isCloseTo(0.5, within(1e-15));
        assertThat(g[1]).isCloseTo(0.0, within(1e-15));
        // at z = 0 the gradient is σ(0) − y = ±½, not a kink's subgradient
        double[] g0 = new double[2];
        j.valueAndGradient(new double[2], data.slice(0, 2), g0);
        assertThat(g0[1]).isCloseTo((0.5 + (-0.5)) / 2, within(1e-16));
        j.valueAndGradient(new double[2], data.slice(0, 1), g0);
        assertThat(g0[1]).isCloseTo(0.5, within(1e-16));
    }

    @Test
    void dropoutIsOnlyActiveInTrainingAndIsAPureFunctionOfItsSeed() {
        Sequential plain = Mlp.of(Activation.RELU, 4, 50, 50, 3);
        Sequential dropped = plain.withDropout(0.5);
        assertThat(dropped.layers().get(0).dropout()).isEqualTo(0.5);
        assertThat(dropped.layers().get(1).dropout()).isEqualTo(0.5);
        assertThat(dropped.layers().get(2).dropout()).as("not on the output layer").isZero();
        assertThat(dropped.layout()).isEqualTo(plain.layout());
        double[] theta = plain.init(3);
        Dataset data = Synthetic.random(20, 4, 3, 41);
        Tensor x = data.features(0, 20);
        assertThat(dropped.predict(theta, x).toArray()).as("evaluation: no dropout")
                .isEqualTo(plain.predict(theta, x).toArray());
        double[] a = train(dropped, theta, x, 7);
        assertThat(train(dropped, theta, x, 7)).isEqualTo(a);
        assertThat(train(dropped, theta, x, 8)).isNotEqualTo(a);
        // about half of the first layer's active units are zeroed, the others scaled by 1/(1 − p) = 2
        Sequential first = Sequential.of(plain.layers().get(0));
        double[] theta1 = java.util.Arrays.copyOf(theta, first.layout().size()); // W1, b1 come first
        Tensor full = first.predict(theta1, x);
        double[] h = train(Sequential.of(plain.layers().get(0).withDropout(0.5)), theta1, x, 9);
        int active = 0;
        int kept = 0;
        for (int i = 0; i < h.length; i++) {
            if (full.get(i) > 0) {
                active++;
                double ratio = h[i] / full.get(i);
                assertThat(ratio).isIn(0.0, 2.0);
                kept += ratio > 0 ? 1 : 0;
            }
        }
        double p = (double) kept / active;
        double se = Math.sqrt(0.25 / active);
        assertThat(p).as("kept fraction of %d active units", active).isBetween(0.5 - 5 * se, 0.5 + 5 * se);
    }

    private static double[] train(Sequential model, double[] theta, Tensor x, long seed) {
        Tape tape = new Tape();
        return model.forward(new dev.descent.autodiff.ParamVars(tape, theta, model.layout()), tape.constant(x),
                Mode.train(seed)).value().toArray();
    }

    @Test
    void evaluationInChunksEqualsOneChunkAndCountsCorrectPredictions() {
        Sequential mlp = Mlp.of(Activation.TANH, 3, 6, 4);
        Dataset data = Synthetic.random(101, 3, 4, 42);
        double[] theta = Synthetic.theta(mlp, 43);
        ModelObjective j = ModelObjective.of(mlp, Loss.SOFTMAX_CROSS_ENTROPY).withRegularizer(Regularizer.l2(0.01));
        Evaluation whole = j.evaluate(theta, data);
        Evaluation chunked = j.withChunkSize(8).evaluate(theta, data);
        assertThat(chunked.loss()).isCloseTo(whole.loss(), within(1e-14));
        assertThat(chunked.accuracy()).isEqualTo(whole.accuracy());
        assertThat(whole.loss()).isCloseTo(j.value(theta, data.slice(0, 101), Mode.EVAL) - whole.penalty(), within(1e-14));
        Tensor out = mlp.predict(theta, data.features(0, 101));
        int correct = 0;
        for (int i = 0; i < 101; i++) {
            int best = 0;
            for (int c = 1; c < 4; c++) {
                best = out.get(i, c) > out.get(i, best) ? c : best;
            }
            correct += best == data.label(i) ? 1 : 0;
        }
        assertThat(whole.accuracy()).isEqualTo(correct / 101.0);
        assertThat(whole.count()).isEqualTo(101);
        assertThat(whole.penalty()).isPositive();
        assertThat(whole.objective()).isEqualTo(whole.loss() + whole.penalty());
        assertThat(whole.rmse()).isNaN();
        assertThat(whole.toString()).matches("loss \\S+ \\+ penalty \\S+, accuracy \\S+% \\(n = 101\\)");

        Dataset reg = Synthetic.random(30, 2, 0, 44);
        ModelObjective lin = ModelObjective.of(LinearRegression.of(2), Loss.MSE).withChunkSize(7);
        Evaluation e = lin.evaluate(new double[] {0.5, -1, 0.2}, reg);
        assertThat(e.rmse()).isCloseTo(Math.sqrt(e.loss()), within(1e-15));
        assertThat(e.accuracy()).isNaN();
        assertThat(e.isClassification()).isFalse();
    }

    @Test
    void mismatchesAreRefusedWithPreciseMessages() {
        assertThatThrownBy(() -> Sequential.of(new Dense(2, 8, Activation.RELU), new Dense(4, 1, Activation.IDENTITY)))
                .hasMessage("layer 2 (Dense[4 → 1, IDENTITY, XAVIER_UNIFORM]) takes 4 inputs but layer 1"
                        + " (Dense[2 → 8, RELU, HE_NORMAL]) gives 8");
        assertThatThrownBy(() -> new Sequential(List.of())).hasMessage("a Sequential model needs at least one layer");
        assertThatThrownBy(() -> new Dense(2, 3, Activation.TANH).withDropout(1.0)).hasMessage("dropout = 1.0 is outside [0, 1)");
        assertThatThrownBy(() -> Mlp.of(Activation.TANH, 3)).hasMessage("sizes needs at least the inputs and the outputs, got 1 number(s)");
        assertThatThrownBy(() -> ModelObjective.of(Mlp.of(Activation.TANH, 2, 3), Loss.LOGISTIC))
                .hasMessage("LOGISTIC needs a model with 1 output (the logit), got 3; for 3 classes use SOFTMAX_CROSS_ENTROPY");
        assertThatThrownBy(() -> ModelObjective.of(LinearRegression.of(2), Loss.SOFTMAX_CROSS_ENTROPY))
                .hasMessageStartingWith("SOFTMAX_CROSS_ENTROPY needs one logit per class (>= 2 outputs), got 1");
        ModelObjective j = ModelObjective.of(SoftmaxRegression.of(3, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        Dataset wide = Synthetic.random(4, 5, 2, 1);
        assertThatThrownBy(() -> j.valueAndGradient(new double[j.dimension()], wide.slice(0, 4), new double[j.dimension()]))
                .hasMessage("the model takes rows of 3 features ([m, 3]) but the input has shape [4, 5]");
        assertThatThrownBy(() -> j.evaluate(new double[j.dimension()], wide))
                .hasMessage("the model takes 3 features per row but Dataset[4 × 5, 2 classes] has 5");
        assertThatThrownBy(() -> j.evaluate(new double[j.dimension()], Synthetic.random(4, 3, 3, 1)))
                .hasMessage("SOFTMAX_CROSS_ENTROPY: the model gives 2 logits per row, but Dataset[4 × 3, 3 classes] has 3 classes");
        assertThatThrownBy(() -> j.valueAndGradient(new double[3], Synthetic.random(4, 3, 2, 1).slice(0, 4), new double[8]))
                .hasMessage("theta has length 3 but the model has 8 parameters [W1, b1]");
        Batch regression = Synthetic.random(4, 3, 0, 1).slice(0, 4);
        assertThatThrownBy(() -> j.value(new double[8], regression, Mode.EVAL))
                .hasMessage("SOFTMAX_CROSS_ENTROPY needs class labels, but the batch has real targets");
        Batch threeClasses = Synthetic.random(30, 3, 3, 2).slice(0, 30);
        assertThatThrownBy(() -> j.value(new double[8], threeClasses, Mode.EVAL))
                .hasMessageMatching("SOFTMAX_CROSS_ENTROPY: label\\[\\d+\\] = 2 but the model gives only 2 logits per row");
        ModelObjective logistic = ModelObjective.of(LogisticRegression.of(3), Loss.LOGISTIC);
        assertThatThrownBy(() -> logistic.value(new double[4], threeClasses, Mode.EVAL))
                .hasMessageMatching("LOGISTIC: label\\[\\d+\\] = 2 is not 0 or 1; for more classes use SOFTMAX_CROSS_ENTROPY");
        ModelObjective mse = ModelObjective.of(LinearRegression.of(3), Loss.MSE);
        assertThatThrownBy(() -> mse.value(new double[4], threeClasses, Mode.EVAL))
                .hasMessage("MSE needs real targets, but the batch has class labels");
        assertThatThrownBy(() -> Regularizer.l2(-1)).hasMessage("lambda = -1.0 must be finite and >= 0");
    }

    @Test
    void aRefusedBatchLeavesTheGradientBufferUntouched() {
        ModelObjective j = ModelObjective.of(SoftmaxRegression.of(3, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        double[] grad = {1, 2, 3, 4, 5, 6, 7, 8};
        Batch bad = new Batch(Tensor.zeros(2, 3), new int[] {0, 2}, null);
        try {
            j.valueAndGradient(new double[8], bad, grad);
        } catch (IllegalArgumentException expected) {
            // labels out of range: refused before writing
        }
        assertThat(grad).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
    }

    /** Sizes are counted as longs before anything is built: a count beyond one Java array is named. */
    @Test
    void anMlpBeyondOneJavaArrayIsRefusedWithItsParameterCount() {
        assertThat(Mlp.parameterCount(5, 16, 3)).isEqualTo(5 * 16 + 16 + 16 * 3 + 3);
        assertThat(Mlp.parameterCount(784, 46000, 46000, 10)).isEqualTo(785L * 46000 + 46001L * 46000 + 46001L * 10);
        assertThatThrownBy(() -> Mlp.of(Activation.RELU, 784, 46000, 46000, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("an MLP with layer sizes [784, 46000, 46000, 10] has 2152616010 parameters, more than the"
                        + " 2^31-1 = 2147483647 one flat Java array holds");
        // the layout builder counts in longs too (no negative offset after an int overflow)
        assertThatThrownBy(() -> dev.descent.linalg.ParamLayout.builder().add("W1", 46000, 46000).add("W2", 46000, 46000)
                .build())
                .hasMessage("layout: block 'W2' [46000, 46000] would end at parameter 4232000000, beyond the 2^31-1 ="
                        + " 2147483647 elements a Java array holds");
        assertThatThrownBy(() -> new Block("W", 2_000_000_000, new int[] {200_000_000}))
                .hasMessage("block 'W': offset 2000000000 + 200000000 elements = 2200000000 is beyond the 2^31-1 ="
                        + " 2147483647 elements a Java array holds");
    }
}
