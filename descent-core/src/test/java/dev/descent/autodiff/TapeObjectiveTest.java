package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.problem.Objective;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Autodiff losses as {@link Objective}s, minimized by the library's own optimizers. */
class TapeObjectiveTest {

    /** Points in [−2, 2]² labelled by the side of the line x + 2y = 0.5, with a margin of 0.3. */
    record Separable(double[][] x, double[] y) {
        static Separable make(int n, long seed) {
            SplittableRandom rng = new SplittableRandom(seed);
            double[][] x = new double[n][];
            double[] y = new double[n];
            int i = 0;
            while (i < n) {
                double a = rng.nextDouble(-2, 2);
                double b = rng.nextDouble(-2, 2);
                double side = (a + 2 * b - 0.5) / Math.sqrt(5);
                if (Math.abs(side) < 0.3) {
                    continue;
                }
                x[i] = new double[] {a, b};
                y[i] = side > 0 ? 1 : 0;
                i++;
            }
            return new Separable(x, y);
        }
    }

    @Test
    void logisticRegressionTrainedWithAdamSeparatesTheData() {
        Separable data = Separable.make(40, 3);
        Tensor features = Tensor.matrix(data.x());
        Tensor targets = Tensor.vector(data.y());
        ParamLayout layout = ParamLayout.builder().add("w", 2).add("b").build();
        Objective j = TapeObjective.of(layout, (tape, p) -> {
            Var z = tape.constant(features).matmul(p.get("w")).add(p.get("b")); // [n]·scalar broadcast
            return Composite.binaryCrossEntropy(z.sigmoid(), tape.constant(targets));
        });
        double[] start = new double[layout.size()];
        assertThat(j.value(start)).isEqualTo(Math.log(2), org.assertj.core.api.Assertions.within(1e-15));

        Result r = new Minimizer<>(Adam.of(0.1), new MaxIterations(300)).minimize(j, start);

        double[] theta = r.point();
        int correct = 0;
        for (int i = 0; i < data.y().length; i++) {
            double z = theta[0] * data.x()[i][0] + theta[1] * data.x()[i][1] + theta[2];
            correct += (z > 0) == (data.y()[i] == 1) ? 1 : 0;
        }
        assertThat(correct).as("training accuracy, θ = %s", Arrays.toString(theta)).isEqualTo(data.y().length);
        assertThat(r.value()).as("mean cross-entropy after 300 steps").isLessThan(0.1);
    }

    @Test
    void aSmallNetworkObjectivePassesTheFiniteDifferenceCheck() {
        SplittableRandom rng = new SplittableRandom(11);
        int m = 5;
        double[][] x = new double[m][3];
        int[] labels = new int[m];
        for (int i = 0; i < m; i++) {
            labels[i] = rng.nextInt(4);
            for (int k = 0; k < 3; k++) {
                x[i][k] = rng.nextDouble(-1, 1);
            }
        }
        Tensor batch = Tensor.matrix(x);
        ParamLayout layout = ParamLayout.builder().add("W1", 3, 6).add("b1", 6).add("W2", 6, 4).add("b2", 4).build();
        TapeObjective j = TapeObjective.of(layout, (tape, p) -> {
            Var h = Composite.linear(tape.constant(batch), p.get("W1"), p.get("b1")).tanh();
            Var logits = Composite.linear(h, p.get("W2"), p.get("b2"));
            Var decay = Composite.sumOfSquares(p.get("W1")).add(Composite.sumOfSquares(p.get("W2"))).mul(1e-2);
            return logits.softmaxCrossEntropy(labels).add(decay);
        });
        double[] theta = new double[layout.size()];
        for (int i = 0; i < theta.length; i++) {
            theta[i] = rng.nextDouble(-1, 1);
        }
        double[] copy = theta.clone();
        GradCheck.Report report = GradCheck.check(j, theta, GradCheck.STEP);
        assertThat(report.checked()).isEqualTo(layout.size());
        assertThat(report.maxError()).as(report.toString()).isLessThan(1e-7);
        assertThat(theta).containsExactly(copy);
        double[] grad = new double[layout.size()];
        assertThat(j.valueAndGradient(theta, grad)).isEqualTo(j.value(theta));
    }

    @Test
    void unusedBlocksGetZeroGradientAndNonScalarLossesAreRefused() {
        ParamLayout layout = ParamLayout.builder().add("used", 2).add("unused", 2).build();
        double[] grad = {5, 5, 5, 5};
        TapeObjective j = TapeObjective.of(layout, (tape, p) -> p.get("used").square().sum());
        assertThat(j.valueAndGradient(new double[] {1, 2, 3, 4}, grad)).isEqualTo(5);
        assertThat(grad).containsExactly(2, 4, 0, 0);
        assertThat(j.dimension()).isEqualTo(4);

        TapeObjective vector = TapeObjective.of(layout, (tape, p) -> p.get("used").square());
        double[] untouched = {5, 5, 5, 5};
        assertThatThrownBy(() -> vector.valueAndGradient(new double[4], untouched))
                .hasMessage("the loss must be a scalar (shape []), got shape [2]; reduce it first, e.g. with sum() or mean()");
        assertThat(untouched).containsExactly(5, 5, 5, 5);
        assertThatThrownBy(() -> j.valueAndGradient(new double[3], new double[4]))
                .hasMessage("theta has length 3 but the layout has size 4");
    }
}
