package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Hand-computed steps of Schedule-Free SGD and AdamW (y in params, z in state, x the average). */
class ScheduleFreeTest {

    @Test
    void sgdTwoStepsByHand() {
        ScheduleFreeSgd opt = ScheduleFreeSgd.of(0.1); // β = 0.9, r = 0, no warmup
        double[] y = {1.0};
        ScheduleFreeSgd.State s = opt.init(1);
        assertThat(opt.modelPoint(y, s)).containsExactly(1.0); // before step 1, x = y
        opt.step(y, new double[] {2.0}, s);
        // c = 1: y = z₀ − γ·g = 0.8, z = 0.8, x = y
        assertThat(y[0]).isCloseTo(0.8, within(1e-15));
        assertThat(s.z[0]).isCloseTo(0.8, within(1e-15));
        assertThat(s.ckp1()).isEqualTo(1.0);
        assertThat(opt.modelPoint(y, s)[0]).isCloseTo(0.8, within(1e-15));
        opt.step(y, new double[] {4.0}, s);
        // c = 1/2: y = lerp(0.8, 0.8, ½) + 0.1·(0.9·½ − 1)·4 = 0.58; z = 0.8 − 0.4 = 0.4
        assertThat(s.ckp1()).isEqualTo(0.5);
        assertThat(y[0]).isCloseTo(0.58, within(1e-15));
        assertThat(s.z[0]).isCloseTo(0.4, within(1e-15));
        // x = the equal-weight average of z₁ and z₂
        assertThat(opt.modelPoint(y, s)[0]).isCloseTo(0.6, within(1e-15));
    }

    @Test
    void adamwFirstStepIsANormalizedStepAndWarmupScalesTheRate() {
        ScheduleFreeAdamW opt = ScheduleFreeAdamW.of(0.1).withWarmupSteps(4);
        assertThat(opt.scheduledLearningRate(0)).isCloseTo(0.025, within(1e-17));
        assertThat(opt.scheduledLearningRate(3)).isEqualTo(0.1);
        assertThat(opt.scheduledLearningRate(9)).isEqualTo(0.1);
        double[] y = {1.0, -2.0};
        ScheduleFreeAdamW.State s = opt.init(2);
        opt.step(y, new double[] {3.0, -0.5}, s);
        // bias-corrected v = g², so u = g/(|g| + δ) ≈ sign(g); γ = 0.025
        assertThat(y[0]).isCloseTo(1.0 - 0.025, within(1e-9));
        assertThat(y[1]).isCloseTo(-2.0 + 0.025, within(1e-9));
        assertThat(s.z).containsExactly(y);
        assertThat(s.v[0]).isCloseTo(0.001 * 9, within(1e-15));
    }
}
