package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;

import org.assertj.core.data.Offset;
import org.junit.jupiter.api.Test;

/** Hand-checked behaviour of Prodigy and D-Adaptation Adam beyond the reference trajectories. */
class LearningRateFreeTest {

    @Test
    void aZeroGradientIsNotCountedAndLeavesThetaAndDAsTheyWere() {
        Prodigy p = Prodigy.defaults();
        Prodigy.State ps = p.init(2);
        double[] theta = {1.0, -2.0};
        p.step(theta, new double[] {0, 0}, ps);
        assertThat(theta).containsExactly(1.0, -2.0);
        assertThat(ps.step()).isZero();
        assertThat(ps.d[0]).isEqualTo(1e-6);

        DAdaptAdam a = DAdaptAdam.defaults();
        DAdaptAdam.State as = a.init(2);
        a.step(theta, new double[] {0, 0}, as);
        assertThat(theta).containsExactly(1.0, -2.0);
        assertThat(as.step()).isZero();
        assertThat(as.d[0]).isEqualTo(1e-6);
    }

    @Test
    void theFirstStepMovesByD0AndKeepsD0() {
        // step 1: s = d0·g·(d/d0)·dlr ≠ 0 but θ = θ0, so d̂ = 0 and d stays d0; m/(√v + d0·δ) = 0.1·g/(0.0316·|g|)
        Prodigy p = Prodigy.defaults();
        Prodigy.State st = p.init(1);
        double[] theta = {1.0};
        p.step(theta, new double[] {4.0}, st);
        double m = 1e-6 * 0.1 * 4.0;
        double v = 1e-12 * 0.001 * 16.0;
        assertThat(theta[0]).isCloseTo(1.0 - 1e-6 * m / (Math.sqrt(v) + 1e-6 * 1e-8), Offset.offset(1e-15));
        assertThat(st.d[0]).isEqualTo(1e-6);
        assertThat(st.dHat[0]).isZero();
        assertThat(st.k[0]).isEqualTo(1.0);
        assertThat(st.dUsed[0]).isEqualTo(1e-6);
    }

    @Test
    void dAdaptAdamGrowthIsCappedByTheGrowthRate() {
        DAdaptAdam a = DAdaptAdam.defaults().withGrowthRate(1.5);
        DAdaptAdam.State st = a.init(1);
        double[] theta = {1.0};
        for (int i = 0; i < 3; i++) {
            double before = st.d[0];
            a.step(theta, new double[] {theta[0]}, st); // f = θ²/2: far from the optimum, d̂ ≫ d
            assertThat(st.d[0]).isBetween(before, 1.5 * before);
        }
        assertThat(st.d[0]).isEqualTo(1e-6 * 1.5 * 1.5);
    }
}
