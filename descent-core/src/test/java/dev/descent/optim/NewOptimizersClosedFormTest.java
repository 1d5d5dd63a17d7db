package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepDecay;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.optim.transform.DecoupledWeightDecay;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rosenbrock;
import dev.descent.problem.TestProblem;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The algorithms beyond the book (AdamW, Adamax, NAdam, RAdam, AdaDelta, Rprop, ASGD, Lion):
 * first steps computed by hand from each Javadoc's equations, equivalences, and where each one
 * ends up on the test quadratic and on Rosenbrock — at A⁻¹b, or measurably elsewhere, and why.
 */
class NewOptimizersClosedFormTest {

    // ---- first steps, by hand ----

    @Test
    void rpropFirstStepIsLearningRateTimesSignAndAZeroGradientStays() {
        double[] theta = {1.0, -2.0, 0.5};
        Rprop r = Rprop.of(0.01);
        Rprop.State st = r.init(3);
        r.step(theta, new double[] {250.0, -1e-9, 0.0}, st);
        assertThat(theta).containsExactly(1.0 - 0.01, -2.0 + 0.01, 0.5);
        assertThat(st.delta).containsExactly(0.01, 0.01, 0.01); // s = 0 everywhere: Δ kept (and clamped)
        assertThat(st.gPrev).containsExactly(250.0, -1e-9, 0.0);
    }

    @Test
    void rpropGrowsOnTheSameSignSkipsASignChangeAndThenResumesAtTheShrunkStep() {
        double[] theta = {0.0};
        Rprop r = Rprop.of(0.1);
        Rprop.State st = r.init(1);
        r.step(theta, new double[] {3.0}, st); // Δ = 0.1: θ = −0.1
        r.step(theta, new double[] {2.0}, st); // same sign: Δ = 0.12, θ = −0.22
        assertThat(st.delta[0]).isEqualTo(0.1 * 1.2);
        assertThat(theta[0]).isCloseTo(-0.22, within(1e-16));
        double before = theta[0];
        r.step(theta, new double[] {-5.0}, st); // sign change: Δ = 0.06, no move, g_prev = 0
        assertThat(theta[0]).isEqualTo(before);
        assertThat(st.delta[0]).isEqualTo(0.1 * 1.2 * 0.5);
        assertThat(st.gPrev[0]).isZero();
        r.step(theta, new double[] {-5.0}, st); // s = 0: Δ unchanged, moves by +0.06
        assertThat(st.delta[0]).isEqualTo(0.1 * 1.2 * 0.5);
        assertThat(theta[0]).isEqualTo(before + 0.1 * 1.2 * 0.5);
    }

    @Test
    void rpropClampsTheStepSizeOnEveryStepLikeTorch() {
        double[] theta = {0.0};
        Rprop r = new Rprop(5.0, 0.5, 1.2, 1e-6, 1.0); // Δ₀ above Δ_max
        r.step(theta, new double[] {1.0}, r.init(1));
        assertThat(theta[0]).isEqualTo(-1.0);
    }

    @Test
    void lionMovesEveryCoordinateByExactlyTheLearningRate() {
        double lr = 0.003;
        Lion lion = Lion.of(lr);
        Lion.State st = lion.init(4);
        double[] theta = {0, 0, 0, 0};
        lion.step(theta, new double[] {1e-12, -7.0, 300.0, 0.0}, st);
        // m₀ = 0: c = (1 − β₁)g, so sign(c) = sign(g); sign(0) = 0.
        assertThat(theta).containsExactly(-lr, lr, -lr, 0.0);
        SplittableRandom rng = new SplittableRandom(5);
        double[] before = new double[4];
        for (int k = 0; k < 50; k++) {
            System.arraycopy(theta, 0, before, 0, 4);
            double[] g = {rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1), rng.nextDouble(-1, 1)};
            lion.step(theta, g, st);
            for (int i = 0; i < 4; i++) {
                assertThat(Math.abs(theta[i] - before[i])).isCloseTo(lr, within(Math.ulp(1.0)));
            }
        }
    }

    @Test
    void lionUsesTheOldMomentumForTheSignAndDecaysDecoupled() {
        Lion lion = Lion.of(0.1).withWeightDecay(0.5);
        Lion.State st = lion.init(1);
        double[] theta = {2.0};
        lion.step(theta, new double[] {1.0}, st); // c = 0.1 > 0: θ = 2 − 0.1(1 + 0.5·2) = 1.8; m = 0.01
        assertThat(theta[0]).isCloseTo(1.8, within(1e-15));
        assertThat(st.m[0]).isCloseTo(0.01, within(1e-17));
        // c = 0.9·0.01 + 0.1·(−0.05) = 0.004 > 0 although g < 0: the old momentum decides.
        lion.step(theta, new double[] {-0.05}, st);
        assertThat(theta[0]).isCloseTo(1.8 - 0.1 * (1 + 0.5 * 1.8), within(1e-15));
        assertThat(st.m[0]).isCloseTo(0.99 * 0.01 + 0.01 * -0.05, within(1e-17));
    }

    @Test
    void adamaxFirstStepIsLearningRateTimesGradientOverItsSizePlusEps() {
        // m = (1 − β₁)g, u = |g| + δ: θ −= ε/(1 − β₁)·(1 − β₁)g/(|g| + δ).
        double[] theta = {0, 0, 0};
        double[] g = {4.0, -1e-3, 1e-9};
        Adamax a = Adamax.of(0.01);
        Adamax.State st = a.init(3);
        a.step(theta, g, st);
        for (int i = 0; i < 3; i++) {
            assertThat(theta[i]).isCloseTo(-0.01 * g[i] / (Math.abs(g[i]) + 1e-8), within(1e-17));
            assertThat(st.u[i]).isEqualTo(Math.abs(g[i]) + 1e-8);
        }
        a.step(theta, new double[] {0.5, 0, 0}, st); // u = max(0.999·4.00000001, 0.5 + δ): the old norm wins
        assertThat(st.u[0]).isEqualTo(0.999 * (4.0 + 1e-8));
    }

    @Test
    void adaDeltaFirstStepIsRootEpsOverRootEpsPlusAverageTimesGradient() {
        double lr = 0.5;
        double rho = 0.9;
        double eps = 1e-6;
        double[] g = {3.0, -0.01, 1e-5};
        double[] theta = {1, 1, 1};
        AdaDelta a = AdaDelta.of(lr).withRho(rho);
        AdaDelta.State st = a.init(3);
        a.step(theta, g, st);
        for (int i = 0; i < 3; i++) {
            double dx = Math.sqrt(eps) / Math.sqrt(eps + (1 - rho) * g[i] * g[i]) * g[i];
            assertThat(theta[i]).isCloseTo(1 - lr * dx, within(1e-16));
            assertThat(st.edx2[i]).isCloseTo((1 - rho) * dx * dx, within(1e-20));
        }
        // A large gradient moves by about ε_k·√(δ/(1 − ρ)) on the first step, whatever its size.
        assertThat(1 - theta[0]).isCloseTo(lr * Math.sqrt(eps / (1 - rho)), within(1e-9));
    }

    @Test
    void nadamFirstStepByHand() {
        double lr = 0.01;
        double b1 = 0.9;
        double psi = 0.004;
        double g = 2.0;
        NAdam n = NAdam.of(lr);
        NAdam.State st = n.init(1);
        assertThat(st.muProduct).containsExactly(1.0);
        double[] theta = {0};
        n.step(theta, new double[] {g}, st);
        double mu1 = b1 * (1 - 0.5 * Math.pow(0.96, psi));
        double mu2 = b1 * (1 - 0.5 * Math.pow(0.96, 2 * psi));
        double d = Math.abs(g) + 1e-8; // √(n/(1 − β₂)) = |g|
        // lr(1 − μ₁)/(1 − Π₁) = lr, and the momentum term uses Π₁μ₂ (not Π₁μ₁μ₂, torch 1.13's bug).
        double expected = -lr * g / d - lr * mu2 / (1 - mu1 * mu2) * (1 - b1) * g / d;
        assertThat(theta[0]).isCloseTo(expected, within(1e-17));
        assertThat(st.muProduct[0]).isEqualTo(mu1);
        double buggy = -lr * g / d - lr * mu2 / (1 - mu1 * mu1 * mu2) * (1 - b1) * g / d;
        assertThat(theta[0]).isNotCloseTo(buggy, within(1e-6));
    }

    @Test
    void radamTakesPlainMomentumStepsUntilRhoExceedsFive() {
        RAdam r = RAdam.of(0.01);
        assertThat(r.rho(5)).isLessThanOrEqualTo(RAdam.THRESHOLD);
        assertThat(r.rho(6)).isGreaterThan(RAdam.THRESHOLD);
        assertThat(RAdam.of(0.01).withBeta2(0.99).rho(5)).isLessThanOrEqualTo(5);
        double[] theta = {0};
        RAdam.State st = r.init(1);
        r.step(theta, new double[] {40.0}, st); // m̂ = g: θ = −ε·g, no denominator
        assertThat(theta[0]).isCloseTo(-0.4, within(1e-15));
        for (int t = 2; t <= 5; t++) {
            r.step(theta, new double[] {40.0}, st);
        }
        assertThat(theta[0]).isCloseTo(-2.0, within(1e-13)); // five steps of ε·40
        r.step(theta, new double[] {40.0}, st); // step 6: adaptive, about ε·r₆ (the gradient is constant)
        double rho6 = r.rho(6);
        double rhoInf = 2 / 0.001 - 1;
        double rect = Math.sqrt((rho6 - 4) * (rho6 - 2) * rhoInf / ((rhoInf - 4) * (rhoInf - 2) * rho6));
        assertThat(theta[0]).isCloseTo(-2.0 - 0.01 * rect, within(1e-12));
    }

    @Test
    void asgdFirstStepsAndWhenTheAverageStarts() {
        double lr = 0.1;
        double lambda = 0.01;
        double alpha = 0.75;
        Asgd a = new Asgd(Schedule.constant(lr), lambda, alpha, 0, 0);
        Asgd.State st = a.init(1);
        assertThat(st.eta).containsExactly(lr);
        assertThat(st.mu).containsExactly(1.0);
        double[] theta = {1.0};
        a.step(theta, new double[] {2.0}, st); // θ = 1·(1 − λ·0.1) − 0.1·2
        double theta1 = 1.0 * (1 - lambda * lr) - lr * 2.0;
        assertThat(theta[0]).isEqualTo(theta1);
        assertThat(st.ax).containsExactly(theta1);
        assertThat(st.eta[0]).isEqualTo(lr / Math.pow(1 + lambda * lr * 1, alpha));
        assertThat(st.mu[0]).isEqualTo(1.0); // 1/max(1, 1 − t₀)
        a.step(theta, new double[] {2.0}, st); // μ₂ = 1: x̄ = θ₂ still
        double theta2 = theta[0];
        assertThat(st.ax).containsExactly(theta2);
        assertThat(st.mu[0]).isEqualTo(0.5);
        a.step(theta, new double[] {2.0}, st); // μ₃ = 1/2: x̄ = (θ₂ + θ₃)/2
        assertThat(st.ax[0]).isCloseTo((theta2 + theta[0]) / 2, within(1e-16));
    }

    // ---- equivalences ----

    static double[][] randomGradients(int steps, int n, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] g = new double[steps][n];
        for (double[] row : g) {
            for (int i = 0; i < n; i++) {
                row[i] = rng.nextDouble(-2, 2);
            }
        }
        return g;
    }

    static <S extends OptimizerState> double[] replay(Optimizer<S> opt, double[] theta0, double[][] grads) {
        double[] theta = theta0.clone();
        S st = opt.init(theta.length);
        for (double[] g : grads) {
            opt.step(theta, g, st);
        }
        return theta;
    }

    @Test
    void adamWWithoutDecayIsAdamBitForBit() {
        double[][] g = randomGradients(200, 5, 11);
        double[] x0 = {1, -1, 0.5, 2, -3};
        Schedule lr = new StepDecay(0.05, 0.5, 40);
        for (boolean ams : new boolean[] {false, true}) {
            AdamW adamW = AdamW.of(0.05).withWeightDecay(0).withAmsgrad(ams).withLearningRate(lr);
            Adam adam = Adam.of(0.05).withAmsgrad(ams).withLearningRate(lr);
            assertThat(Arrays.equals(replay(adamW, x0, g), replay(adam, x0, g))).as("amsgrad " + ams).isTrue();
        }
    }

    @Test
    void adamWIsDecoupledWeightDecayAroundAdamToRounding() {
        double[][] g = randomGradients(200, 5, 12);
        double[] x0 = {1, -1, 0.5, 2, -3};
        Schedule lr = new StepDecay(0.05, 0.5, 40);
        double lambda = 0.3;
        double[] adamW = replay(AdamW.of(0.05).withWeightDecay(lambda).withLearningRate(lr), x0, g);
        double[] wrapped = replay(DecoupledWeightDecay.of(lambda, Adam.of(0.05).withLearningRate(lr)), x0, g);
        double[] undecayed = replay(Adam.of(0.05).withLearningRate(lr), x0, g);
        for (int i = 0; i < x0.length; i++) {
            assertThat(adamW[i]).isCloseTo(wrapped[i], within(1e-14 * (1 + Math.abs(adamW[i]))));
            assertThat(adamW[i]).isNotCloseTo(undecayed[i], within(1e-3)); // the decay does something
        }
    }

    @Test
    void adamWIsNotAdamWithCoupledL2() {
        double[][] g = randomGradients(100, 5, 13);
        double[] x0 = {1, -1, 0.5, 2, -3};
        double[] decoupled = replay(AdamW.of(0.05).withWeightDecay(0.1), x0, g);
        double[] coupled = replay(Adam.of(0.05).withWeightDecay(0.1), x0, g);
        assertThat(dist(decoupled, coupled)).isGreaterThan(1e-3);
    }

    // ---- where each one ends up ----

    static final Quadratic QUAD = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 42);

    static Stream<Arguments> reachTheQuadraticMinimizer() {
        return Stream.of(
                Arguments.of(AdamW.of(0.01).withWeightDecay(0)),
                Arguments.of(Adamax.defaults()),
                Arguments.of(Adamax.of(0.01)),
                Arguments.of(NAdam.defaults()),
                Arguments.of(NAdam.of(0.01)),
                Arguments.of(RAdam.defaults()),
                Arguments.of(RAdam.of(0.01)),
                Arguments.of(AdaDelta.of(0.01)),
                Arguments.of(Rprop.defaults().withMinStepSize(1e-15)),
                Arguments.of(Asgd.defaults().withLambda(0)),
                Arguments.of(Lion.defaults().withLearningRate(new StepDecay(0.01, 0.5, 1000))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource
    void reachTheQuadraticMinimizer(Optimizer<?> opt) {
        Result r = minimize(opt, QUAD, 1e-10, 200_000);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        double[] xStar = QUAD.argmin();
        for (int i = 0; i < xStar.length; i++) {
            assertThat(r.point()[i]).isCloseTo(xStar[i], within(1e-9));
        }
        assertThat(r.value()).isCloseTo(QUAD.minimum(), within(1e-13));
    }

    @Test
    void lionReachesTheRosenbrockMinimumOnlyWithADecayingRate() {
        // 0.0123 does not divide the distances 2.5 and 1 from the start (−1.5, 2), so the sign
        // steps cannot land on (1, 1) by arithmetic luck; the halving every 1000 steps is what
        // lets the iterate settle.
        Rosenbrock f = Rosenbrock.standard();
        Result r = minimize(Lion.defaults().withLearningRate(new StepDecay(0.0123, 0.5, 1000)), f, 1e-10, 200_000);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        assertThat(r.point()[0]).isCloseTo(1.0, within(1e-8));
        assertThat(r.point()[1]).isCloseTo(1.0, within(1e-8));
        // At a constant rate every coordinate keeps moving by ε: it hovers near (1, 1) and never settles.
        Result constant = minimize(Lion.of(0.0123), f, 1e-10, 50_000);
        assertThat(constant.converged()).isFalse();
        assertThat(dist(constant.point(), f.argmin())).isBetween(1e-4, 0.1);
    }

    @Test
    void adamWWithDecayStopsWhereTheNormalizedGradientBalancesTheDecay() {
        // A fixed point of AdamW on a deterministic problem has m̂ = g, v̂ = g², so
        // g/(|g| + δ) = −λθ, i.e. g = −δλθ/(1 − λ|θ|): a gradient of about δλ|θ| ≈ 1e-9, not 0.
        // Adam's normalization absorbs the decay, so θ is still within 1e-8 of A⁻¹b (with a decaying
        // rate; at a constant one the ±ε-sized steps hover at about 4e-3 instead).
        double lambda = 0.1;
        double eps = 1e-8;
        AdamW opt = AdamW.of(0.01).withWeightDecay(lambda).withLearningRate(new StepDecay(0.01, 0.5, 2000));
        Result r = minimize(opt, QUAD, 1e-10, 100_000);
        assertThat(r.converged()).isFalse();
        double[] g = new double[5];
        QUAD.valueAndGradient(r.point(), g);
        for (int i = 0; i < 5; i++) {
            double theta = r.point()[i];
            assertThat(g[i]).isCloseTo(-eps * lambda * theta / (1 - lambda * Math.abs(theta)),
                    within(0.05 * eps * lambda * Math.abs(theta)));
        }
        assertThat(r.gradientNorm()).isBetween(1e-9, 1e-8);
        assertThat(dist(r.point(), QUAD.argmin())).isBetween(1e-9, 1e-8);
        Result hover = minimize(AdamW.of(0.01).withWeightDecay(lambda), QUAD, 1e-10, 100_000);
        assertThat(dist(hover.point(), QUAD.argmin())).isBetween(1e-3, 1e-2);
    }

    @Test
    void rpropWithTorchsSmallestStepHoversAtThatScale() {
        // Δ_min = 1e-6 (torch's default) stops the step sizes from shrinking further, so near x* the
        // coordinates keep jumping by at least 1e-6; a smaller Δ_min (above) converges in ~600 steps.
        Result r = minimize(Rprop.defaults(), QUAD, 1e-10, 50_000);
        assertThat(r.converged()).isFalse();
        assertThat(dist(r.point(), QUAD.argmin())).isBetween(1e-6, 1e-4);
        Result finer = minimize(Rprop.defaults().withMinStepSize(1e-9), QUAD, 1e-10, 50_000);
        assertThat(dist(finer.point(), QUAD.argmin())).isBetween(1e-10, 1e-7);
    }

    @Test
    void adaDeltaAtTorchsDefaultRateIsUnstableNearTheOptimum() {
        // Near x* both averages vanish and the step tends to ε_k·g: gradient descent at rate 1,
        // unstable along the eigenvalue 100 (it needs ε_k < 2/100). ε_k = 0.01 (above) converges.
        Result r = minimize(AdaDelta.defaults(), QUAD, 1e-10, 50_000);
        assertThat(r.converged()).isFalse();
        assertThat(r.gradientNorm()).isGreaterThan(1);
    }

    @Test
    void asgdIterateReachesTheShrunkMinimizerAndTheAverageFollowsAtRateOneOverT() {
        // θ ← θ(1 − λη) − ηg is gradient descent on J + ½λ‖θ‖², so θ converges to (A + λI)⁻¹b, which
        // is about 1.9e-4 from A⁻¹b for torch's λ = 1e-4. From step t₀ + 2 on, x̄ is the plain mean
        // of the iterates: it carries the early transient with weight 1/t, so it approaches the
        // same point only like 1/t.
        double lambda = 1e-4;
        double[][] a = QUAD.a();
        for (int i = 0; i < a.length; i++) {
            a[i][i] += lambda;
        }
        double[] shrunk = new Quadratic("A + λI", a, QUAD.b(), QUAD.start()).argmin();
        Asgd opt = Asgd.defaults().withT0(100);
        Asgd.State st = opt.init(5);
        double[] theta = QUAD.start();
        double[] g = new double[5];
        double axAt10k = Double.NaN;
        for (int k = 1; k <= 100_000; k++) {
            QUAD.valueAndGradient(theta, g);
            opt.step(theta, g, st);
            if (k == 10_000) {
                axAt10k = dist(st.ax, shrunk);
                assertThat(dist(theta, shrunk)).isLessThan(1e-14);
            }
        }
        assertThat(dist(theta, shrunk)).isLessThan(1e-14);
        assertThat(dist(theta, QUAD.argmin())).isBetween(1.5e-4, 2.5e-4);
        double axAt100k = dist(st.ax, shrunk);
        assertThat(axAt10k).isBetween(1e-3, 1e-2);
        assertThat(axAt10k / axAt100k).isBetween(9.0, 11.0); // 1/t
        assertThat(st.mu[0]).isEqualTo(1.0 / (100_000 - 100));
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
