package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.schedule.StepDecay;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rosenbrock;
import dev.descent.problem.TestProblem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Hand-computed steps and convergence to closed-form optima. */
class ClosedFormTest {

    // ---- first steps, computed by hand from the equations in each Javadoc ----

    @Test
    void sgdStepIsMinusLearningRateTimesGradientPlusWeightDecay() {
        double[] theta = {1.0, -2.0};
        Sgd sgd = Sgd.of(0.1).withWeightDecay(0.5);
        sgd.step(theta, new double[] {4.0, 1.0}, sgd.init(2));
        // θ − ε(g + λθ) = 1 − 0.1(4 + 0.5) = 0.55;  −2 − 0.1(1 − 1) = −2
        assertThat(theta[0]).isCloseTo(0.55, within(1e-15));
        assertThat(theta[1]).isCloseTo(-2.0, within(1e-15));
    }

    @Test
    void bookMomentumAccumulatesVelocity() {
        double[] theta = {0.0};
        Momentum m = Momentum.of(0.1, 0.9);
        Momentum.State st = m.init(1);
        m.step(theta, new double[] {1.0}, st); // v = −0.1, θ = −0.1
        m.step(theta, new double[] {1.0}, st); // v = 0.9·(−0.1) − 0.1 = −0.19, θ = −0.29
        assertThat(st.v[0]).isCloseTo(-0.19, within(1e-15));
        assertThat(theta[0]).isCloseTo(-0.29, within(1e-15));
    }

    @Test
    void torchMomentumStartsTheBufferAtTheGradientWithoutDampening() {
        double[] theta = {0.0};
        Momentum m = Momentum.torch(0.1, 0.9, 0.5, 0);
        Momentum.State st = m.init(1);
        m.step(theta, new double[] {2.0}, st); // b = 2 (no dampening at step 1), θ = −0.2
        assertThat(st.v[0]).isEqualTo(2.0);
        m.step(theta, new double[] {2.0}, st); // b = 0.9·2 + 0.5·2 = 2.8, θ = −0.2 − 0.28
        assertThat(st.v[0]).isCloseTo(2.8, within(1e-15));
        assertThat(theta[0]).isCloseTo(-0.48, within(1e-15));
    }

    @Test
    void bookNesterovEvaluatesAtTheLookAheadPoint() {
        double[] theta = {1.0};
        Nesterov n = Nesterov.of(0.1, 0.5);
        Nesterov.State st = n.init(1);
        assertThat(n.evaluationPoint(theta, st)).containsExactly(1.0); // v₀ = 0
        n.step(theta, new double[] {2.0}, st); // v = −0.2, θ = 0.8
        assertThat(n.evaluationPoint(theta, st)[0]).isCloseTo(0.8 + 0.5 * -0.2, within(1e-15));
        assertThat(theta).containsExactly(0.8);
    }

    @Test
    void adaGradFirstStepIsLearningRateTimesSignForLargeGradients() {
        double[] theta = {0, 0, 0};
        AdaGrad a = AdaGrad.of(0.5);
        double[] g = {3.0, -0.02, 1e-9};
        a.step(theta, g, a.init(3));
        // r = g², θ = −ε g/(δ + |g|)
        for (int i = 0; i < 3; i++) {
            assertThat(theta[i]).isCloseTo(-0.5 * g[i] / (1e-7 + Math.abs(g[i])), within(1e-16));
        }
        assertThat(theta[2]).as("δ dominates a tiny gradient").isCloseTo(-0.5 * 1e-9 / 1.01e-7, within(1e-12));
    }

    @Test
    void torchAdaGradDecaysTheLearningRateFromTheSecondStep() {
        double[] theta = {0.0};
        AdaGrad a = AdaGrad.torch(1.0, 0.5, 0, 0, 0);
        AdaGrad.State st = a.init(1);
        a.step(theta, new double[] {1.0}, st); // clr = 1, r = 1: θ = −1
        a.step(theta, new double[] {1.0}, st); // clr = 1/1.5, r = 2: θ = −1 − (2/3)/√2
        assertThat(theta[0]).isCloseTo(-1 - (2.0 / 3) / Math.sqrt(2), within(1e-15));
    }

    @Test
    void rmsPropPutsDeltaInsideTheRootByDefaultAndOutsideForTorch() {
        double g = 0.001;
        double[] book = {0.0};
        RmsProp b = RmsProp.of(0.01, 0.9);
        b.step(book, new double[] {g}, b.init(1));
        assertThat(book[0]).isCloseTo(-0.01 * g / Math.sqrt(1e-6 + 0.1 * g * g), within(1e-17));
        double[] torch = {0.0};
        RmsProp t = RmsProp.torch(0.01, 0.9, 1e-6, 0, 0, false);
        t.step(torch, new double[] {g}, t.init(1));
        assertThat(torch[0]).isCloseTo(-0.01 * g / (Math.sqrt(0.1 * g * g) + 1e-6), within(1e-17));
        assertThat(book[0]).isNotCloseTo(torch[0], within(1e-6));
    }

    @Test
    void literalRmsPropNesterovMovesByLearningRateOverRootOneMinusRhoOnStepOne() {
        double[] theta = {0, 0};
        RmsPropNesterov r = RmsPropNesterov.literal(0.001, 0.9, 0.5);
        r.step(theta, new double[] {-5.0, 3.0}, r.init(2));
        double expected = 0.001 / Math.sqrt(0.1);
        assertThat(theta[0]).isCloseTo(expected, within(1e-17));
        assertThat(theta[1]).isCloseTo(-expected, within(1e-17));
    }

    @Test
    void literalRmsPropNesterovGivesNanOnAZeroGradientAndTheDeltaFormDoesNot() {
        double[] literal = {1, 1};
        RmsPropNesterov lit = RmsPropNesterov.literal(0.001, 0.9, 0.5);
        lit.step(literal, new double[] {-5.0, 0.0}, lit.init(2));
        assertThat(literal[1]).isNaN();
        double[] delta = {1, 1};
        RmsPropNesterov d = RmsPropNesterov.of(0.001, 0.9, 0.5);
        d.step(delta, new double[] {-5.0, 0.0}, d.init(2));
        assertThat(delta[1]).isEqualTo(1.0);
    }

    @Test
    void adamFirstStepIsLearningRateTimesSign() {
        // s = (1−β₁)g, r = (1−β₂)g²: ŝ/√r̂ = g/|g| exactly, so Δθ = −ε·g/(|g| + δ).
        double[] theta = {0, 0, 0};
        Adam a = Adam.of(0.01);
        double[] g = {4.0, -1e-3, 250.0};
        a.step(theta, g, a.init(3));
        for (int i = 0; i < 3; i++) {
            assertThat(theta[i]).isCloseTo(-0.01 * g[i] / (Math.abs(g[i]) + 1e-8), within(1e-15));
        }
    }

    @Test
    void biasCorrectionMattersOnTheFirstSteps() {
        // Without correction the first step would be (1−β₁)/√(1−β₂) ≈ 3.16 times off; with it, ε/(1 + δ).
        double[] theta = {0};
        Adam a = Adam.of(0.1);
        Adam.State st = a.init(1);
        a.step(theta, new double[] {1.0}, st);
        double uncorrected = 0.1 * st.s[0] / (Math.sqrt(st.r[0]) + 1e-8);
        assertThat(theta[0]).isCloseTo(-0.1 / (1 + 1e-8), within(1e-15));
        assertThat(uncorrected).isCloseTo(0.1 * 0.1 / (Math.sqrt(0.001) + 1e-8), within(1e-12));
        assertThat(uncorrected / -theta[0]).isCloseTo(Math.sqrt(10), within(1e-6));
    }

    @Test
    void amsgradNeverLetsTheDenominatorShrink() {
        double[] theta = {0};
        Adam a = Adam.of(0.01).withAmsgrad(true);
        Adam.State st = a.init(1);
        a.step(theta, new double[] {10.0}, st);
        double rMax = st.rMax[0];
        for (int k = 0; k < 20; k++) {
            a.step(theta, new double[] {0.01}, st);
        }
        assertThat(st.r[0]).isLessThan(rMax);
        assertThat(st.rMax[0]).isEqualTo(rMax);
    }

    // ---- convergence to closed-form optima ----

    static final Quadratic QUAD = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 42);

    static Stream<Arguments> quadraticConfigs() {
        return Stream.of(
                Arguments.of(Sgd.of(0.015)),
                Arguments.of(Momentum.of(0.005, 0.9)),
                Arguments.of(Momentum.torch(0.005, 0.9, 0, 0)),
                Arguments.of(Nesterov.of(0.005, 0.9)),
                Arguments.of(Nesterov.torch(0.005, 0.9, 0)),
                Arguments.of(AdaGrad.of(0.5)),
                Arguments.of(AdaGrad.torch(0.5, 0, 0, 0, 1e-10)),
                Arguments.of(RmsProp.defaults().withLearningRate(new StepDecay(0.01, 0.5, 2000))),
                Arguments.of(RmsProp.torch(0.01, 0.99, 1e-8, 0, 0, false).withLearningRate(new StepDecay(0.01, 0.5, 2000))),
                Arguments.of(RmsPropNesterov.defaults().withLearningRate(new StepDecay(0.01, 0.5, 2000))),
                Arguments.of(Adam.of(0.01)),
                Arguments.of(Adam.of(0.01).withAmsgrad(true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("quadraticConfigs")
    void reachesTheMinimizerOfAConvexQuadratic(Optimizer<?> opt) {
        Result r = minimize(opt, QUAD, 1e-10, 200_000);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        double[] xStar = QUAD.argmin();
        for (int i = 0; i < xStar.length; i++) {
            assertThat(r.point()[i]).isCloseTo(xStar[i], within(1e-9));
        }
        assertThat(r.value()).isCloseTo(QUAD.minimum(), within(1e-13));
    }

    static Stream<Arguments> rosenbrockConfigs() {
        return Stream.of(
                Arguments.of(Sgd.of(5e-4)),
                Arguments.of(Momentum.of(1e-4, 0.9)),
                Arguments.of(Nesterov.of(2e-4, 0.9)),
                Arguments.of(AdaGrad.of(0.3)),
                Arguments.of(RmsProp.defaults().withLearningRate(new StepDecay(0.01, 0.5, 5000))),
                Arguments.of(Adam.of(0.02)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rosenbrockConfigs")
    void reachesTheRosenbrockMinimum(Optimizer<?> opt) {
        Rosenbrock f = Rosenbrock.standard();
        Result r = minimize(opt, f, 1e-10, 200_000);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        assertThat(r.point()[0]).isCloseTo(1.0, within(1e-8));
        assertThat(r.point()[1]).isCloseTo(1.0, within(1e-8));
    }

    @Test
    void rmsPropWithAConstantRateHoversInsteadOfConverging() {
        // Near the optimum r → 0, so the step is ε·g/√δ: with δ = 1e-6 that is a thousandfold
        // learning rate, unstable for λ_max = 100. The iterate stays about 5e-4 away. A schedule
        // (above) fixes it: the book's reason for decaying ε.
        Result r = minimize(RmsProp.of(1e-3, 0.9), QUAD, 1e-10, 50_000);
        assertThat(r.converged()).isFalse();
        assertThat(dist(r.point(), QUAD.argmin())).isBetween(1e-5, 1e-2);
    }

    static Result minimize(Optimizer<?> opt, TestProblem p, double tol, long max) {
        return new Minimizer<>(opt, StoppingCriterion.anyOf(new GradientNorm(tol), new MaxIterations(max)))
                .minimize(p, p.start());
    }

    static double dist(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return Math.sqrt(s);
    }
}
