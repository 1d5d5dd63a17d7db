package dev.descent.optim.stop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.problem.Objective;
import dev.descent.problem.Rosenbrock;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Each criterion on hand-made progress records, and end to end in the minimizer. */
class StoppingCriteriaTest {

    static ValueHistory history(double... values) {
        ValueHistory h = new ValueHistory();
        for (double v : values) {
            h.add(v);
        }
        return h;
    }

    static Progress progress(long it, long evals, double value, double prev, double gnorm, double step, double pnorm,
            long nanos, ValueHistory h) {
        return new Progress(it, evals, value, prev, gnorm, step, pnorm, nanos, h);
    }

    static Progress at(double value, double prev) {
        return progress(5, 6, value, prev, 1, 1, 1, 0, history(prev, value));
    }

    @Test
    void gradientNormIsInclusive() {
        GradientNorm c = new GradientNorm(1e-3);
        assertThat(c.check(progress(1, 1, 0, Double.NaN, 1e-3, Double.NaN, 1, 0, history(0)))).isPresent();
        assertThat(c.check(progress(1, 1, 0, Double.NaN, 1.0001e-3, Double.NaN, 1, 0, history(0)))).isEmpty();
    }

    @Test
    void relativeChangeScalesWithTheValue() {
        RelativeChange c = new RelativeChange(1e-6);
        assertThat(c.check(at(1000.0005, 1000.0))).as("5e-7 relative").isPresent();
        assertThat(c.check(at(1000.002, 1000.0))).as("2e-6 relative").isEmpty();
        assertThat(c.check(at(0.0, 0.0))).as("no change at zero").isPresent();
        assertThat(c.check(at(1.0, Double.NaN))).as("first evaluation").isEmpty();
        assertThat(c.check(at(1000.0005, 1000.0)).orElseThrow().criterion()).isEqualTo("relative-change");
    }

    @Test
    void absoluteChangeIgnoresScale() {
        AbsoluteChange c = new AbsoluteChange(1e-3);
        assertThat(c.check(at(1000.0005, 1000.0))).isPresent();
        assertThat(c.check(at(0.002, 0.0))).isEmpty();
    }

    @Test
    void stepSizeCombinesAbsoluteAndRelative() {
        StepSize c = new StepSize(1e-8, 1e-6);
        // bound = 1e-8 + 1e-6·100 = 1.0001e-4
        assertThat(c.check(progress(3, 4, 0, 0, 1, 1.0e-4, 100, 0, history(0)))).isPresent();
        assertThat(c.check(progress(3, 4, 0, 0, 1, 1.001e-4, 100, 0, history(0)))).isEmpty();
        assertThat(c.check(progress(0, 1, 0, Double.NaN, 1, Double.NaN, 100, 0, history(0)))).isEmpty();
        assertThatThrownBy(() -> new StepSize(0, 0)).hasMessageContaining("could never hold");
    }

    @Test
    void maxEvaluationsAndTimeBudget() {
        assertThat(new MaxEvaluations(10).check(progress(3, 10, 0, 0, 1, 1, 1, 0, history(0)))).isPresent();
        assertThat(new MaxEvaluations(10).check(progress(3, 9, 0, 0, 1, 1, 1, 0, history(0)))).isEmpty();
        TimeBudget t = new TimeBudget(Duration.ofMillis(5));
        assertThat(t.check(progress(3, 9, 0, 0, 1, 1, 1, 5_000_000, history(0)))).isPresent();
        assertThat(t.check(progress(3, 9, 0, 0, 1, 1, 1, 4_999_999, history(0)))).isEmpty();
        assertThatThrownBy(() -> new TimeBudget(Duration.ZERO)).hasMessage("budget = PT0S must be > 0");
    }

    @Test
    void patienceCountsEvaluationsWithoutImprovementBeyondMinDelta() {
        Patience p = new Patience(3, 0.01);
        // best before the window is 1.0; the window (0.995, 0.999, 0.992) improves by < 0.01 → stop
        Optional<StopReason> r = p.check(progress(5, 6, 0.992, 0.999, 1, 1, 1, 0,
                history(2.0, 1.5, 1.0, 0.995, 0.999, 0.992)));
        assertThat(r).isPresent();
        assertThat(r.get().criterion()).isEqualTo("patience");
        // one value in the window beats 1.0 − 0.01 → go on
        assertThat(p.check(progress(5, 6, 0.992, 0.98, 1, 1, 1, 0, history(2.0, 1.5, 1.0, 0.98, 0.999, 0.992))))
                .isEmpty();
        // too short to judge
        assertThat(p.check(progress(2, 3, 1, 1, 1, 1, 1, 0, history(1, 1, 1)))).isEmpty();
    }

    @Test
    void anyOfTakesTheFirstAndAllOfNeedsEvery() {
        Progress pr = progress(100, 101, 1.0, 1.0, 1e-9, 1e-12, 1, 0, history(1.0, 1.0));
        StoppingCriterion any = StoppingCriterion.anyOf(new MaxIterations(100), new GradientNorm(1e-6));
        assertThat(any.check(pr).orElseThrow().criterion()).isEqualTo("max-iterations");
        StoppingCriterion all = StoppingCriterion.allOf(new GradientNorm(1e-6), new RelativeChange(1e-12));
        StopReason both = all.check(pr).orElseThrow();
        assertThat(both.converged()).isTrue();
        assertThat(both.criterion()).isEqualTo("gradient-norm+relative-change");
        StoppingCriterion notAll = StoppingCriterion.allOf(new GradientNorm(1e-12), new RelativeChange(1e-12));
        assertThat(notAll.check(pr)).isEmpty();
        StoppingCriterion mixed = StoppingCriterion.allOf(new GradientNorm(1e-6), new MaxIterations(50));
        assertThat(mixed.check(pr).orElseThrow()).isInstanceOf(StopReason.Budget.class);
    }

    @Test
    void theMinimizerReportsWhichCriterionStoppedIt() {
        StoppingCriterion stop = StoppingCriterion.anyOf(new GradientNorm(1e-12), new RelativeChange(1e-10),
                new MaxIterations(1_000_000));
        Result r = new Minimizer<>(Adam.of(0.02), stop).minimize(Rosenbrock.standard(), new double[] {-1.5, 2});
        assertThat(r.reason().criterion()).isIn("gradient-norm", "relative-change");
        assertThat(r.point()[0]).isCloseTo(1.0, within(1e-3));

        // A function with a plateau: patience stops SGD once the value stops improving.
        Objective plateau = Objective.of(1, (x, g) -> {
            g[0] = x[0] > 0 ? 1 : 0;
            return Math.max(x[0], 0);
        });
        Result p = new Minimizer<>(Sgd.of(0.25), StoppingCriterion.anyOf(new Patience(5, 0), new MaxIterations(1000)))
                .minimize(plateau, new double[] {1.0});
        assertThat(p.reason().criterion()).isEqualTo("patience");
        assertThat(p.iterations()).isEqualTo(4 + 5); // reaches 0 after 4 steps, then 5 without improvement
    }
}
