package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import java.util.Arrays;
import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hand-computed steps of D-Adaptation SGD, DoG and L-DoG, their refusals and resume. */
class DAdaptSgdDoGTest {

    @Test
    void dAdaptSgdFirstStepsByHand() {
        DAdaptSgd opt = DAdaptSgd.defaults();
        DAdaptSgd.State st = opt.init(2);
        double[] theta = {1.0, 2.0};
        opt.step(theta, new double[] {3.0, 4.0}, st);
        // ‖g₁‖ = 5, dlr = 1e-6/5; s = dlr·g; r = 0 so d̂ = 0 and d stays d₀; θ = z = θ₀ − s
        assertThat(st.g0Norm[0]).isEqualTo(5.0);
        assertThat(st.s[0]).isCloseTo(6e-7, Offset.offset(1e-21));
        assertThat(st.s[1]).isCloseTo(8e-7, Offset.offset(1e-21));
        assertThat(theta[0]).isCloseTo(1.0 - 6e-7, Offset.offset(1e-16));
        assertThat(theta[1]).isCloseTo(2.0 - 8e-7, Offset.offset(1e-16));
        assertThat(st.d[0]).isEqualTo(1e-6);
        assertThat(st.numeratorWeighted[0]).isZero();
        // step 2, g = (0, 8): r = dlr·⟨g, s⟩ = 2e-7·6.4e-6 = 1.28e-12; s = (6e-7, 2.4e-6), ‖s‖ = 2.4739e-6
        opt.step(theta, new double[] {0.0, 8.0}, st);
        double sNorm = Math.hypot(6e-7, 2.4e-6);
        assertThat(st.numeratorWeighted[0]).isCloseTo(1.28e-12, Offset.offset(1e-25));
        assertThat(st.d[0]).isCloseTo(Math.max(1e-6, 2 * 1.28e-12 / sNorm), Offset.offset(1e-18));
        assertThat(st.dUsed[0]).isEqualTo(1e-6);
        assertThat(st.k[0]).isEqualTo(2.0);
    }

    @Test
    void dAdaptSgdMomentumAveragesThetaTowardsZ() {
        DAdaptSgd opt = DAdaptSgd.defaults().withMomentum(0.75);
        DAdaptSgd.State st = opt.init(1);
        double[] theta = {2.0};
        opt.step(theta, new double[] {-1.0}, st);
        // z = 2 + 1e-6; θ = 0.75·2 + 0.25·z
        assertThat(st.z[0]).isCloseTo(2.0 + 1e-6, Offset.offset(1e-15));
        assertThat(theta[0]).isCloseTo(2.0 + 0.25e-6, Offset.offset(1e-15));
    }

    @Test
    void dAdaptSgdRefusesAZeroFirstGradientAndChangesNothing() {
        DAdaptSgd opt = DAdaptSgd.defaults();
        DAdaptSgd.State st = opt.init(2);
        double[] theta = {1.0, 2.0};
        assertThatThrownBy(() -> opt.step(theta, new double[] {0, 0}, st))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("dadapt_sgd: the first gradient is zero (‖g₁‖ = 0), so the step size d·lr/‖g₁‖ is "
                        + "undefined; nothing was changed");
        assertThat(theta).containsExactly(1.0, 2.0);
        assertThat(st.step()).isZero();
        assertThat(st.k[0]).isZero();
        assertThat(st.x0).containsExactly(0.0, 0.0);
    }

    @Test
    void dogFirstStepByHand() {
        DoG opt = DoG.defaults();
        DoG.State st = opt.init(2);
        double[] theta = {3.0, 4.0};
        opt.step(theta, new double[] {0.6, 0.8}, st);
        // r̄ = 1e-6·(1 + 5), G = 1 + 1e-8, η = r̄/√G
        double eta = 6e-6 / Math.sqrt(1 + 1e-8);
        assertThat(st.rbar[0]).isCloseTo(6e-6, Offset.offset(1e-20));
        assertThat(st.bigG[0]).isCloseTo(1 + 1e-8, Offset.offset(1e-16));
        assertThat(st.eta[0]).isCloseTo(eta, Offset.offset(1e-20));
        assertThat(theta[0]).isCloseTo(3.0 - eta * 0.6, Offset.offset(1e-15));
        assertThat(st.x0).containsExactly(3.0, 4.0);
        // step 2: the distance travelled, η·‖g‖ ≈ 6e-6·(1 − 5e-9), is below r̄, so r̄ stays
        opt.step(theta, new double[] {0.0, 1.0}, st);
        assertThat(st.rbar[0]).isCloseTo(6e-6, Offset.offset(1e-20));
        assertThat(st.bigG[0]).isCloseTo(2 + 1e-8, Offset.offset(1e-15));
    }

    @Test
    void dogInitEtaSetsTheFirstStepExactly() {
        DoG opt = DoG.defaults().withInitEta(0.01);
        DoG.State st = opt.init(1);
        double[] theta = {1.0};
        opt.step(theta, new double[] {2.0}, st);
        assertThat(st.eta[0]).isEqualTo(0.01);
        assertThat(st.rbar[0]).isZero(); // ρ is 0 with initEta, as in the reference
        assertThat(theta[0]).isEqualTo(1.0 - 0.02);
        // step 2: r̄ = |θ₁ − θ₀| = 0.02, G = 1e-8 + 4 + 1
        opt.step(theta, new double[] {1.0}, st);
        assertThat(st.rbar[0]).isCloseTo(0.02, Offset.offset(1e-16));
        assertThat(st.eta[0]).isCloseTo(0.02 / Math.sqrt(5 + 1e-8), Offset.offset(1e-16));
    }

    @Test
    void dogRefusesGZeroAndChangesNothing() {
        DoG opt = new DoG(dev.descent.optim.schedule.Schedule.constant(1), 1e-6, 0, 0, Double.NaN);
        DoG.State st = opt.init(2);
        double[] theta = {1.0, 2.0};
        assertThatThrownBy(() -> opt.step(theta, new double[] {0, 0}, st))
                .hasMessage("dog: G = 0.0 at step 1 (all gradients zero and eps = 0); DoG needs G > 0; nothing was changed");
        assertThat(theta).containsExactly(1.0, 2.0);
        assertThat(st.step()).isZero();
        assertThat(st.rbar[0]).isZero();
    }

    @Test
    void lDogStepSizesDifferPerBlockWhileDogSharesOne() {
        ParamLayout layout = ParamLayout.builder().add("w", 2).add("b", 1).build();
        double[] theta0 = {3.0, 4.0, 10.0};
        double[] grad = {0.6, 0.8, 2.0};
        LDoG l = LDoG.defaults();
        LDoG.State ls = l.init(layout);
        double[] lt = theta0.clone();
        l.step(lt, grad, ls);
        // block w: r̄ = 1e-6·(1 + 5), G = 1 + 1e-8; block b: r̄ = 1e-6·(1 + 10), G = 4 + 1e-8
        double etaW = 6e-6 / Math.sqrt(1 + 1e-8);
        double etaB = 11e-6 / Math.sqrt(4 + 1e-8);
        assertThat(ls.eta[0]).isCloseTo(etaW, Offset.offset(1e-20));
        assertThat(ls.eta[1]).isCloseTo(etaB, Offset.offset(1e-20));
        assertThat(ls.eta[1] / ls.eta[0]).isCloseTo(11.0 / 6 * Math.sqrt((1 + 1e-8) / (4 + 1e-8)), Offset.offset(1e-14));
        assertThat(lt[2]).isCloseTo(10.0 - etaB * 2.0, Offset.offset(1e-15));

        // DoG on the same layout: one η from ‖θ₀‖ = √125 and G = 5 + 1e-8
        DoG d = DoG.defaults();
        DoG.State ds = d.init(layout);
        double[] dt = theta0.clone();
        d.step(dt, grad, ds);
        double eta = 1e-6 * (1 + Math.sqrt(125)) / Math.sqrt(5 + 1e-8);
        assertThat(ds.eta[0]).isCloseTo(eta, Offset.offset(1e-20));
        assertThat(dt[0]).isCloseTo(3.0 - eta * 0.6, Offset.offset(1e-15));
        assertThat(dt[2]).isCloseTo(10.0 - eta * 2.0, Offset.offset(1e-15));
    }

    @Test
    void lDogOnOneBlockIsDogBitForBit() {
        DoG d = DoG.defaults().withWeightDecay(1e-3);
        LDoG l = LDoG.defaults().withWeightDecay(1e-3);
        DoG.State ds = d.init(3);
        LDoG.State ls = l.init(3);
        double[] a = {0.5, -1.5, 2.0};
        double[] b = a.clone();
        for (int t = 0; t < 10; t++) {
            d.step(a, new double[] {a[0] - 1, 3 * a[1], Math.sin(a[2])}, ds);
            l.step(b, new double[] {b[0] - 1, 3 * b[1], Math.sin(b[2])}, ls);
        }
        assertThat(b).containsExactly(a);
        assertThat(ls.eta[0]).isEqualTo(ds.eta[0]);
    }

    @Test
    void savedStateResumesBitForBit() {
        resume(DAdaptSgd.defaults().withMomentum(0.5).withGrowthRate(1.1));
        resume(DoG.defaults());
        resume(LDoG.defaults().withRepsRel(1e-4));
    }

    private static <S extends OptimizerState> void resume(Optimizer<S> opt) {
        ParamLayout layout = ParamLayout.builder().add("w", 2).add("b", 2).build();
        S st = opt.init(layout);
        double[] theta = {1.0, -2.0, 0.5, 3.0};
        for (int t = 0; t < 5; t++) {
            opt.step(theta, quadGrad(theta), st);
        }
        S resumed = opt.init(layout);
        resumed.load(st.stateDict());
        double[] theta2 = theta.clone();
        for (int t = 0; t < 5; t++) {
            opt.step(theta, quadGrad(theta), st);
            opt.step(theta2, quadGrad(theta2), resumed);
        }
        assertThat(theta2).as(opt.name()).containsExactly(theta);
        assertThat(resumed.step()).isEqualTo(10);
        for (var e : st.buffersView().entrySet()) {
            assertThat(Arrays.equals(resumed.buffersView().get(e.getKey()), e.getValue())).as(e.getKey()).isTrue();
        }
    }

    private static double[] quadGrad(double[] x) {
        return new double[] {x[0] - 1, 4 * x[1], 0.5 * x[2] + 0.1, 9 * (x[3] - 2)};
    }
}
