package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.spec.OptimizerSpec;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Muon and Adafactor against closed forms: the polar factor (Muon with the classic cubic
 * Newton–Schulz coefficients converges to it), the first step of each (normalized momentum; sign
 * steps of the relative size), the factored second moment of a rank-one g², and their refusals.
 * Their torch and Keller Jordan trajectories are replayed by descent-conformance.
 */
class MatrixOptimizersTest {

    private static double[] random(int n, long seed) {
        Random r = new Random(seed);
        double[] a = new double[n];
        for (int i = 0; i < n; i++) {
            a[i] = r.nextGaussian();
        }
        return a;
    }

    /** Muon with (a, b, c) = (1.5, −0.5, 0): X ← X(3I − XᵀX)/2 converges to U(UᵀU)^(−1/2), so OᵀO = I. */
    @Test
    void cubicNewtonSchulzReachesThePolarFactorOfTallAndWideBlocks() {
        for (int[] shape : new int[][] {{6, 3}, {3, 6}}) {
            int m = shape[0];
            int n = shape[1];
            ParamLayout layout = ParamLayout.builder().add("W", m, n).build();
            // no momentum, no decay, lr 1, ρ = 1 (match is 0.2√max(m, n); original √max(1, m/n)): θ₁ = −O ρ
            Muon muon = Muon.defaults().withLearningRate(1).withWeightDecay(0).withMomentum(0, false)
                    .withNewtonSchulz(1.5, -0.5, 0, 60);
            double[] g = random(m * n, 7);
            double[] theta = new double[m * n];
            Muon.State st = muon.init(layout);
            muon.step(theta, g, st);
            double rho = Math.sqrt(Math.max(1, (double) m / n));
            double[] o = new double[m * n];
            for (int i = 0; i < o.length; i++) {
                o[i] = -theta[i] / rho;
            }
            int r = Math.min(m, n);
            // the r × r Gram matrix of O in its short dimension is the identity
            for (int p = 0; p < r; p++) {
                for (int q = 0; q < r; q++) {
                    double dot = 0;
                    for (int l = 0; l < Math.max(m, n); l++) {
                        dot += m > n ? o[l * n + p] * o[l * n + q] : o[p * n + l] * o[q * n + l];
                    }
                    assertThat(dot).as("shape %dx%d (%d, %d)", m, n, p, q).isCloseTo(p == q ? 1 : 0, within(1e-12));
                }
            }
            // and O is the polar factor of G: ⟨O, G⟩ = ‖G‖_* > 0 and O G^T symmetric (for wide G)
            double inner = 0;
            for (int i = 0; i < o.length; i++) {
                inner += o[i] * g[i];
            }
            assertThat(inner).isPositive();
        }
    }

    /** Zero Newton–Schulz steps: O = U/max(‖U‖, ε); with μ = 0.9 Nesterov, U = G(1 − μ)(1 + μ) at t = 1. */
    @Test
    void firstStepWithoutIterationsIsTheNormalizedNesterovMomentum() {
        ParamLayout layout = ParamLayout.builder().add("W", 2, 3).build();
        double[] g = {1, -2, 0.5, 3, 0, -1};
        double[] theta = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        double[] start = theta.clone();
        double lr = 0.05;
        double wd = 0.1;
        Muon muon = Muon.defaults().withLearningRate(lr).withWeightDecay(wd).withMomentum(0.9, true)
                .withNewtonSchulz(3.4445, -4.775, 2.0315, 0);
        muon.step(theta, g, muon.init(layout));
        double norm = Math.sqrt(1 + 4 + 0.25 + 9 + 0 + 1);
        for (int i = 0; i < 6; i++) {
            // U = (1 − μ)G + μ·(1 − μ)G is a multiple of G, so U/‖U‖ = G/‖G‖ (ρ = 1 for a wide block)
            assertThat(theta[i]).isCloseTo(start[i] * (1 - lr * wd) - lr * g[i] / norm, within(1e-15));
        }
        Muon.State st = muon.init(layout);
        double[] again = start.clone();
        muon.step(again, g, st);
        double w = 1 - 0.9; // torch's lerp_(grad, 1 − μ) from B₀ = 0: (1 − μ)·G, with 1 − μ rounded
        assertThat(st.momentumBuffer).containsExactly(w * g[0], w * g[1], w * g[2], w * g[3], w * g[4], w * g[5]);
    }

    @Test
    void muonRefusesBlocksThatAreNotMatricesAndPartitionGivesThemToAnotherOptimizer() {
        ParamLayout layout = ParamLayout.builder().add("W", 3, 2).add("b", 2).build();
        assertThatThrownBy(() -> Muon.defaults().init(layout))
                .hasMessageStartingWith("muon: block 'b' has shape [2]; Muon updates matrices (2-D blocks) only")
                .hasMessageContaining("partition(matrices: muon(...), rest: adamw(...))");
        assertThatThrownBy(() -> Muon.defaults().init(4)).hasMessageContaining("block 'theta' has shape [4]");

        // in a partition, W takes Muon's step and b AdamW's, exactly as each alone
        Optimizer<?> p = OptimizerSpec.build("partition(matrices: muon(lr=0.02), rest: adamw(lr=0.001))");
        double[] theta = {0.5, -0.2, 0.1, 0.3, -0.4, 0.2, 1, -1};
        double[] g = {0.3, 0.1, -0.2, 0.4, 0.05, -0.1, 0.2, 0.7};
        double[] viaPartition = theta.clone();
        stepTwice(p, layout, viaPartition, g);
        double[] w = java.util.Arrays.copyOfRange(theta, 0, 6);
        stepTwice(Muon.defaults().withLearningRate(0.02), ParamLayout.builder().add("W", 3, 2).build(), w,
                java.util.Arrays.copyOfRange(g, 0, 6));
        double[] b = java.util.Arrays.copyOfRange(theta, 6, 8);
        stepTwice(AdamW.defaults().withLearningRate(0.001), ParamLayout.builder().add("b", 2).build(), b,
                java.util.Arrays.copyOfRange(g, 6, 8));
        assertThat(java.util.Arrays.copyOfRange(viaPartition, 0, 6)).containsExactly(w);
        assertThat(java.util.Arrays.copyOfRange(viaPartition, 6, 8)).containsExactly(b);
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void stepTwice(Optimizer opt, ParamLayout layout, double[] theta, double[] g) {
        OptimizerState st = opt.init(layout);
        opt.step(theta, g, st);
        opt.step(theta, g, st);
    }

    /**
     * Both references' forms agree closely: they differ in where ε enters (max(‖U‖, ε) against
     * ‖U‖ + ε, a relative 1e-7/‖U‖ in X₀, which the quintic carries into the update) and in the
     * order of ρ and ε_k (rounding).
     */
    @Test
    void torchAndKellerJordanFormsDifferOnlyInRounding() {
        ParamLayout layout = ParamLayout.builder().add("W", 5, 3).build();
        Muon torch = Muon.defaults().withLearningRate(0.02).withWeightDecay(0);
        Muon kj = Muon.kellerJordan();
        double[] a = random(15, 3);
        double[] b = a.clone();
        Muon.State sa = torch.init(layout);
        Muon.State sb = kj.init(layout);
        for (int t = 0; t < 10; t++) {
            double[] g = random(15, 100 + t);
            torch.step(a, g, sa);
            kj.step(b, g, sb);
        }
        for (int i = 0; i < 15; i++) {
            assertThat(b[i]).isCloseTo(a[i], within(1e-6));
        }
    }

    /** Step 1 of Adafactor on a vector: V = g², U = sign(g), RMS(U) = 1, so θ₁ = θ₀ − max(ε₂, RMS(θ₀))·ε_k·sign(g). */
    @Test
    void adafactorFirstStepIsASignStepOfTheRelativeSize() {
        double[] theta = {0.3, -0.4, 1.2, 0.0};
        double[] g = {2, -0.001, 5, -7};
        double rms = Math.sqrt((0.09 + 0.16 + 1.44) / 4);
        double[] start = theta.clone();
        Adafactor opt = Adafactor.of(0.05);
        Adafactor.State st = opt.init(4);
        opt.step(theta, g, st);
        for (int i = 0; i < 4; i++) {
            assertThat(theta[i]).isCloseTo(start[i] - rms * 0.05 * Math.signum(g[i]), within(1e-15));
        }
        assertThat(st.variance).containsExactly(4, 1e-6, 25, 49);
    }

    /**
     * Step 2 after a tiny first gradient: V = (1 − w)V₁ + w g₂² with w = 2^−0.8 underestimates g₂², so
     * |U| = 1/√(V/g₂²) ≈ 1.32 &gt; d = 1 and the clipping divides it back to 1; with d = 2 it stays.
     */
    @Test
    void adafactorClipsAnUpdateWhoseRmsExceedsD() {
        for (double d : new double[] {1, 2}) {
            Adafactor opt = Adafactor.of(0.05).withClipThreshold(d);
            double[] theta = {0.8};
            Adafactor.State st = opt.init(1);
            opt.step(theta, new double[] {1e-3}, st);
            double theta1 = theta[0];
            opt.step(theta, new double[] {1}, st);
            double w = Math.pow(2, -0.8);
            double v = 1 - (1 - 1e-6) * (1 - w); // lerp(V₁ = 1e-6, g₂² = 1, w) in torch's w ≥ 0.5 form
            double u = 1 / Math.sqrt(v);
            double alpha = Math.max(1e-3, Math.abs(theta1)) * Math.min(0.05, 1 / Math.sqrt(2));
            double step = d == 1 ? alpha : alpha * u; // RMS(U) = |u| ≈ 1.32: clipped at d = 1, not at d = 2
            assertThat(u).isBetween(1.3, 1.35);
            assertThat(theta[0]).as("d = %s", d).isCloseTo(theta1 - step, within(1e-15));
        }
    }

    /** A rank-one g² (g_ij = u_i v_j) is represented exactly by its row and column means. */
    @Test
    void adafactorFactorsRankOneSecondMomentsExactly() {
        double[] u = {1, -2, 0.5};
        double[] v = {3, 1, -0.25, 2};
        double[] g = new double[12];
        for (int i = 0; i < 3; i++) {
            for (int j = 0; j < 4; j++) {
                g[i * 4 + j] = u[i] * v[j];
            }
        }
        ParamLayout layout = ParamLayout.builder().add("W", 3, 4).add("b", 2).build();
        Adafactor opt = Adafactor.defaults();
        Adafactor.State st = opt.init(layout);
        assertThat(st.rowVar).hasSize(3);
        assertThat(st.colVar).hasSize(4);
        assertThat(st.variance).hasSize(2);
        double[] theta = new double[14];
        java.util.Arrays.fill(theta, 0.5);
        double[] grad = java.util.Arrays.copyOf(g, 14);
        grad[12] = 1;
        grad[13] = -1;
        opt.step(theta, grad, st);
        double meanV2 = (9 + 1 + 0.0625 + 4) / 4;
        for (int i = 0; i < 3; i++) {
            assertThat(st.rowVar[i]).isCloseTo(u[i] * u[i] * meanV2, within(1e-14));
        }
        // V = R C / mean(R) = g², so U = sign(g) and every entry moves by α = max(1e-3, 0.5)·0.01
        for (int i = 0; i < 12; i++) {
            assertThat(theta[i]).isCloseTo(0.5 - 0.005 * Math.signum(g[i]), within(1e-15));
        }
        assertThat(theta[12]).isCloseTo(0.495, within(1e-15));
        assertThat(theta[13]).isCloseTo(0.505, within(1e-15));
    }

    /** ρ = min(ε_k, 1/√t): with ε_k = 0.9 the cap holds at t = 1 and 1/√t from t = 2 on. */
    @Test
    void adafactorRelativeStepFallsAsOneOverRootT() {
        Adafactor opt = Adafactor.of(0.9).withEps(Adafactor.MACHINE_EPSILON, 0);
        double[] theta = {4};
        Adafactor.State st = opt.init(1);
        double before = theta[0];
        for (int t = 1; t <= 4; t++) {
            opt.step(theta, new double[] {1}, st);
            // one coordinate: U = ±1, RMS(θ) = |θ|, so θ ← θ − |θ|/√t
            double expected = before - Math.abs(before) * Math.min(0.9, 1 / Math.sqrt(t));
            assertThat(theta[0]).as("t = %d", t).isCloseTo(expected, within(1e-15));
            before = theta[0];
        }
    }
}
