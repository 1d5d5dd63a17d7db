package dev.descent.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.data.Batch;
import dev.descent.data.Dataset;
import dev.descent.nn.LinearRegression;
import dev.descent.nn.Loss;
import dev.descent.nn.ModelObjective;
import dev.descent.optim.Adam;
import dev.descent.optim.Rprop;
import dev.descent.optim.Sgd;
import dev.descent.optim.transform.ClipByNorm;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LearningRateFinderTest {

    /** y = 3x − 1 on x = 0.1 … 2.0: a quadratic loss, so gradient descent diverges exactly for η > 2/λ_max(H). */
    static Dataset line() {
        int n = 20;
        double[][] x = new double[n][1];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i][0] = 0.1 * (i + 1);
            y[i] = 3 * x[i][0] - 1;
        }
        return Dataset.regression(x, y);
    }

    /** Least squares of a line through {@link #line()}. */
    static final ModelObjective LINE_FIT = ModelObjective.of(LinearRegression.of(1), Loss.MSE);

    /** λ_max of the (constant) Hessian of J(θ), from exact gradient differences (J is quadratic). */
    static double largestCurvature(ModelObjective j, Batch all) {
        double[] g0 = new double[2];
        double[] g1 = new double[2];
        double[] g2 = new double[2];
        j.valueAndGradient(new double[] {0, 0}, all, g0);
        j.valueAndGradient(new double[] {1, 0}, all, g1);
        j.valueAndGradient(new double[] {0, 1}, all, g2);
        double a = g1[0] - g0[0];
        double b = g1[1] - g0[1];
        double d = g2[1] - g0[1];
        return (a + d) / 2 + Math.sqrt((a - d) * (a - d) / 4 + b * b);
    }

    @Test
    void onAQuadraticTheCurveDivergesPastTwoOverLAndTheSuggestionsLieBelow() {
        Dataset data = line();
        ModelObjective j = LINE_FIT;
        double lMax = largestCurvature(j, data.slice(0, 20));
        double[] theta = {0.5, 0.5};
        double[] before = theta.clone();
        LearningRateFinder f = LearningRateFinder.defaults().withRange(1e-4, 100, 100);
        LearningRateFinder.Result r = f.run(j, Sgd.of(0.1), theta, data, 20, 1); // full batch: plain GD
        assertThat(theta).isEqualTo(before); // the caller's θ is untouched
        assertThat(r.stopReason()).startsWith("diverged at lr = ");
        double last = r.curve().get(r.curve().size() - 1).learningRate();
        assertThat(last).as("the loss can only grow once η > 2/L = %s", 2 / lMax).isGreaterThan(2 / lMax);
        for (double s : r.suggestions().values()) {
            assertThat(s).isStrictlyBetween(0.0, 2 / lMax);
        }
        assertThat(r.suggestions()).containsOnlyKeys(LearningRateFinder.Rule.values());
        assertThat(r.suggestion()).isEqualTo(r.suggestions().get(LearningRateFinder.Rule.MINIMUM_DIV_10));
        // the sweep is fastai's geometric one
        assertThat(r.curve().get(0).learningRate()).isEqualTo(1e-4);
        assertThat(r.curve().get(50).learningRate()).isCloseTo(0.1, within(1e-15));
    }

    @Test
    void aSweepThatEndsBelowTheUsefulRatesIsFlaggedAsStillFalling() {
        Dataset data = line();
        ModelObjective j = LINE_FIT;
        double lMax = largestCurvature(j, data.slice(0, 20));
        // full-batch GD with every rate far below 2/L: the loss falls at every step of the sweep
        LearningRateFinder.Result low = LearningRateFinder.defaults().withRange(1e-6, 0.01 / lMax, 50)
                .run(j, Sgd.of(0.1), new double[] {0.5, 0.5}, data, 20, 1);
        assertThat(low.stopReason()).startsWith("reached end");
        assertThat(low.stillFalling()).isTrue();
        LearningRateFinder.Result wide = LearningRateFinder.defaults().withRange(1e-4, 100, 100)
                .run(j, Sgd.of(0.1), new double[] {0.5, 0.5}, data, 20, 1);
        assertThat(wide.stillFalling()).isFalse();
    }

    @Test
    void theSmoothedLossIsTheBiasCorrectedExponentialAverage() {
        Dataset data = line();
        ModelObjective j = ModelObjective.of(LinearRegression.of(1), Loss.MSE);
        LearningRateFinder.Result r = LearningRateFinder.defaults().withRange(1e-6, 1e-5, 10).withSmoothing(0.9)
                .run(j, Sgd.of(0.1), new double[] {0, 0}, data, 5, 3);
        double avg = 0;
        for (int i = 0; i < r.curve().size(); i++) {
            LearningRateFinder.Point p = r.curve().get(i);
            avg = 0.9 * avg + 0.1 * p.loss();
            assertThat(p.smoothed()).isCloseTo(avg / (1 - Math.pow(0.9, i + 1)), within(1e-14 * avg));
        }
        assertThat(r.curve().get(0).smoothed()).isEqualTo(r.curve().get(0).loss());
        assertThat(r.curve()).hasSize(10);
        assertThat(r.stopReason()).isEqualTo("reached end = 1.0E-5 after 10 steps");
    }

    @Test
    void theRulesOnACurveWithAKnownShape() {
        // 100 planned steps: 10 dropped at the start, 5 at the end; the kept losses fall from index 10 to 60, then rise
        List<LearningRateFinder.Point> curve = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double lr = Math.pow(10, -5 + 0.05 * i);
            double loss = i <= 60 ? 10 - 0.1 * i - (i >= 41 ? 1 : 0) - (i >= 42 ? 0.5 : 0) : 2.5 + 0.5 * (i - 60);
            curve.add(new LearningRateFinder.Point(lr, loss, loss));
        }
        Map<LearningRateFinder.Rule, Double> s = LearningRateFinder.suggest(curve, 100);
        // kept: indices 10..94 (a fall with two extra drops at 41 and 42, then a rise); minimum at 60 → lr 10^-2, so minimum/10 = 1e-3
        assertThat(s.get(LearningRateFinder.Rule.MINIMUM_DIV_10)).isCloseTo(1e-3, within(1e-15));
        // the longest decreasing run is kept index 0..50 (lds 51 at 50): start = 50 − 51 = −1, sections = 17,
        // idx = −1 + 17 + 8 = 24 → curve index 34
        assertThat(s.get(LearningRateFinder.Rule.VALLEY)).isCloseTo(Math.pow(10, -5 + 0.05 * 34), within(1e-15));
        // central differences: −1.2 at 40, −1.7 at 41, −0.7 at 42, −0.2 elsewhere on the fall: the steepest is 41
        assertThat(s.get(LearningRateFinder.Rule.STEEPEST)).isCloseTo(Math.pow(10, -5 + 0.05 * 41), within(1e-15));
        // a curve that never falls below its first value: no rate worked
        List<LearningRateFinder.Point> rising = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            rising.add(new LearningRateFinder.Point(1e-3 * (i + 1), i, i));
        }
        assertThat(LearningRateFinder.suggest(rising, 50)).isEmpty();
    }

    @Test
    void wrappersAreSweptThroughAndOptimizersWithoutARateAreRefused() {
        Dataset data = line();
        ModelObjective j = ModelObjective.of(LinearRegression.of(1), Loss.MSE);
        LearningRateFinder.Result r = LearningRateFinder.defaults().withRange(1e-4, 1, 20)
                .run(j, new ClipByNorm(10, Adam.of(0.01)), new double[] {0, 0}, data, 10, 1);
        assertThat(r.curve()).isNotEmpty();
        assertThatThrownBy(() -> LearningRateFinder.withLearningRate(Rprop.defaults(), k -> 1.0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("rprop has no learning rate");
    }

    @Test
    void badRangesNameTheValue() {
        LearningRateFinder f = LearningRateFinder.defaults();
        assertThatThrownBy(() -> f.withRange(1, 1, 100)).hasMessage("start = 1.0 must be smaller than end = 1.0");
        assertThatThrownBy(() -> f.withRange(0, 1, 100)).hasMessage("start = 0.0 must be a positive finite learning rate");
        assertThatThrownBy(() -> f.withRange(1e-3, Double.POSITIVE_INFINITY, 100))
                .hasMessage("end = Infinity must be a positive finite learning rate");
        assertThatThrownBy(() -> f.withRange(1e-3, 1, 5)).hasMessage("steps = 5 must be at least 10 to read a curve");
        assertThatThrownBy(() -> f.withSmoothing(1)).hasMessage("smoothing = 1.0 must be in [0, 1)");
        assertThatThrownBy(() -> f.withDivergence(1)).hasMessage("divergence = 1.0 must be > 1 (× the best loss)");
    }
}
