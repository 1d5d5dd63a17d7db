package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.Block;
import dev.descent.linalg.ParamLayout;
import dev.descent.optim.spec.OptimizerSpec;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** LAMB and LARS: hand-computed steps, per-block trust ratios, Optax's zero-norm rule, masks, a reference loop. */
class LambLarsTest {

    static final ParamLayout WB = ParamLayout.builder().add("W", 2, 2).add("b", 2).build();

    @Test
    void lambFirstStepMovesABlockByLearningRateTimesItsNorm() {
        // m̂ = g, v̂ = g², u = g/(|g| + 1e-6) = (1/(1 + 1e-6), 0); r = ‖θ‖/‖u‖ = 5(1 + 1e-6); θ ← θ − 0.1·u·r
        Lamb lamb = Lamb.of(0.1);
        double[] x = {3, 4};
        Lamb.State st = lamb.init(2);
        lamb.step(x, new double[] {1, 0}, st);
        assertThat(x[0]).isCloseTo(2.5, within(1e-15));
        assertThat(x[1]).isEqualTo(4.0);
        assertThat(st.trustRatio[0]).isCloseTo(5 * (1 + 1e-6), within(1e-14));
        assertThat(st.m).containsExactly(1 - 0.9, 0); // Optax's (1 − β₁)·g, not 0.1
        assertThat(st.v[0]).isCloseTo(0.001, within(1e-18));
    }

    @Test
    void aZeroBlockTakesTheUnscaledStepAndOtherBlocksTheirOwnRatio() {
        // b = 0: ‖θ_b‖ = 0, so r_b = 1 (Optax's zero_norm rule) and b moves by −ε·u ≈ −ε·sign(g)
        Lamb lamb = Lamb.of(0.01);
        double[] x = {1, 0, 0, 0, 0, 0};
        Lamb.State st = lamb.init(WB);
        lamb.step(x, new double[] {1, 1, 1, 1, 2, -3}, st);
        assertThat(st.trustRatio[1]).isEqualTo(1.0);
        assertThat(x[4]).isCloseTo(-0.01 / (1 + 5e-7), within(1e-15));
        assertThat(x[5]).isCloseTo(0.01 / (1 + 1e-6 / 3), within(1e-15));
        // W: ‖θ_W‖ = 1, ‖u_W‖ = 2/(1 + 1e-6) → r = (1 + 1e-6)/2, each entry moves by 0.01/2
        assertThat(st.trustRatio[0]).isCloseTo((1 + 1e-6) / 2, within(1e-15));
        assertThat(x[1]).isCloseTo(-0.005, within(1e-15));
    }

    @Test
    void lambMatchesAPlainReferenceLoopBlockByBlock() {
        Lamb lamb = new Lamb(dev.descent.optim.schedule.Schedule.constant(0.02), 0.8, 0.99, 1e-6, 1e-10, 0.1, "W");
        double[] x = {0.5, -1, 2, 0.3, 0.1, -0.2};
        double[] ref = x.clone();
        double[] m = new double[6];
        double[] v = new double[6];
        Lamb.State st = lamb.init(WB);
        SplittableRandom r = new SplittableRandom(3);
        for (int t = 1; t <= 30; t++) {
            double[] g = new double[6];
            for (int i = 0; i < 6; i++) {
                g[i] = r.nextDouble(-2, 2);
            }
            lamb.step(x, g, st);
            double[] u = new double[6];
            for (int i = 0; i < 6; i++) {
                m[i] = 0.8 * m[i] + 0.2 * g[i];
                v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i];
                double mh = m[i] / (1 - Math.pow(0.8, t));
                double vh = v[i] / (1 - Math.pow(0.99, t));
                u[i] = mh / (Math.sqrt(vh + 1e-10) + 1e-6) + (i < 4 ? 0.1 * ref[i] : 0);
            }
            for (Block b : WB.blocks()) {
                double pn = 0;
                double un = 0;
                for (int i = b.offset(); i < b.end(); i++) {
                    pn += ref[i] * ref[i];
                    un += u[i] * u[i];
                }
                double ratio = pn == 0 || un == 0 ? 1 : Math.sqrt(pn) / Math.sqrt(un);
                for (int i = b.offset(); i < b.end(); i++) {
                    ref[i] -= 0.02 * ratio * u[i];
                }
            }
        }
        for (int i = 0; i < 6; i++) {
            assertThat(x[i]).isCloseTo(ref[i], within(1e-14 * (1 + Math.abs(ref[i]))));
        }
    }

    @Test
    void larsStepsByHandWithMomentumAndNesterov() {
        // ‖g‖ = 1, ‖θ‖ = 5: r = 0.001·5 = 0.005, u = −10·0.005·g = −0.05g
        double[] g = {0.6, 0.8};
        Lars lars = Lars.of(10);
        double[] x = {3, 4};
        Lars.State st = lars.init(2);
        lars.step(x, g, st);
        assertThat(x[0]).isCloseTo(2.97, within(1e-15));
        assertThat(x[1]).isCloseTo(3.96, within(1e-15));
        // ‖θ₁‖ = 4.95: u = −0.0495g; m = u + 0.9m
        lars.step(x, g, st);
        assertThat(st.trustRatio[0]).isCloseTo(0.00495, within(1e-17));
        assertThat(x[0]).isCloseTo(2.97 - 0.0297 - 0.027, within(1e-15));
        assertThat(x[1]).isCloseTo(3.96 - 0.0396 - 0.036, within(1e-15));

        Lars nesterov = Lars.of(10).withMomentum(0.9, true);
        double[] y = {3, 4};
        nesterov.step(y, g, nesterov.init(2));
        assertThat(y[0]).isCloseTo(3 - 0.03 * 1.9, within(1e-15)); // u + μm with m = u
    }

    @Test
    void larsMasksLeaveBlocksOutOfTheDecayAndTheTrustRatio() {
        Lars masked = Lars.of(1).withWeightDecay(0.5, "W").withTrustRatio(0.001, 0, "matrices");
        double[] x = {1, 2, 3, 4, 5, 6};
        double[] g = {0.1, 0.2, 0.3, 0.4, 0.5, 0.6};
        Lars.State st = masked.init(WB);
        masked.step(x, g, st);
        // b: neither decayed nor rescaled: θ_b − 1·g_b
        assertThat(x[4]).isEqualTo(5 - 0.5);
        assertThat(x[5]).isEqualTo(6 - 0.6);
        assertThat(st.trustRatio[1]).isEqualTo(1.0);
        // W: u = g + 0.5θ, r = 0.001‖θ_W‖/‖u_W‖
        double un = Math.sqrt(0.6 * 0.6 + 1.2 * 1.2 + 1.8 * 1.8 + 2.4 * 2.4);
        double r = 0.001 * Math.sqrt(30) / un;
        assertThat(st.trustRatio[0]).isCloseTo(r, within(1e-18));
        assertThat(x[0]).isCloseTo(1 - 0.6 * r, within(1e-15));
    }

    @Test
    void masksAreCheckedAgainstTheLayoutAndParsedFromSpecs() {
        assertThatThrownBy(() -> Lamb.defaults().withMask("W,bias").init(WB))
                .hasMessage("lamb: mask = 'W,bias' names block 'bias', but the layout has blocks [W, b]");
        assertThatThrownBy(() -> Lars.defaults().withWeightDecay(0.1, "all,W"))
                .hasMessage("weightDecayMask = 'all,W' mixes 'all' with block names");
        assertThat(BlockMask.select("x", "m", "matrices", WB)).containsExactly(true, false);
        assertThat(BlockMask.select("x", "m", "none", WB)).containsExactly(false, false);
        assertThat(BlockMask.select("x", "m", " b ", WB)).containsExactly(false, true);
        Optimizer<?> o = OptimizerSpec.build("lars(lr=2, weight_decay=1e-4, weight_decay_mask=(W1, W2), "
                + "trust_ratio_mask=matrices, nesterov=true)");
        assertThat(o).isEqualTo(Lars.of(2).withWeightDecay(1e-4, "W1,W2").withTrustRatio(0.001, 0, "matrices")
                .withMomentum(0.9, true));
        assertThat(OptimizerSpec.build("lamb(0.01, mask=W)")).isEqualTo(Lamb.of(0.01).withMask("W"));
    }

    @Test
    void aSavedStateResumesBitForBitWithItsPerBlockRatios() {
        Lamb lamb = Lamb.of(0.01).withWeightDecay(0.01);
        double[] x = {0.5, -1, 2, 0.3, 0.1, -0.2};
        Lamb.State st = lamb.init(WB);
        double[] g = {0.3, -0.2, 0.1, 0.4, -0.5, 0.6};
        lamb.step(x, g, st);
        Lamb.State copy = lamb.init(WB);
        copy.load(st.stateDict());
        assertThat(copy.trustRatio).containsExactly(st.trustRatio);
        double[] y = x.clone();
        lamb.step(x, g, st);
        lamb.step(y, g, copy);
        assertThat(y).containsExactly(x);
        assertThat(st.stateDict().buffers().keySet()).containsExactly("lamb.m", "lamb.v", "lamb.trust_ratio");
    }
}
