package dev.descent.optim.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import dev.descent.optim.schedule.CosineDecay;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.transform.ReduceOnPlateau.Mode;
import dev.descent.optim.transform.ReduceOnPlateau.ThresholdMode;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ReduceOnPlateauTest {

    /** Metrics of the torch comparison below, one per epoch. */
    static final double[] METRICS = {10, 9, 8.5, 8.2, 8.0, 7.9, 7.9, 7.9, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0, 7.0,
        7.0, 7.0, 7.0, 7.0};

    /**
     * The lr after each observation, as torch 1.13.1's {@code ReduceLROnPlateau(SGD(lr=1.0), mode='min',
     * factor=0.5, patience=2, threshold=0.1, threshold_mode='rel', cooldown=1, min_lr=0.2)} gives it with
     * {@code scheduler.step(metric)}; by hand (better means m &lt; 0.9·best):
     * <pre>
     *  10   better (best 10)                    1.0
     *  9    9 ≥ 9: bad 1                        1.0
     *  8.5  8.5 &lt; 9: better (best 8.5)           1.0
     *  8.2  8.2 ≥ 7.65: bad 1                   1.0
     *  8.0  bad 2                               1.0
     *  7.9  bad 3 &gt; 2: 1.0 → 0.5, cooldown 1    0.5
     *  7.9  cooldown 1 → 0, bad reset to 0      0.5
     *  7.9  bad 1                               0.5
     *  7.0  7.0 &lt; 7.65: better (best 7)         0.5
     *  7.0  bad 1, 2, then 3: 0.5 → 0.25        0.5 0.5 0.25
     *  7.0  cooldown; bad 1, 2, 3: max(0.125, 0.2) = 0.2 (min_lr)          0.25 0.25 0.25 0.2
     *  7.0  cooldown; bad 1, 2, 3: max(0.1, 0.2) = 0.2, no change (0 &lt; eps) 0.2 0.2 0.2 0.2
     * </pre>
     */
    static final double[] TORCH_LR = {1.0, 1.0, 1.0, 1.0, 1.0, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.25, 0.25, 0.25, 0.25,
        0.2, 0.2, 0.2, 0.2, 0.2};
    /** torch's best, num_bad_epochs and cooldown_counter after each observation. */
    static final double[] TORCH_BEST = {10, 10, 8.5, 8.5, 8.5, 8.5, 8.5, 8.5, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7, 7};
    static final long[] TORCH_BAD = {0, 1, 0, 1, 2, 0, 0, 1, 0, 1, 2, 0, 0, 1, 2, 0, 0, 1, 2, 0};
    static final long[] TORCH_COOLDOWN = {0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 1};

    static ReduceOnPlateau torchLike(double lr) {
        return ReduceOnPlateau.of(Sgd.of(lr)).withFactor(0.5).withPatience(2).withThreshold(0.1, ThresholdMode.REL)
                .withCooldown(1).withMinLr(0.2);
    }

    @Test
    void reproducesTorchReduceLROnPlateauWithAConstantBase() {
        ReduceOnPlateau rop = torchLike(1.0);
        ReduceOnPlateau.State st = rop.init(2);
        double[] theta = {1, 1};
        double[] g = {0.25, -0.5};
        for (int e = 0; e < METRICS.length; e++) {
            // three steps per epoch, each moving θ by exactly −lr·g (SGD)
            for (int i = 0; i < 3; i++) {
                double lr = rop.nextLearningRate(st);
                double[] expected = {theta[0] - lr * g[0], theta[1] - lr * g[1]};
                rop.step(theta, g, st);
                assertThat(theta).containsExactly(expected);
            }
            boolean reduced = rop.observe(st, METRICS[e]);
            assertThat(rop.nextLearningRate(st)).as("lr after epoch %d", e).isEqualTo(TORCH_LR[e]);
            assertThat(reduced).isEqualTo(e > 0 && TORCH_LR[e] < TORCH_LR[e - 1]);
            assertThat(st.best()).isEqualTo(TORCH_BEST[e]);
            assertThat(st.numBadEpochs()).isEqualTo(TORCH_BAD[e]);
            assertThat(st.cooldownCounter()).isEqualTo(TORCH_COOLDOWN[e]);
        }
        assertThat(st.scale()).isEqualTo(0.125); // the floor is on the lr (0.2), the scale went on to 1/8
        assertThat(st.step()).isEqualTo(60);
        assertThat(st.inner.step()).isEqualTo(60);
    }

    @Test
    void maxModeWithAnAbsoluteThreshold() {
        // torch: ReduceLROnPlateau(SGD(lr=0.1), mode='max', factor=0.1, patience=0, threshold=0.01,
        // threshold_mode='abs'): better means m > best + 0.01; lr 0.1, 0.010000000000000002,
        // 0.010000000000000002, 0.0010000000000000002, 0.0010000000000000002, 0.00010000000000000003
        ReduceOnPlateau rop = ReduceOnPlateau.of(Sgd.of(0.1)).withMode(Mode.MAX).withPatience(0)
                .withThreshold(0.01, ThresholdMode.ABS);
        ReduceOnPlateau.State st = rop.init(1);
        assertThat(st.best()).isEqualTo(Double.NEGATIVE_INFINITY);
        double[] metrics = {0.5, 0.505, 0.52, 0.52, 0.6, 0.6};
        double[] torch = {0.1, 0.010000000000000002, 0.010000000000000002, 0.0010000000000000002,
            0.0010000000000000002, 0.00010000000000000003};
        for (int e = 0; e < metrics.length; e++) {
            rop.observe(st, metrics[e]);
            assertThat(rop.nextLearningRate(st)).isCloseTo(torch[e], within(1e-15 * torch[e]));
        }
        assertThat(st.best()).isEqualTo(0.6);
    }

    @Test
    void composesWithACosineSchedule() {
        // torch cannot chain ReduceLROnPlateau with CosineAnnealingLR (pytorch issue #68978); here
        // ε_k = max(s·cos(k), min(cos(k), lr_min)).
        Schedule cos = CosineDecay.of(1.0, 100, 0.01);
        ReduceOnPlateau rop = ReduceOnPlateau.of(Sgd.of(1.0).withLearningRate(cos)).withFactor(0.5).withPatience(0)
                .withMinLr(0.05);
        ReduceOnPlateau.State st = rop.init(1);
        double[] theta = {0};
        double[] g = {1};
        for (int k = 0; k < 20; k++) {
            assertThat(rop.nextLearningRate(st)).isEqualTo(cos.valueAt(k)); // s = 1: the cosine itself
            rop.step(theta, g, st);
        }
        assertThat(rop.observe(st, 1.0)).isFalse(); // best = 1
        assertThat(rop.observe(st, 1.0)).isTrue();  // bad 1 > patience 0: s = 0.5
        assertThat(st.scale()).isEqualTo(0.5);
        for (int k = 20; k < 130; k++) {
            double c = cos.valueAt(k);
            double expected = Math.max(0.5 * c, Math.min(c, 0.05));
            assertThat(rop.nextLearningRate(st)).as("k = %d", k).isEqualTo(expected);
            double before = theta[0];
            rop.step(theta, g, st);
            assertThat(theta[0]).isEqualTo(before - expected * 1);
        }
        // three regimes: halved cosine, the lr_min floor, and the base itself once it falls below lr_min
        assertThat(rop.learningRate(st).valueAt(40)).isEqualTo(0.5 * cos.valueAt(40));
        assertThat(cos.valueAt(85)).isBetween(0.05, 0.1);
        assertThat(rop.learningRate(st).valueAt(85)).isEqualTo(0.05);
        assertThat(cos.valueAt(95)).isLessThan(0.05);
        assertThat(rop.learningRate(st).valueAt(95)).isEqualTo(cos.valueAt(95));
        assertThat(rop.learningRate(st).valueAt(100)).isEqualTo(0.01);
        assertThat(rop.configured(st)).isEqualTo(Sgd.of(1.0).withLearningRate(new ReduceOnPlateau.Reduced(cos, 0.5, 0.05)));
    }

    @Test
    void aReductionSmallerThanEpsIsSkipped() {
        ReduceOnPlateau rop = ReduceOnPlateau.of(Sgd.of(1.0)).withFactor(0.9).withPatience(0).withEps(0.2)
                .withCooldown(2);
        ReduceOnPlateau.State st = rop.init(1);
        rop.observe(st, 1);
        assertThat(rop.observe(st, 1)).isFalse(); // 1.0 − 0.9 = 0.1 ≤ eps
        assertThat(st.scale()).isEqualTo(1);
        assertThat(st.cooldownCounter()).isEqualTo(2); // torch starts the cooldown anyway
    }

    @Test
    void saveAndRestoreContinueIdentically() {
        ReduceOnPlateau rop = ReduceOnPlateau.of(Momentum.torch(0.1, 0.9, 0, 0).withLearningRate(CosineDecay.of(0.1, 200, 1e-3)))
                .withFactor(0.5).withPatience(2).withCooldown(1).withMinLr(0.01);
        ReduceOnPlateau.State st = rop.init(3);
        double[] theta = {1, -2, 3};
        double[] g = new double[3];
        for (int e = 0; e < 8; e++) {
            epoch(rop, st, theta, g, e);
        }
        StateDict saved = st.stateDict();
        assertThat(saved.buffers().keySet()).containsExactly("reduce_on_plateau.scale", "reduce_on_plateau.best",
                "reduce_on_plateau.num_bad_epochs", "reduce_on_plateau.cooldown_counter");
        assertThat(saved.children().keySet()).containsExactly("inner");
        assertThat(saved.children().get("inner").buffers().keySet()).containsExactly("momentum.velocity");
        assertThat(saved.get("reduce_on_plateau.scale")).containsExactly(0.5); // one reduction so far

        ReduceOnPlateau.State restored = rop.init(3);
        restored.load(saved);
        ReduceOnPlateau.State copied = rop.copyState(st);
        double[] theta2 = theta.clone();
        double[] theta3 = theta.clone();
        for (int e = 8; e < 20; e++) {
            epoch(rop, st, theta, g, e);
            epoch(rop, restored, theta2, g, e);
            epoch(rop, copied, theta3, g, e);
        }
        assertThat(Arrays.equals(theta, theta2)).isTrue();
        assertThat(Arrays.equals(theta, theta3)).isTrue();
        assertThat(restored.stateDict()).isEqualTo(st.stateDict()).isEqualTo(copied.stateDict());
        assertThat(st.scale()).isLessThan(0.5);
    }

    /** Ten steps on f(θ) = ½|θ|², then a plateauing metric. */
    private static void epoch(ReduceOnPlateau rop, ReduceOnPlateau.State st, double[] theta, double[] g, int e) {
        for (int i = 0; i < 10; i++) {
            System.arraycopy(theta, 0, g, 0, theta.length);
            rop.step(theta, g, st);
        }
        rop.observe(st, e < 3 ? 10 - e : 7.5);
    }

    @Test
    void aRefusedStepOrObservationChangesNothing() {
        ReduceOnPlateau rop = torchLike(1.0);
        ReduceOnPlateau.State st = rop.init(2);
        double[] theta = {1, 2};
        rop.step(theta, new double[] {1, 1}, st);
        rop.observe(st, 3);
        rop.observe(st, 4);
        StateDict before = st.stateDict();
        double[] thetaBefore = theta.clone();
        assertThatThrownBy(() -> rop.step(theta, new double[] {Double.NaN, 1}, st))
                .hasMessageContaining("= NaN is not finite at step 2").hasMessageContaining("nothing was changed");
        assertThatThrownBy(() -> rop.step(theta, new double[3], st)).hasMessageContaining("grad has length 3");
        assertThatThrownBy(() -> rop.observe(st, Double.NaN))
                .hasMessage("reduce_on_plateau: metric = NaN at step 1 is not a number; nothing was changed");
        assertThat(theta).containsExactly(thetaBefore);
        assertThat(st.stateDict()).isEqualTo(before);
        rop.observe(st, Double.POSITIVE_INFINITY); // accepted: not better
        assertThat(st.numBadEpochs()).isEqualTo(2);
    }

    @Test
    void aBaseScheduleTheInnerRefusesIsRefusedAtThatStep() {
        ReduceOnPlateau rop = ReduceOnPlateau.of(Adam.defaults().withLearningRate(k -> k < 1 ? 0.1 : -0.1));
        ReduceOnPlateau.State st = rop.init(1);
        double[] theta = {1};
        rop.step(theta, new double[] {1}, st);
        double before = theta[0];
        assertThatThrownBy(() -> rop.step(theta, new double[] {1}, st)).hasMessageContaining("learningRate = -0.1 at step 2");
        assertThat(theta[0]).isEqualTo(before);
        assertThat(st.step()).isEqualTo(1);
    }

    @Test
    void invalidConfigurationsAreExplained() {
        Sgd sgd = Sgd.of(0.1);
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withFactor(1.0)).hasMessage("factor = 1.0 is outside (0, 1)");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withFactor(0)).hasMessage("factor = 0.0 is outside (0, 1)");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withPatience(-1)).hasMessage("patience = -1 must be >= 0");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withCooldown(-2)).hasMessage("cooldown = -2 must be >= 0");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withThreshold(-1e-4, ThresholdMode.REL))
                .hasMessage("threshold = -1.0E-4 must be finite and >= 0");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withThreshold(1e-4, null))
                .hasMessage("thresholdMode must not be null");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withMinLr(Double.NaN))
                .hasMessage("minLr = NaN must be finite and >= 0");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withEps(-1)).hasMessage("eps = -1.0 must be finite and >= 0");
        assertThatThrownBy(() -> ReduceOnPlateau.of(sgd).withMode(null)).hasMessage("mode must not be null");
        assertThatThrownBy(() -> ReduceOnPlateau.of(null)).hasMessage("inner must not be null");
        assertThatThrownBy(() -> ReduceOnPlateau.of(new Maximize(sgd)))
                .hasMessage("inner optimizer maximize has no learningRate to reduce");
        assertThatThrownBy(() -> new ReduceOnPlateau.Reduced(Schedule.constant(1), 0, 0))
                .hasMessage("scale = 0.0 is outside (0, 1]");
    }
}
