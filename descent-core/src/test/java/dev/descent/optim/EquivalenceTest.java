package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.optim.schedule.StepDecay;
import dev.descent.problem.Quadratic;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Where two conventions must agree, and where they must not. */
class EquivalenceTest {

    static final Quadratic QUAD = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 3);

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
    void momentumZeroIsSgdBitForBit() {
        double[][] g = randomGradients(50, 4, 1);
        double[] x0 = {1, -1, 0.5, 2};
        assertThat(Arrays.equals(replay(Momentum.of(0.03, 0), x0, g), replay(Sgd.of(0.03), x0, g))).isTrue();
    }

    @Test
    void bookAndTorchMomentumAgreeAtConstantLearningRate() {
        double[][] g = randomGradients(60, 4, 2);
        double[] x0 = {1, -1, 0.5, 2};
        double[] book = replay(Momentum.of(0.03, 0.9), x0, g);
        double[] torch = replay(Momentum.torch(0.03, 0.9, 0, 0), x0, g);
        for (int i = 0; i < 4; i++) {
            assertThat(book[i]).isCloseTo(torch[i], within(1e-12));
        }
    }

    @Test
    void bookAndTorchMomentumDifferOnceTheLearningRateChanges() {
        // torch rescales the whole buffer by the new lr; the book's velocity keeps the old ε·g terms.
        double[][] g = randomGradients(30, 4, 2);
        double[] x0 = {1, -1, 0.5, 2};
        StepDecay decay = new StepDecay(0.03, 0.5, 10);
        double[] book = replay(Momentum.of(0.03, 0.9).withLearningRate(decay), x0, g);
        double[] torch = replay(Momentum.torch(0.03, 0.9, 0, 0).withLearningRate(decay), x0, g);
        assertThat(Math.abs(book[0] - torch[0])).isGreaterThan(1e-4);
    }

    @Test
    void torchNesterovIterateIsTheBookLookAheadPoint() {
        // With the same ε, α and v₀ = 0, torch's θ_t equals the book's θ_t + αv_t.
        Nesterov book = Nesterov.of(0.005, 0.9);
        Nesterov torch = Nesterov.torch(0.005, 0.9, 0);
        double[] xb = QUAD.start();
        double[] xt = QUAD.start();
        Nesterov.State sb = book.init(5);
        Nesterov.State st = torch.init(5);
        double[] g = new double[5];
        for (int t = 0; t < 40; t++) {
            QUAD.valueAndGradient(book.evaluationPoint(xb, sb), g);
            book.step(xb, g, sb);
            QUAD.valueAndGradient(torch.evaluationPoint(xt, st), g);
            torch.step(xt, g, st);
            double[] lookahead = book.evaluationPoint(xb, sb);
            for (int i = 0; i < 5; i++) {
                assertThat(xt[i]).isCloseTo(lookahead[i], within(1e-12));
            }
        }
    }

    @Test
    void rmsPropNesterovWithoutMomentumIsBookRmsProp() {
        double[][] g = randomGradients(40, 4, 5);
        double[] x0 = {1, -1, 0.5, 2};
        double[] a = replay(new RmsPropNesterov(dev.descent.optim.schedule.Schedule.constant(0.01), 0.9, 0, 1e-6), x0, g);
        double[] b = replay(RmsProp.of(0.01, 0.9), x0, g);
        for (int i = 0; i < 4; i++) {
            assertThat(a[i]).isCloseTo(b[i], within(1e-14));
        }
    }

    @Test
    void adamWithoutFirstMomentIsBiasCorrectedRmsPropWithEpsOutside() {
        // β₁ = 0: ŝ = g, so θ ← θ − ε g/(√(r/(1−β₂ᵗ)) + δ): RMSProp with a bias-corrected average.
        double[][] g = randomGradients(30, 3, 6);
        double[] theta = {0.3, -0.7, 1.1};
        double[] expected = theta.clone();
        double[] r = new double[3];
        Adam adam = Adam.of(0.01).withBeta1(0);
        Adam.State st = adam.init(3);
        for (int t = 1; t <= g.length; t++) {
            adam.step(theta, g[t - 1], st);
            for (int i = 0; i < 3; i++) {
                double gi = g[t - 1][i];
                r[i] = 0.999 * r[i] + 0.001 * gi * gi;
                expected[i] -= 0.01 * gi / (Math.sqrt(r[i] / (1 - Math.pow(0.999, t))) + 1e-8);
            }
            for (int i = 0; i < 3; i++) {
                assertThat(theta[i]).isCloseTo(expected[i], within(1e-14));
            }
        }
    }

    @Test
    void adaGradPlacementsDifferOnlyThroughDelta() {
        double[][] g = randomGradients(20, 3, 8);
        double[] x0 = {0.1, 0.2, 0.3};
        double[] outside = replay(AdaGrad.of(0.1).withEps(0), x0, g);
        double[] inside = replay(AdaGrad.of(0.1).withEps(0).withEpsPlacement(EpsilonPlacement.INSIDE_SQRT), x0, g);
        assertThat(Arrays.equals(outside, inside)).isTrue();
        double[] outside1 = replay(AdaGrad.of(0.1).withEps(0.1), x0, g);
        double[] inside1 = replay(AdaGrad.of(0.1).withEps(0.1).withEpsPlacement(EpsilonPlacement.INSIDE_SQRT), x0, g);
        assertThat(Math.abs(outside1[0] - inside1[0])).isGreaterThan(1e-4);
    }
}
