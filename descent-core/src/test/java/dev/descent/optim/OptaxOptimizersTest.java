package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.ParamLayout;
import org.junit.jupiter.api.Test;

/**
 * Steps of the Optax-derived rules computed by hand from the equations in their Javadoc (the
 * golden cases in descent-conformance pin whole trajectories against the Optax transcription).
 */
class OptaxOptimizersTest {

    @Test
    void adaBeliefFirstStepAndTheEpsRootThatStaysInS() {
        AdaBelief opt = AdaBelief.of(0.1);
        AdaBelief.State st = opt.init(1);
        double[] theta = {1};
        opt.step(theta, new double[] {2}, st);
        // m = 0.1·2 = 0.2; s = 0.001·(2 − 0.2)² + ε̄; m̂ = 2; ŝ = s/0.001
        double s1 = 0.001 * (1.8 * 1.8) + 1e-16;
        assertThat(st.m[0]).isEqualTo(0.2, within(1e-16));
        assertThat(st.s[0]).isEqualTo(s1, within(1e-17)); // ε̄ = 1e-16 is 10× the tolerance
        assertThat(theta[0]).isEqualTo(1 - 0.1 * 2 / (Math.sqrt(s1 / 0.001) + 1e-16), within(1e-15));

        // with g = 0 from a zero state, m stays 0 and s collects ε̄ each step: ε̄(1 + β₂ + β₂²)
        AdaBelief big = AdaBelief.of(0.1).withEpsRoot(1e-6);
        AdaBelief.State z = big.init(1);
        double[] x = {5};
        for (int k = 0; k < 3; k++) {
            big.step(x, new double[] {0}, z);
        }
        assertThat(z.m[0]).isZero();
        assertThat(z.s[0]).isEqualTo(1e-6 * (1 + 0.999 + 0.999 * 0.999), within(1e-18));
        assertThat(x[0]).isEqualTo(5);
    }

    @Test
    void adaBeliefNesterovLooksAheadWithTheNextBiasCorrection() {
        AdaBelief opt = AdaBelief.of(0.1).withNesterov(true);
        AdaBelief.State st = opt.init(1);
        double[] theta = {1};
        opt.step(theta, new double[] {2}, st);
        // m̂ = β₁·m/(1 − β₁²) + (1 − β₁)·g/(1 − β₁) = 0.9·0.2/0.19 + 2 = 2.947368…
        double mHat = 0.9 * (0.2 / 0.19) + 0.1 * 2 / 0.1;
        double s1 = 0.001 * (1.8 * 1.8) + 1e-16;
        assertThat(theta[0]).isEqualTo(1 - 0.1 * mHat / (Math.sqrt(s1 / 0.001) + 1e-16), within(1e-15));
        assertThat(mHat).isEqualTo(2.9473684210526314, within(1e-15));
    }

    @Test
    void yogiStartsBothMomentsAtTheInitialAccumulatorAndMovesVBySign() {
        Yogi opt = Yogi.of(0.1).withInitialAccumulator(0.1);
        Yogi.State st = opt.init(2);
        assertThat(st.m).containsExactly(0.1, 0.1);
        assertThat(st.v).containsExactly(0.1, 0.1);
        double[] theta = {1, 1};
        opt.step(theta, new double[] {0.5, 0.1}, st);
        // coordinate 0: g² = 0.25 > v, so v grows: 0.1 + 0.001·0.25; coordinate 1: g² = 0.01 < v, v shrinks
        assertThat(st.v[0]).isEqualTo(0.1 + 0.001 * 0.25, within(1e-17));
        assertThat(st.v[1]).isEqualTo(0.1 - 0.001 * 0.01, within(1e-17));
        double m0 = 0.1 * 0.5 + 0.9 * 0.1;
        assertThat(st.m[0]).isEqualTo(m0, within(1e-17));
        assertThat(theta[0]).isEqualTo(1 - 0.1 * (m0 / 0.1) / (Math.sqrt(st.v[0] / 0.001) + 1e-3), within(1e-15));
    }

    @Test
    void adanHasNoDifferenceOnItsFirstStepAndTheRealOneAfter() {
        Adan opt = Adan.of(0.1);
        Adan.State st = opt.init(1);
        double[] theta = {1};
        opt.step(theta, new double[] {3}, st);
        // t = 1: Δ = 0, m̂ = 3, v̂ = 0, n̂ = 9
        assertThat(st.v[0]).isZero();
        assertThat(theta[0]).isEqualTo(1 - 0.1 * 3 / (Math.sqrt(9 + 1e-8) + 1e-8), within(1e-15));
        double before = theta[0];
        opt.step(theta, new double[] {1}, st);
        // t = 2: Δ = −2
        double m = 0.02 * 1 + 0.98 * (0.02 * 3);
        double v = 0.08 * -2;
        double sq = 1 + 0.08 * -2;
        double n = 0.01 * sq * sq + 0.99 * (0.01 * 9);
        double u = (m / (1 - 0.98 * 0.98) + 0.08 * (v / (1 - 0.92 * 0.92)))
                / (Math.sqrt(n / (1 - 0.99 * 0.99) + 1e-8) + 1e-8);
        assertThat(st.v[0]).isEqualTo(v, within(1e-16));
        assertThat(st.gPrev[0]).isEqualTo(1);
        assertThat(theta[0]).isEqualTo(before - 0.1 * u, within(1e-15));
    }

    @Test
    void novoGradNormalizesEachBlockByItsOwnNorm() {
        ParamLayout layout = ParamLayout.builder().add("W", 2).add("b", 1).build();
        NovoGrad opt = NovoGrad.of(0.1);
        NovoGrad.State st = opt.init(layout);
        double[] theta = {0, 0, 0};
        double[] g = {3, 4, 1e-3};
        opt.step(theta, g, st);
        assertThat(st.v).hasSize(2);
        assertThat(st.v[0]).isEqualTo(25, within(1e-14));
        assertThat(st.v[1]).isEqualTo(1e-6, within(1e-21));
        // each block moves by about ε_k in norm, whatever its gradient's scale
        assertThat(theta[0]).isEqualTo(-0.1 * 3 / (5 + 1e-6), within(1e-15));
        assertThat(theta[1]).isEqualTo(-0.1 * 4 / (5 + 1e-6), within(1e-15));
        assertThat(theta[2]).isEqualTo(-0.1 * 1e-3 / (1e-3 + 1e-6), within(1e-15));
        // the flat layout normalizes the whole vector: b barely moves
        NovoGrad.State flat = opt.init(3);
        double[] x = {0, 0, 0};
        opt.step(x, g, flat);
        assertThat(flat.v).hasSize(1);
        assertThat(x[2]).isEqualTo(-0.1 * 1e-3 / (Math.sqrt(25 + 1e-6) + 1e-6), within(1e-17));

        // second step: v ← (1 − β₂)‖g‖² + β₂v, m ← β₁m + g/(√v + ε)
        opt.step(theta, new double[] {0, 0, 2e-3}, st);
        double vb = 0.75 * 4e-6 + 0.25 * 1e-6;
        assertThat(st.v[1]).isEqualTo(vb, within(1e-20));
        assertThat(st.v[0]).isEqualTo(0.25 * 25, within(1e-14));
        double mb = 0.9 * (1e-3 / (1e-3 + 1e-6)) + 2e-3 / (Math.sqrt(vb) + 1e-6);
        assertThat(st.m[2]).isEqualTo(mb, within(1e-15));
    }

    @Test
    void signSgdMovesEveryNonzeroCoordinateByTheLearningRate() {
        SignSgd opt = SignSgd.of(0.25);
        SignSgd.State st = opt.init(3);
        double[] theta = {1, 1, 1};
        opt.step(theta, new double[] {1e-300, -7, 0}, st);
        assertThat(theta).containsExactly(0.75, 1.25, 1.0);
        assertThat(st.step()).isEqualTo(1);
    }

    @Test
    void noisySgdAddsSigmaTimesTheGivenNoise() {
        NoisySgd opt = NoisySgd.of(0.5).withEta(0.04).withGamma(1);
        NoisySgd.State st = opt.init(2);
        double[] theta = {1, 2};
        opt.step(theta, new double[] {1, 0}, new double[] {1, -2}, st);
        // σ₁ = √0.04 = 0.2
        assertThat(theta[0]).isEqualTo(1 - 0.5 * (1 + 0.2), within(1e-15));
        assertThat(theta[1]).isEqualTo(2 - 0.5 * (0 - 0.4), within(1e-15));
        // σ₂ = √(0.04/2)
        assertThat(opt.standardDeviation(2)).isEqualTo(Math.sqrt(0.02), within(1e-17));
        assertThat(NoisySgd.defaults().standardDeviation(3)).isEqualTo(Math.sqrt(0.01 / Math.pow(3, 0.55)), within(1e-17));
    }

    @Test
    void noisySgdsOwnNoiseIsAFunctionOfSeedStepAndIndex() {
        NoisySgd opt = NoisySgd.defaults().withSeed(11);
        NoisySgd.State st = opt.init(3);
        double[] theta = {1, 2, 3};
        double[] g = {0.5, -0.5, 0};
        double[] expected = theta.clone();
        double[] xi = new double[3];
        for (long t = 1; t <= 3; t++) {
            NoisySgd.standardNormal(11, t, xi);
            double sigma = opt.standardDeviation(t);
            for (int i = 0; i < 3; i++) {
                expected[i] -= 0.01 * (g[i] + sigma * xi[i]);
            }
            opt.step(theta, g, st);
            assertThat(st.lastNoise()).containsExactly(xi);
        }
        assertThat(theta).containsExactly(expected);

        double[] a = new double[5];
        double[] b = new double[5];
        NoisySgd.standardNormal(11, 2, a);
        NoisySgd.standardNormal(11, 2, b);
        assertThat(a).containsExactly(b);
        NoisySgd.standardNormal(12, 2, b);
        assertThat(a).doesNotContain(b[0]);
        NoisySgd.standardNormal(11, 3, b);
        assertThat(a).doesNotContain(b[0]);
    }

    @Test
    void noisySgdsNoiseIsStandardNormal() {
        double[] xi = new double[200_000];
        NoisySgd.standardNormal(0, 1, xi);
        double sum = 0;
        double sumSq = 0;
        int beyond2 = 0;
        for (double x : xi) {
            sum += x;
            sumSq += x * x;
            beyond2 += Math.abs(x) > 2 ? 1 : 0;
        }
        double mean = sum / xi.length;
        // standard errors: mean 1/√n ≈ 0.0022, variance √(2/n) ≈ 0.0032, P(|x| > 2) = 0.0455
        assertThat(mean).isBetween(-0.01, 0.01);
        assertThat(sumSq / xi.length - mean * mean).isBetween(0.985, 1.015);
        assertThat(beyond2 / (double) xi.length).isBetween(0.0435, 0.0475);
    }

    @Test
    void noisySgdRefusesBadNoiseAndChangesNothing() {
        NoisySgd opt = NoisySgd.defaults();
        NoisySgd.State st = opt.init(2);
        double[] theta = {1, 2};
        assertThatThrownBy(() -> opt.step(theta, new double[] {1, 1}, new double[] {0, Double.NaN}, st))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("noisy_sgd: noise theta[1] (flat index 1) = NaN is not finite at step 1; nothing was changed");
        assertThatThrownBy(() -> opt.step(theta, new double[] {1, 1}, new double[] {0}, st))
                .hasMessage("noisy_sgd: noise has length 1, expected 2 (the length of params); nothing was changed");
        assertThat(theta).containsExactly(1, 2);
        assertThat(st.step()).isZero();
    }
}
