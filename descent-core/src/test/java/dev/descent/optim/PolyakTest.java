package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.transform.ClipByGlobalNorm;
import dev.descent.problem.Quadratic;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class PolyakTest {

    @Test
    void theFirstStepIsTheGapOverTheSquaredGradientNorm() {
        Polyak p = Polyak.defaults().withFStar(1);
        Polyak.State s = p.init(2);
        double[] theta = {1, 2};
        p.step(theta, 6, new double[] {3, 4}, s); // ε = (6 − 1)/25 = 0.2
        assertThat(s.stepSize[0]).isEqualTo(0.2);
        assertThat(theta).containsExactly(Math.fma(3, -0.2, 1), Math.fma(4, -0.2, 2)); // torch add_(g, alpha=−ε)
        assertThat(s.step()).isEqualTo(1);
        p.step(theta, 3, new double[] {1, 0}, s); // ε = 2/1, then δ = 0.5 below
        assertThat(s.stepSize[0]).isEqualTo(2.0);
        assertThat(theta[0]).isEqualTo(Math.fma(3, -0.2, 1) - 2.0);
        Polyak.State t = p.withEps(0.5).init(1);
        double[] x = {0};
        p.withEps(0.5).step(x, 3, new double[] {1}, t); // ε = 2/(1 + 0.5)
        assertThat(t.stepSize[0]).isEqualTo(2.0 / 1.5);
    }

    @Test
    void aZeroGradientOrAValueBelowJStarGivesNoStepAndTheCapBinds() {
        Polyak p = Polyak.defaults();
        Polyak.State s = p.init(2);
        double[] theta = {1, 2};
        p.step(theta, 5, new double[] {0, 0}, s);
        assertThat(theta).containsExactly(1, 2);
        assertThat(s.stepSize[0]).isZero();
        assertThat(s.step()).isEqualTo(1);
        p.step(theta, -1, new double[] {1, 1}, s); // J < J* = 0: step 0, not uphill
        assertThat(theta).containsExactly(1, 2);
        assertThat(s.stepSize[0]).isZero();
        Polyak capped = p.withMaxStep(0.1);
        Polyak.State c = capped.init(1);
        double[] x = {1};
        capped.step(x, 100, new double[] {1}, c); // 100/1 capped at 0.1
        assertThat(c.stepSize[0]).isEqualTo(0.1);
        assertThat(x[0]).isEqualTo(0.9);
    }

    @Test
    void spsMaxFollowsTheReferenceFormula() {
        SpsMax sps = SpsMax.defaults();
        SpsMax.State s = sps.init(2);
        double[] theta = {1, 2};
        sps.step(theta, 6, new double[] {3, 4}, s); // 6/(0.5·25 + 1e-8)
        double e = 6 / (0.5 * (5.0 * 5.0) + 1e-8);
        assertThat(s.stepSize[0]).isEqualTo(e);
        assertThat(s.gradNorm[0]).isEqualTo(5.0);
        assertThat(theta).containsExactly(Math.fma(3, -e, 1), Math.fma(4, -e, 2));
        double[] before = theta.clone();
        sps.step(theta, 6, new double[] {1e-9, 0}, s); // ‖g‖ < 1e-8: no step
        assertThat(theta).containsExactly(before);
        assertThat(s.stepSize[0]).isZero();
        SpsMax capped = sps.withMaxStep(0.01);
        SpsMax.State c = capped.init(2);
        capped.step(theta, 6, new double[] {3, 4}, c);
        assertThat(c.stepSize[0]).isEqualTo(0.01);
    }

    @Test
    void aPlainStepWithoutAValueIsRefusedAndChangesNothing() {
        Polyak p = Polyak.defaults();
        Polyak.State s = p.init(2);
        double[] theta = {1, 2};
        StateDict before = s.stateDict();
        assertThatThrownBy(() -> p.step(theta, new double[] {1, 1}, s))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("polyak needs the loss value J at step 1: call step(params, value, grad, state), or "
                        + "ValueAwareOptimizer.offerValue before step; nothing was changed");
        assertThatThrownBy(() -> p.step(theta, Double.NaN, new double[] {1, 1}, s))
                .hasMessage("polyak: loss value J = NaN is not finite at step 1; nothing was changed");
        assertThat(theta).containsExactly(1, 2);
        assertThat(s.stateDict()).isEqualTo(before);
        // an offered value is for one step only
        ValueAwareOptimizer.offerValue(p, s, 2);
        p.step(theta, new double[] {1, 1}, s);
        assertThat(s.stepSize[0]).isEqualTo(1.0);
        assertThatThrownBy(() -> p.step(theta, new double[] {1, 1}, s)).hasMessageContaining("at step 2");
    }

    @Test
    void aWrappedPolyakGetsTheOfferedValue() {
        ClipByGlobalNorm clip = new ClipByGlobalNorm(1.0, Polyak.defaults());
        var s = clip.init(2);
        double[] theta = {0, 0};
        assertThat(ValueAwareOptimizer.offerValue(clip, s, 2.0)).isTrue();
        clip.step(theta, new double[] {3, 4}, s); // clipped to (0.6, 0.8), ε = 2/1
        assertThat(theta[0]).isCloseTo(-1.2, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(theta[1]).isCloseTo(-1.6, org.assertj.core.api.Assertions.within(1e-15));
        assertThat(ValueAwareOptimizer.offerValue(Sgd.of(0.1), Sgd.of(0.1).init(2), 1.0)).isFalse();
    }

    @Test
    void savedStateResumesBitForBit() {
        Quadratic q = Quadratic.illConditioned(new double[] {1, 3, 10}, 5);
        for (ValueAwareOptimizer<?> o : List.of(Polyak.defaults().withFStar(q.minimum()),
                SpsMax.defaults().withFStar(q.minimum()).withMaxStep(0.05))) {
            @SuppressWarnings("unchecked")
            ValueAwareOptimizer<OptimizerState> opt = (ValueAwareOptimizer<OptimizerState>) o;
            double[] theta = q.start();
            OptimizerState s = opt.init(theta.length);
            run(opt, q, theta, s, 7);
            OptimizerState resumed = opt.init(theta.length);
            resumed.load(s.stateDict());
            double[] theta2 = theta.clone();
            run(opt, q, theta, s, 9);
            run(opt, q, theta2, resumed, 9);
            assertThat(Arrays.equals(theta, theta2)).as(opt.name()).isTrue();
            assertThat(resumed.stateDict()).isEqualTo(s.stateDict());
            assertThat(s.step()).isEqualTo(16);
        }
    }

    private static void run(ValueAwareOptimizer<OptimizerState> opt, Quadratic q, double[] theta, OptimizerState s,
            int steps) {
        double[] g = new double[theta.length];
        for (int k = 0; k < steps; k++) {
            opt.step(theta, q.valueAndGradient(theta, g), g, s);
        }
    }

    /**
     * On a μ-strongly convex, L-smooth J with the true J*, ‖θ⁺ − θ*‖² = ‖θ − θ*‖² − (J − J*)²/‖g‖² and
     * (J − J*)²/‖g‖² ≥ (μ/4L)‖θ − θ*‖², so the squared distance shrinks at least by 1 − μ/(4L) per step.
     */
    @Test
    void minimizerConvergesLinearlyOnAStronglyConvexQuadratic() {
        Quadratic q = Quadratic.illConditioned(new double[] {1, 10}, 3);
        double[] star = q.argmin();
        List<Double> dist2 = new ArrayList<>();
        Result r = new Minimizer<>(Polyak.defaults().withFStar(q.minimum()), new MaxIterations(60))
                .minimize(q, q.start(), (k, theta, value) -> dist2.add(squaredDistance(theta, star)));
        double rate = 1 - 1.0 / 40;
        for (int k = 1; k < dist2.size(); k++) {
            assertThat(dist2.get(k)).as("step %d", k).isLessThanOrEqualTo(rate * dist2.get(k - 1) * (1 + 1e-9));
        }
        assertThat(r.iterations()).isEqualTo(60);
        assertThat(dist2.get(60)).isLessThan(Math.pow(rate, 60) * dist2.get(0));
        assertThat(Math.sqrt(squaredDistance(r.point(), star))).isLessThan(1e-3 * Math.sqrt(dist2.get(0)));
    }

    private static double squaredDistance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }
        return s;
    }
}
