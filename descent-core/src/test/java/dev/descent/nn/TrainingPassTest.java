package dev.descent.nn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.data.MiniBatches;
import dev.descent.linalg.MatMulKernel;
import dev.descent.parallel.Parallel;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fused training pass against the tape (which {@link ModelGradientTest} checks by finite
 * differences): the same value, loss, accuracy count and gradient, to rounding in f64 and to float
 * rounding in f32, for every activation, loss, dropout and several shards; and the same bits for
 * any thread count.
 */
class TrainingPassTest {

    @AfterEach
    void restoreThreads() {
        Parallel.setThreads(Parallel.availableProcessors());
    }

    /** A case: objective, data, batch rows, dropout seed or null. */
    record Case(String name, ModelObjective j, Dataset data, int rows, Long dropoutSeed) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> cases() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (Activation a : Activation.values()) {
            b.add(Arguments.of(new Case("softmax ce, " + a, ModelObjective.of(Mlp.of(a, 5, 7, 6, 3),
                    Loss.SOFTMAX_CROSS_ENTROPY), Synthetic.random(200, 5, 3, 11), 150, null)));
            b.add(Arguments.of(new Case("mse + l2, " + a, ModelObjective.of(Mlp.of(a, 4, 9, 1), Loss.MSE)
                    .withRegularizer(Regularizer.l2(0.05)), Synthetic.random(200, 4, 0, 12), 131, null)));
        }
        b.add(Arguments.of(new Case("logistic regression", ModelObjective.of(LogisticRegression.of(6), Loss.LOGISTIC),
                Synthetic.random(300, 6, 2, 13), 200, null)));
        b.add(Arguments.of(new Case("softmax regression, one shard", ModelObjective.of(SoftmaxRegression.of(3, 4),
                Loss.SOFTMAX_CROSS_ENTROPY), Synthetic.random(50, 3, 4, 14), 17, null)));
        b.add(Arguments.of(new Case("dropout mlp", ModelObjective.of(Mlp.of(Activation.RELU, 5, 12, 8, 3)
                .withDropout(0.3), Loss.SOFTMAX_CROSS_ENTROPY), Synthetic.random(200, 5, 3, 15), 140, 99L)));
        return b.build();
    }

    @ParameterizedTest
    @MethodSource("cases")
    void f64MatchesTheTape(Case c) {
        compareWithTape(c, Precision.F64, 1e-13, 1e-12);
    }

    @ParameterizedTest
    @MethodSource("cases")
    void f32MatchesTheTapeToFloatRounding(Case c) {
        compareWithTape(c, Precision.F32, 2e-6, 1e-4);
    }

    private static void compareWithTape(Case c, Precision p, double valueTolerance, double gradTolerance) {
        double[] theta = Synthetic.theta(c.j.model(), 3);
        int[] order = MiniBatches.order(c.data.size(), 7, 0);
        int from = 9;
        int to = from + c.rows;
        Mode mode = c.dropoutSeed == null ? Mode.EVAL : Mode.train(c.dropoutSeed);
        double[] tapeGrad = new double[c.j.dimension()];
        Batch batch = c.data.rows(order, from, to);
        ModelObjective.BatchResult tape = c.j.scoredValueAndGradient(theta, batch, tapeGrad, mode);

        TrainingPass pass = TrainingPass.of(c.j, p, 256);
        assertThat(pass.fused()).isTrue();
        double[] grad = new double[c.j.dimension()];
        Arrays.fill(grad, Double.NaN); // every element must be written
        double[] before = theta.clone();
        ModelObjective.BatchResult fused = pass.run(theta, c.data, order, from, to, grad, mode);

        assertThat(theta).isEqualTo(before);
        assertThat(fused.value()).isCloseTo(tape.value(), org.assertj.core.data.Offset.offset(
                valueTolerance * Math.max(1, Math.abs(tape.value()))));
        assertThat(fused.loss()).isCloseTo(tape.loss(), org.assertj.core.data.Offset.offset(
                valueTolerance * Math.max(1, Math.abs(tape.loss()))));
        if (p == Precision.F64) {
            assertThat(fused.correct()).isEqualTo(tape.correct());
        } else {
            assertThat(fused.correct()).isBetween(tape.correct() - 1, tape.correct() + 1);
        }
        double scale = 0;
        for (double g : tapeGrad) {
            scale = Math.max(scale, Math.abs(g));
        }
        assertThat(scale).isGreaterThan(1e-3); // a real gradient, not zeros
        for (int i = 0; i < grad.length; i++) {
            assertThat(Math.abs(grad[i] - tapeGrad[i])).as("%s: %s", c, c.j.model().layout().describe(i))
                    .isLessThanOrEqualTo(gradTolerance * scale);
        }
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theSameBitsOnOneTwoAndFourThreads(Case c) {
        for (Precision p : Precision.values()) {
            double[] theta = Synthetic.theta(c.j.model(), 5);
            int[] order = MiniBatches.order(c.data.size(), 8, 1);
            Mode mode = c.dropoutSeed == null ? Mode.EVAL : Mode.train(c.dropoutSeed);
            double[] first = null;
            double firstValue = 0;
            for (int threads : new int[] {1, 2, 4}) {
                Parallel.setThreads(threads);
                TrainingPass pass = TrainingPass.of(c.j, p, c.rows);
                double[] grad = new double[c.j.dimension()];
                double value = pass.run(theta, c.data, order, 0, c.rows, grad, mode).value();
                if (first == null) {
                    first = grad;
                    firstValue = value;
                } else {
                    assertThat(grad).as("%s, %s, %d threads", c, p, threads).isEqualTo(first);
                    assertThat(Double.doubleToRawLongBits(value)).isEqualTo(Double.doubleToRawLongBits(firstValue));
                }
            }
        }
    }

    @Test
    void reusingThePassGivesTheSameResultAsAFreshOne() {
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.TANH, 5, 16, 3), Loss.SOFTMAX_CROSS_ENTROPY);
        Dataset data = Synthetic.random(300, 5, 3, 21);
        double[] theta = Synthetic.theta(j.model(), 1);
        int[] order = MiniBatches.order(300, 2, 0);
        TrainingPass reused = TrainingPass.of(j, Precision.F32, 128);
        double[] g1 = new double[j.dimension()];
        double[] g2 = new double[j.dimension()];
        reused.run(theta, data, order, 0, 128, g1, Mode.EVAL);
        reused.run(theta, data, order, 128, 256, g1, Mode.EVAL); // a different batch in between
        reused.run(theta, data, order, 256, 300, g1, Mode.EVAL); // a short last batch
        TrainingPass.of(j, Precision.F32, 128).run(theta, data, order, 256, 300, g2, Mode.EVAL);
        assertThat(g1).isEqualTo(g2);
    }

    @Test
    void theJavaFloatKernelAndTheStandardOneAgreeToFloatRounding() {
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 20, 33, 4), Loss.SOFTMAX_CROSS_ENTROPY);
        Dataset data = Synthetic.random(100, 20, 4, 22);
        double[] theta = Synthetic.theta(j.model(), 2);
        int[] order = MiniBatches.order(100, 3, 0);
        double[] a = new double[j.dimension()];
        double[] b = new double[j.dimension()];
        TrainingPass.of(j.withKernel(MatMulKernel.java()), Precision.F32, 100).run(theta, data, order, 0, 100, a,
                Mode.EVAL);
        TrainingPass.of(j.withKernel(MatMulKernel.standard()), Precision.F32, 100).run(theta, data, order, 0, 100, b,
                Mode.EVAL);
        for (int i = 0; i < a.length; i++) {
            assertThat(a[i]).isCloseTo(b[i], org.assertj.core.data.Offset.offset(1e-5));
        }
    }

    @Test
    void refusesABatchBeyondItsCapacityOrALabelOutsideTheClasses() {
        ModelObjective j = ModelObjective.of(Mlp.of(Activation.RELU, 3, 4, 2), Loss.SOFTMAX_CROSS_ENTROPY);
        Dataset data = Synthetic.random(40, 3, 2, 23);
        TrainingPass pass = TrainingPass.of(j, Precision.F64, 16);
        double[] theta = j.model().init(1);
        double[] grad = new double[j.dimension()];
        int[] order = MiniBatches.order(40, 1, 0);
        assertThatThrownBy(() -> pass.run(theta, data, order, 0, 17, grad, Mode.EVAL))
                .hasMessageContaining("need 1 to 16 rows");
        Dataset three = Synthetic.random(40, 3, 3, 24); // labels up to 2, the model has 2 logits
        assertThatThrownBy(() -> pass.run(theta, three, order, 0, 16, grad, Mode.EVAL))
                .hasMessageContaining("is outside [0, 2)");
        assertThatThrownBy(() -> TrainingPass.of(j, Precision.F64, 0)).hasMessageContaining("capacity = 0");
        assertThat(Precision.parse("float32")).isEqualTo(Precision.F32);
        assertThatThrownBy(() -> Precision.parse("f16")).hasMessage("precision = 'f16' is not one of f64, f32");
    }
}
