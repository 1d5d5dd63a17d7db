package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.optim.StrongWolfe.Line;
import dev.descent.optim.StrongWolfe.Status;
import dev.descent.optim.StrongWolfe.Step;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The line search on its own, on one-dimensional functions with known minimizers. */
class StrongWolfeTest {

    /** φ(α) = (α − 2)², minimizer 2. */
    static final Line SQUARE = (a, s) -> {
        s[0] = 2 * (a - 2);
        return (a - 2) * (a - 2);
    };

    /** φ(α) = α⁴/4 − α, minimizer 1 (φ'(α) = α³ − 1). */
    static final Line QUARTIC = (a, s) -> {
        s[0] = a * a * a - 1;
        return a * a * a * a / 4 - a;
    };

    /** φ(α) = (α − 3)⁴ + (α − 3)², minimizer 3, flat near it (φ'' = 2 there, φ'(0) = −114). */
    static final Line FLAT_QUARTIC = (a, s) -> {
        double u = a - 3;
        s[0] = 4 * u * u * u + 2 * u;
        return u * u * u * u + u * u;
    };

    /** Records every α the search asks for. */
    static final class Recording implements Line {
        final Line inner;
        final List<Double> alphas = new ArrayList<>();

        Recording(Line inner) {
            this.inner = inner;
        }

        @Override
        public double valueAndSlope(double alpha, double[] slope) {
            alphas.add(alpha);
            return inner.valueAndSlope(alpha, slope);
        }
    }

    static double value(Line phi, double a) {
        return phi.valueAndSlope(a, new double[1]);
    }

    static double slope(Line phi, double a) {
        double[] s = new double[1];
        phi.valueAndSlope(a, s);
        return s[0];
    }

    static void assertStrongWolfe(Line phi, StrongWolfe ls, Step step) {
        double f0 = value(phi, 0);
        double g0 = slope(phi, 0);
        assertThat(step.status()).isEqualTo(Status.STRONG_WOLFE);
        assertThat(step.alpha()).isPositive();
        assertThat(step.value()).as("φ(α) as returned").isEqualTo(value(phi, step.alpha()));
        assertThat(step.slope()).as("φ'(α) as returned").isEqualTo(slope(phi, step.alpha()));
        assertThat(step.value()).as("sufficient decrease").isLessThanOrEqualTo(f0 + ls.c1() * step.alpha() * g0);
        assertThat(Math.abs(step.slope())).as("strong curvature").isLessThanOrEqualTo(ls.c2() * Math.abs(g0));
    }

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        String[] names = {"(α−2)²", "α⁴/4 − α", "(α−3)⁴ + (α−3)²"};
        Line[] lines = {SQUARE, QUARTIC, FLAT_QUARTIC};
        for (int f = 0; f < lines.length; f++) {
            for (double c2 : new double[] {0.9, 0.5, 0.1, 1e-3}) {
                for (double a0 : new double[] {1e-4, 0.01, 0.3, 1, 2.5, 30, 1e4}) {
                    out.add(Arguments.of(names[f], lines[f], c2, a0));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}, c2 = {2}, α₀ = {3}")
    @MethodSource("cases")
    void everyAcceptedStepSatisfiesTheStrongWolfeConditions(String name, Line phi, double c2, double alpha0) {
        StrongWolfe ls = new StrongWolfe(1e-4, c2, 40, 0);
        Recording rec = new Recording(phi);
        Step step = ls.search(rec, value(phi, 0), slope(phi, 0), alpha0);
        assertStrongWolfe(phi, ls, step);
        assertThat(step.evaluations()).isEqualTo(rec.alphas.size());
        assertThat(rec.alphas).allSatisfy(a -> assertThat(a).isPositive().isFinite());
        assertThat(rec.alphas.get(0)).isEqualTo(alpha0);
        assertThat(step.evaluations()).as("evaluations").isLessThanOrEqualTo(16); // measured: 13 at most
    }

    @Test
    void aGoodFirstTrialIsAcceptedWithOneEvaluation() {
        // φ(1) = 1 ≤ 4 − 1e-4·4; |φ'(1)| = 2 ≤ 0.9·4
        Step step = StrongWolfe.defaults().search(SQUARE, 4, -4, 1);
        assertThat(step).isEqualTo(new Step(1, 1, -2, 1, Status.STRONG_WOLFE));
    }

    @Test
    void cubicInterpolationIsExactOnAQuadraticSoATightSearchFindsTheMinimizer() {
        // c₂ = 1e-3 rejects α = 1 (|φ'| = 2 > 0.004); the cubic through (0, 4, −4) and (1, 1, −2) is φ
        // itself, so the extrapolated trial is the minimizer 2.
        Step up = new StrongWolfe(1e-4, 1e-3, 25, 0).search(SQUARE, 4, -4, 1);
        assertThat(up.alpha()).isEqualTo(2.0);
        assertThat(up.evaluations()).isEqualTo(2);
        // From α₀ = 10 (fails sufficient decrease) the zoom's first trial is the minimizer too.
        Step down = new StrongWolfe(1e-4, 1e-3, 25, 0).search(SQUARE, 4, -4, 10);
        assertThat(down.alpha()).isEqualTo(2.0);
        assertThat(down.evaluations()).isEqualTo(2);
    }

    @Test
    void aTinyFirstTrialIsExtrapolatedAtMostTenfoldPerEvaluation() {
        Recording rec = new Recording(SQUARE);
        Step step = new StrongWolfe(1e-4, 0.1, 25, 0).search(rec, 4, -4, 1e-6);
        assertStrongWolfe(SQUARE, new StrongWolfe(1e-4, 0.1, 25, 0), step);
        for (int i = 1; i < rec.alphas.size(); i++) {
            assertThat(rec.alphas.get(i)).isLessThanOrEqualTo(10 * rec.alphas.get(i - 1));
        }
        assertThat(rec.alphas).hasSizeBetween(6, 9); // 1e-6 → … → 1 needs six tenfold steps
        assertThat(step.alpha()).isCloseTo(2, within(0.2));
    }

    @Test
    void theBudgetGivesTheBestSufficientDecreasePointOrZero() {
        // One evaluation, far too long: nothing satisfies sufficient decrease.
        Step none = new StrongWolfe(1e-4, 0.9, 1, 0).search(SQUARE, 4, -4, 100);
        assertThat(none).isEqualTo(new Step(0, 4, -4, 1, Status.NO_DECREASE));
        // One evaluation, too short for c₂ = 0.1: it decreases, so it is kept.
        Step shortStep = new StrongWolfe(1e-4, 0.1, 1, 0).search(SQUARE, 4, -4, 0.5);
        assertThat(shortStep).isEqualTo(new Step(0.5, 2.25, -3, 1, Status.SUFFICIENT_DECREASE));
    }

    @Test
    void nonFiniteTrialsCountAsTooLongAndAreNeverReturned() {
        // φ(α) = (α − 0.5)² below 0.8, NaN (say, a solver that failed) from 0.8 on.
        Line cliff = (a, s) -> {
            if (a >= 0.8) {
                s[0] = Double.NaN;
                return Double.NaN;
            }
            s[0] = 2 * (a - 0.5);
            return (a - 0.5) * (a - 0.5);
        };
        Recording rec = new Recording(cliff);
        Step step = StrongWolfe.defaults().search(rec, 0.25, -1, 1);
        assertThat(rec.alphas.get(0)).isEqualTo(1.0);
        assertThat(rec.alphas.get(1)).as("bisects after a NaN").isEqualTo(0.5);
        assertThat(step).isEqualTo(new Step(0.5, 0, 0, 2, Status.STRONG_WOLFE));
        Line infinite = (a, s) -> {
            s[0] = a > 0.8 ? Double.NaN : 2 * (a - 0.5);
            return a > 0.8 ? Double.POSITIVE_INFINITY : (a - 0.5) * (a - 0.5);
        };
        assertThat(StrongWolfe.defaults().search(infinite, 0.25, -1, 7).alpha()).isLessThan(0.8).isPositive();
    }

    @Test
    void valuesEqualToRoundingAreAcceptedByTheApproximateConditionsOnly() {
        // φ is one ulp above φ(0) everywhere but at 0, and its slope says the minimizer is α = 1: the
        // exact sufficient decrease fails by rounding; the approximate one (Hager & Zhang) holds.
        double up = Math.nextUp(1.0);
        Line noisy = (a, s) -> {
            s[0] = 2e-12 * (a - 1);
            return a == 0 ? 1.0 : up;
        };
        Step approximate = new StrongWolfe(1e-4, 0.9, 25, 1e-10).search(noisy, 1, -2e-12, 1);
        assertThat(approximate).isEqualTo(new Step(1, up, 0, 1, Status.APPROXIMATE_WOLFE));
        Step exact = StrongWolfe.exact(1e-4, 0.9, 25).search(noisy, 1, -2e-12, 1);
        assertThat(exact.status()).isEqualTo(Status.NO_DECREASE);
        assertThat(exact.alpha()).isZero();
        assertThat(exact.evaluations()).isEqualTo(25);
        // A real increase above ε|φ(0)| is never accepted.
        Line worse = (a, s) -> {
            s[0] = 2e-12 * (a - 1);
            return a == 0 ? 1.0 : 1.0 + 1e-9;
        };
        assertThat(new StrongWolfe(1e-4, 0.9, 25, 1e-10).search(worse, 1, -2e-12, 1).status())
                .isEqualTo(Status.NO_DECREASE);
    }

    @Test
    void cubicMinimizerIsNocedalWrightEquation359() {
        // φ(x) = x³ − 3x: local minimizer 1, from either order of the two points.
        assertThat(StrongWolfe.cubicMinimizer(0, 0, -3, 2, 2, 9, 0, 2)).isCloseTo(1, within(1e-15));
        assertThat(StrongWolfe.cubicMinimizer(2, 2, 9, 0, 0, -3, 0, 2)).isCloseTo(1, within(1e-15));
        // Clamped to the bounds; the midpoint when the cubic has no minimizer (d₁² < φ'₁φ'₂).
        assertThat(StrongWolfe.cubicMinimizer(0, 0, -3, 2, 2, 9, 1.5, 3)).isEqualTo(1.5);
        assertThat(StrongWolfe.cubicMinimizer(0, 0, -1, 1, -0.9, -1, 2, 4)).isEqualTo(3.0);
    }

    @Test
    void refusesInputsThatAreNotADescentSetUp() {
        StrongWolfe ls = StrongWolfe.defaults();
        assertThatThrownBy(() -> ls.search(SQUARE, 4, 0, 1)).hasMessage(
                "slope0 = 0.0 must be finite and < 0 (a descent direction)");
        assertThatThrownBy(() -> ls.search(SQUARE, 4, -4, 0)).hasMessage("alpha0 = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> ls.search(SQUARE, Double.NaN, -4, 1)).hasMessage("value0 = NaN is not finite");
        assertThatThrownBy(() -> new StrongWolfe(0.5, 0.1, 25, 0)).hasMessage("c2 = 0.1 is outside (c1, 1) = (0.5, 1)");
        assertThatThrownBy(() -> new StrongWolfe(1e-4, 0.9, 0, 0)).hasMessage("maxEvaluations = 0 must be >= 1");
    }
}
