package dev.descent.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Every schedule against its closed form at k = 0, at its milestones or T, and after its end, and
 * every validation message. Where a torch scheduler exists, the expected values are torch 1.13.1's
 * own ({@code scheduler.step()} once per {@code optimizer.step()}, float64, lr read before each
 * step), printed with {@code repr}; they agree with descent's closed forms to a few ulps.
 */
class ScheduleTest {

    /** |a − e| ≤ 1e-14·|e| (or 1e-300 at 0): closed form against torch's recursion. */
    static void close(double actual, double expected) {
        assertThat(actual).isCloseTo(expected, within(1e-14 * Math.abs(expected) + 1e-300));
    }

    static void closeAll(Schedule s, double... expected) {
        for (int k = 0; k < expected.length; k++) {
            double e = expected[k];
            assertThat(s.valueAt(k)).as("k = %d", k).isCloseTo(e, within(1e-14 * Math.abs(e) + 1e-300));
        }
    }

    // ---- the book's schedules (existing) ----

    @Test
    void constantIsConstant() {
        Schedule c = Schedule.constant(0.3);
        assertThat(c.valueAt(0)).isEqualTo(0.3);
        assertThat(c.valueAt(Long.MAX_VALUE)).isEqualTo(0.3);
        assertThat(c).isEqualTo(new Constant(0.3)).hasToString("0.3");
    }

    @Test
    void linearDecayFollowsTheBooksFormulaThenStaysAtTheLastValue() {
        LinearDecay s = new LinearDecay(0.5, 0.05, 25);
        assertThat(s.valueAt(0)).isEqualTo(0.5);
        for (int k = 0; k < 25; k++) {
            double a = k / 25.0;
            assertThat(s.valueAt(k)).isCloseTo((1 - a) * 0.5 + a * 0.05, within(1e-16));
        }
        assertThat(s.valueAt(25)).isEqualTo(0.05);
        assertThat(s.valueAt(1000)).isEqualTo(0.05);
        assertThat(s.valueAt(12)).isCloseTo(0.5 - 12 * (0.45 / 25), within(1e-15));
    }

    @Test
    void stepDecayHalvesEveryPeriod() {
        StepDecay s = new StepDecay(0.01, 0.5, 10);
        assertThat(s.valueAt(0)).isEqualTo(0.01);
        assertThat(s.valueAt(9)).isEqualTo(0.01);
        assertThat(s.valueAt(10)).isEqualTo(0.005);
        assertThat(s.valueAt(29)).isEqualTo(0.0025);
        assertThat(s.valueAt(30)).isEqualTo(0.00125);
    }

    // ---- torch-style decays ----

    @Test
    void multiStepDecayMatchesTorchMultiStepLR() {
        // torch: MultiStepLR(SGD(lr=0.8), milestones=[3, 7], gamma=0.5)
        MultiStepDecay s = MultiStepDecay.of(0.8, 0.5, 3, 7);
        closeAll(s, 0.8, 0.8, 0.8, 0.4, 0.4, 0.4, 0.4, 0.2, 0.2, 0.2);
        assertThat(s.valueAt(1_000_000)).isEqualTo(0.2);
        assertThat(s).isEqualTo(new MultiStepDecay(0.8, List.of(3L, 7L), 0.5));
        assertThat(MultiStepDecay.of(0.8, 0.5).valueAt(99)).isEqualTo(0.8); // no milestones: constant
    }

    @Test
    void exponentialDecayIsGammaToTheK() {
        ExponentialDecay s = ExponentialDecay.of(0.1, 0.9);
        assertThat(s.valueAt(0)).isEqualTo(0.1);
        assertThat(s.valueAt(1)).isEqualTo(0.1 * 0.9);
        double lr = 0.1;
        for (int k = 0; k < 200; k++) { // torch's recursion lr ← 0.9·lr
            close(s.valueAt(k), lr);
            lr *= 0.9;
        }
        ExponentialDecay slow = new ExponentialDecay(2.0, 0.25, 10); // Optax/Keras transition_steps
        assertThat(slow.valueAt(5)).isEqualTo(1.0);
        assertThat(slow.valueAt(10)).isEqualTo(0.5);
        assertThat(slow.valueAt(20)).isEqualTo(0.125);
    }

    @Test
    void polynomialDecayMatchesTorchPolynomialLRAndKeras() {
        // torch: PolynomialLR(SGD(lr=0.9), total_iters=4, power=2.0)
        closeAll(PolynomialDecay.torch(0.9, 4, 2), 0.9, 0.50625, 0.22499999999999998, 0.056249999999999994, 0, 0, 0);
        // Keras PolynomialDecay(1.0, decay_steps=4, end_learning_rate=0.1, power=0.5)
        PolynomialDecay keras = new PolynomialDecay(1.0, 0.1, 0.5, 4);
        assertThat(keras.valueAt(0)).isEqualTo(1.0);
        close(keras.valueAt(1), 0.9 * Math.sqrt(0.75) + 0.1);
        assertThat(keras.valueAt(4)).isEqualTo(0.1);
        assertThat(keras.valueAt(400)).isEqualTo(0.1);
        // power 1 is the book's linear decay, to rounding
        PolynomialDecay linear = new PolynomialDecay(0.5, 0.05, 1, 25);
        LinearDecay book = new LinearDecay(0.5, 0.05, 25);
        for (int k = 0; k < 30; k++) {
            assertThat(linear.valueAt(k)).isCloseTo(book.valueAt(k), within(1e-15));
        }
    }

    @Test
    void cosineDecayMatchesTorchCosineAnnealingLRWhenContinued() {
        // torch: CosineAnnealingLR(SGD(lr=1.0), T_max=4, eta_min=0.1): not clamped, it rises again.
        CosineDecay torch = CosineDecay.torch(1.0, 4, 0.1);
        closeAll(torch, 1.0, 0.8681980515339464, 0.55, 0.23180194846605368, 0.1, 0.2318019484660536, 0.55,
                0.8681980515339467, 1.0000000000000004, 0.8681980515339468);
        assertThat(torch.afterEnd()).isEqualTo(CosineDecay.AfterEnd.CONTINUE);
    }

    @Test
    void cosineDecayHoldsItsMinimumByDefault() {
        CosineDecay s = CosineDecay.of(1.0, 4, 0.1);
        assertThat(s.afterEnd()).isEqualTo(CosineDecay.AfterEnd.HOLD);
        assertThat(s.valueAt(0)).isEqualTo(1.0);
        assertThat(s.valueAt(2)).isCloseTo(0.55, within(1e-16));
        assertThat(s.valueAt(4)).isEqualTo(0.1);
        assertThat(s.valueAt(5)).isEqualTo(0.1);
        assertThat(s.valueAt(8)).isEqualTo(0.1);
        assertThat(s.valueAt(Long.MAX_VALUE)).isEqualTo(0.1);
        // Optax cosine_decay_schedule(1.0, 4, alpha=0.1) writes init·((1 − α)·c + α): equal to rounding
        for (int k = 0; k <= 6; k++) {
            double c = 0.5 * (1 + Math.cos(Math.PI * Math.min(k, 4) / 4));
            assertThat(s.valueAt(k)).isCloseTo(1.0 * ((1 - 0.1) * c + 0.1), within(1e-16));
        }
    }

    @Test
    void warmRestartsMatchTorchCosineAnnealingWarmRestarts() {
        // torch: CosineAnnealingWarmRestarts(SGD(lr=1.0), T_0=3, T_mult=2, eta_min=0.01): restarts at 3, 9, 21
        CosineWarmRestarts s = CosineWarmRestarts.torch(1.0, 3, 2, 0.01);
        closeAll(s, 1.0, 0.7525, 0.2575000000000001, 1.0, 0.9336825748732972, 0.7525, 0.505, 0.2575000000000001,
                0.07631742512670284, 1.0, 0.9831332840130887, 0.9336825748732972, 0.855017856687341, 0.7525,
                0.6331154273257478, 0.505, 0.3768845726742523, 0.2575000000000001, 0.15498214331265903,
                0.07631742512670284, 0.02686671598691124, 1.0, 0.9957652063800362, 0.9831332840130887,
                0.9623203685930869);
        // the restart after 40 doublings: k = 3·(2⁴⁰ − 1) starts a cycle of length 3·2⁴⁰
        long k = 3 * ((1L << 40) - 1);
        assertThat(s.valueAt(k)).isEqualTo(1.0);
        assertThat(s.valueAt(k - 1)).isCloseTo(0.01, within(1e-12));
        assertThat(s.valueAt(Long.MAX_VALUE)).isBetween(0.01, 1.0);
        // T_mult = 1: period T₀
        CosineWarmRestarts periodic = new CosineWarmRestarts(1.0, 4, 1, 0.0);
        for (int j = 0; j < 12; j++) {
            assertThat(periodic.valueAt(j)).isEqualTo(CosineDecay.of(1.0, 4, 0.0).valueAt(j % 4));
        }
    }

    @Test
    void linearWarmupMatchesTorchLinearLR() {
        // torch: LinearLR(SGD(lr=0.3)) with its defaults start_factor=1/3, end_factor=1, total_iters=5
        closeAll(LinearWarmup.torch(0.3), 0.09999999999999999, 0.14, 0.18000000000000002, 0.22000000000000006,
                0.26000000000000006, 0.30000000000000004, 0.30000000000000004, 0.30000000000000004);
        LinearWarmup w = new LinearWarmup(0.01, 0.1, 1.0, 10);
        assertThat(w.valueAt(0)).isEqualTo(0.01 * 0.1);
        close(w.valueAt(10), 0.01);
        assertThat(w.valueAt(11)).isEqualTo(w.valueAt(10));
        // a decay with the same record (torch LinearLR with end_factor < start_factor)
        LinearWarmup d = new LinearWarmup(0.5, 1.0, 0.1, 30);
        assertThat(d.valueAt(0)).isEqualTo(0.5);
        close(d.valueAt(15), 0.5 * 0.55);
        close(d.valueAt(30), 0.5 * 0.1);
        assertThat(d.valueAt(10_000)).isEqualTo(d.valueAt(30));
    }

    @Test
    void oneCycleThreePhaseMatchesTorchIncludingTheMomentumCycle() {
        // torch: OneCycleLR(SGD(lr=0.1, momentum=0.9), max_lr=1.0, total_steps=20, three_phase=True)
        OneCycle c = OneCycle.of(1.0, 20).withThreePhase(true);
        closeAll(c, 0.040000000000000036, 0.1316718427000253, 0.3716718427000253, 0.6683281572999747,
                0.9083281572999747, 1.0, 0.9083281572999747, 0.6683281572999747, 0.37167184270002523,
                0.13167184270002527, 0.04, 0.038793973030476596, 0.03532135677349332, 0.030001000000000003,
                0.02347461625698328, 0.01652938374301673, 0.010003000000000007, 0.00468264322650668,
                0.0012100269695234057, 4e-06);
        closeAll(c.momentum(), 0.95, 0.9404508497187474, 0.9154508497187474, 0.8845491502812526,
                0.8595491502812526, 0.85, 0.8595491502812526, 0.8845491502812526, 0.9154508497187474,
                0.9404508497187474, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95);
        // after the cycle: the final values (torch raises ValueError)
        assertThat(c.valueAt(20)).isEqualTo(c.minLr()).isCloseTo(4e-6, within(1e-20));
        assertThat(c.valueAt(10_000)).isEqualTo(c.minLr());
        assertThat(c.momentum().valueAt(20)).isEqualTo(0.95);
    }

    @Test
    void oneCycleLinearMatchesTorch() {
        // torch: OneCycleLR(Adam(lr=0.1), max_lr=0.5, total_steps=10, pct_start=0.25, anneal_strategy='linear',
        //                   div_factor=10, final_div_factor=100); beta1 = betas[0] per step
        OneCycle c = new OneCycle(0.5, 10, 0.25, OneCycle.Anneal.LINEAR, 10, 100, false);
        closeAll(c, 0.05, 0.35, 0.4667, 0.4001, 0.3335, 0.2669, 0.20030000000000003, 0.13370000000000004,
                0.06709999999999999, 0.0005000000000000004);
        closeAll(c.momentum(), 0.95, 0.8833333333333333, 0.8566666666666667, 0.87, 0.8833333333333333,
                0.8966666666666666, 0.9099999999999999, 0.9233333333333333, 0.9366666666666666, 0.95);
        assertThat(c.valueAt(10)).isEqualTo(c.minLr()).isCloseTo(0.0005, within(1e-18)); // not torch's extrapolation
        assertThat(c.momentum(0.8, 0.9).valueAt(0)).isEqualTo(0.9);
    }

    @Test
    void oneCycleDefaultsStartAtMaxOverDivAndIgnoreTheOptimizersLr() {
        OneCycle c = OneCycle.of(0.1, 40);
        assertThat(c.initialLr()).isEqualTo(0.1 / 25);
        assertThat(c.minLr()).isEqualTo(0.1 / 25 / 1e4);
        // torch's recorded first lr (shared/conformance sched.onecycle.adam.quadA): 0.1 + (0.004 − 0.1)/2·2
        assertThat(c.valueAt(0)).isEqualTo(0.0040000000000000036);
        assertThat(c.momentum().valueAt(0)).isEqualTo(0.95);
        // the peak: phase 1 ends at step pct·N − 1 = 11
        assertThat(c.valueAt(11)).isEqualTo(0.1);
        assertThat(c.momentum().valueAt(11)).isEqualTo(0.85);
        assertThat(c.valueAt(39)).isEqualTo(c.minLr());
        assertThat(c.valueAt(40)).isEqualTo(c.minLr());
    }

    @Test
    void inverseTimeDecayHalvesAfterTau() {
        InverseTimeDecay s = new InverseTimeDecay(0.6, 10);
        assertThat(s.valueAt(0)).isEqualTo(0.6);
        assertThat(s.valueAt(10)).isEqualTo(0.3);
        assertThat(s.valueAt(30)).isEqualTo(0.15);
        close(s.valueAt(5), 0.6 / 1.5);
        // torch Adagrad's lr_decay: ε/(1 + k·lr_decay) with τ = 1/lr_decay
        InverseTimeDecay adagrad = new InverseTimeDecay(0.1, 1 / 0.01);
        for (int k = 0; k < 50; k++) {
            close(adagrad.valueAt(k), 0.1 / (1 + k * 0.01));
        }
    }

    @Test
    void inverseSqrtDecayIsTheAdamPapersAlphaOverRootT() {
        InverseSqrtDecay s = InverseSqrtDecay.adamPaper(0.001);
        // update t uses k = t − 1: α/√t
        assertThat(s.valueAt(0)).isEqualTo(0.001);          // t = 1
        assertThat(s.valueAt(3)).isEqualTo(0.0005);         // t = 4
        close(s.valueAt(99), 0.0001);                        // t = 100
        for (int t = 1; t < 100; t++) {
            close(s.valueAt(t - 1), 0.001 / Math.sqrt(t));
        }
        InverseSqrtDecay slow = new InverseSqrtDecay(1.0, 100);
        assertThat(slow.valueAt(300)).isEqualTo(0.5);
        // fairseq's inverse_sqrt after a warm-up of w steps: peak·√w/√t, t = w + k'
        Piecewise fairseq = new LinearWarmup(1.0, 0.25, 1, 4).then(new InverseSqrtDecay(1.0, 4));
        for (int t = 4; t < 40; t++) {
            close(fairseq.valueAt(t), Math.sqrt(4.0) / Math.sqrt(t));
        }
    }

    // ---- composition ----

    @Test
    void scaledAndProductMultiply() {
        Schedule cos = CosineDecay.of(1.0, 10, 0.0);
        Schedule half = cos.times(0.5);
        assertThat(half).isEqualTo(new Scaled(cos, 0.5));
        Schedule stepped = cos.times(new StepDecay(1.0, 0.1, 5));
        assertThat(stepped).isEqualTo(new Product(cos, new StepDecay(1.0, 0.1, 5)));
        for (int k = 0; k < 12; k++) {
            assertThat(half.valueAt(k)).isEqualTo(cos.valueAt(k) * 0.5);
            assertThat(stepped.valueAt(k)).isEqualTo(cos.valueAt(k) * Math.pow(0.1, k / 5));
        }
    }

    @Test
    void piecewiseRunsEachScheduleFromItsMilestoneWithALocalStepCount() {
        Schedule a = new LinearWarmup(1.0, 0.1, 1, 3);
        Schedule b = CosineDecay.of(1.0, 4, 0.2);
        Schedule c = ExponentialDecay.of(0.2, 0.5);
        Piecewise p = Piecewise.of(a).then(3, b).then(7, c);
        assertThat(p.milestones()).containsExactly(3L, 7L);
        for (int k = 0; k < 3; k++) {
            assertThat(p.valueAt(k)).isEqualTo(a.valueAt(k));
        }
        assertThat(p.valueAt(3)).isEqualTo(b.valueAt(0)).isEqualTo(1.0); // at the milestone: local step 0
        for (int k = 3; k < 7; k++) {
            assertThat(p.valueAt(k)).isEqualTo(b.valueAt(k - 3));
        }
        assertThat(p.valueAt(7)).isEqualTo(0.2);
        assertThat(p.valueAt(10)).isEqualTo(c.valueAt(3)).isEqualTo(0.025);
        assertThat(Piecewise.of(a).valueAt(100)).isEqualTo(a.valueAt(100));
    }

    @Test
    void warmupThenCosine() {
        Piecewise s = new LinearWarmup(0.1, 0.01, 1, 5).then(CosineDecay.of(0.1, 10, 1e-3));
        assertThat(s.valueAt(0)).isEqualTo(0.1 * 0.01);
        close(s.valueAt(5), 0.1);
        assertThat(s.valueAt(15)).isEqualTo(1e-3);
        assertThat(s.valueAt(1000)).isEqualTo(1e-3);
        // Optax warmup_cosine_decay_schedule(init=0.001, peak=0.1, warmup_steps=5, decay_steps=15, end=0.001)
        Piecewise optax = Schedule.warmupCosine(0.001, 0.1, 5, 15, 1e-3);
        for (int k = 0; k < 20; k++) {
            double expected = k < 5 ? 0.001 + (0.1 - 0.001) * k / 5
                    : 1e-3 + (0.1 - 1e-3) * 0.5 * (1 + Math.cos(Math.PI * Math.min(k - 5, 10) / 10));
            assertThat(optax.valueAt(k)).as("k = %d", k).isCloseTo(expected, within(1e-16));
        }
    }

    @Test
    void schedulesAreValues() {
        assertThat(OneCycle.of(0.1, 40)).isEqualTo(new OneCycle(0.1, 40, 0.3, OneCycle.Anneal.COS, 25, 1e4, false));
        assertThat(OneCycle.of(0.1, 40).momentum()).isEqualTo(OneCycle.of(0.1, 40).momentum(0.85, 0.95));
        assertThat(new LinearWarmup(1, 0.5, 1, 3).then(Schedule.constant(1)))
                .isEqualTo(new Piecewise(List.of(new LinearWarmup(1, 0.5, 1, 3), new Constant(1)), List.of(3L)));
        assertThat(CosineDecay.torch(0.1, 25, 1e-5).toString())
                .isEqualTo("CosineDecay[initial=0.1, minimum=1.0E-5, tMax=25, afterEnd=CONTINUE]");
    }

    // ---- validation ----

    @Test
    void invalidSchedulesNameTheirParameter() {
        assertThatThrownBy(() -> new LinearDecay(0.1, 0.01, 0)).hasMessage("tau = 0 must be >= 1");
        assertThatThrownBy(() -> new LinearDecay(-0.1, 0.01, 5)).hasMessage("initial = -0.1 must be finite and > 0");
        assertThatThrownBy(() -> new StepDecay(0.1, 1.5, 5)).hasMessage("gamma = 1.5 is outside (0, 1]");
        assertThatThrownBy(() -> new StepDecay(0.1, 0.5, 0)).hasMessage("every = 0 must be >= 1");
        assertThatThrownBy(() -> MultiStepDecay.of(0.1, 0.5, 3, 3))
                .hasMessage("milestones[1] = 3 must be > milestones[0] = 3 (strictly increasing)");
        assertThatThrownBy(() -> MultiStepDecay.of(0.1, 0.5, 0, 3)).hasMessage("milestones[0] = 0 must be >= 1");
        assertThatThrownBy(() -> MultiStepDecay.of(0.1, 0, 3)).hasMessage("gamma = 0.0 is outside (0, 1]");
        assertThatThrownBy(() -> new MultiStepDecay(0.1, null, 0.5)).hasMessage("milestones must not be null");
        assertThatThrownBy(() -> ExponentialDecay.of(Double.NaN, 0.9)).hasMessage("initial = NaN must be finite and > 0");
        assertThatThrownBy(() -> new ExponentialDecay(0.1, 0.9, 0)).hasMessage("decaySteps = 0 must be >= 1");
        assertThatThrownBy(() -> new PolynomialDecay(0.1, -1, 1, 5)).hasMessage("last = -1.0 must be finite and >= 0");
        assertThatThrownBy(() -> new PolynomialDecay(0.1, 0, 0, 5)).hasMessage("power = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> new PolynomialDecay(0.1, 0, 1, 0)).hasMessage("steps = 0 must be >= 1");
        assertThatThrownBy(() -> CosineDecay.of(0.1, 0, 0)).hasMessage("tMax = 0 must be >= 1");
        assertThatThrownBy(() -> CosineDecay.of(0.1, 10, -1e-3)).hasMessage("minimum = -0.001 must be finite and >= 0");
        assertThatThrownBy(() -> new CosineDecay(0.1, 0, 10, null)).hasMessage("afterEnd must not be null");
        assertThatThrownBy(() -> new CosineWarmRestarts(0.1, 0, 2, 0)).hasMessage("t0 = 0 must be >= 1");
        assertThatThrownBy(() -> new CosineWarmRestarts(0.1, 5, 0, 0)).hasMessage("tMult = 0 must be >= 1");
        assertThatThrownBy(() -> new LinearWarmup(0.1, 0, 1, 5)).hasMessage("startFactor = 0.0 is outside (0, 1]");
        assertThatThrownBy(() -> new LinearWarmup(0.1, 0.5, 1.5, 5)).hasMessage("endFactor = 1.5 is outside [0, 1]");
        assertThatThrownBy(() -> new LinearWarmup(0.1, 0.5, 1, 0)).hasMessage("totalIters = 0 must be >= 1");
        assertThatThrownBy(() -> new InverseTimeDecay(0.1, 0)).hasMessage("tau = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> new InverseSqrtDecay(0.1, Double.POSITIVE_INFINITY))
                .hasMessage("tau = Infinity must be finite and > 0");
        assertThatThrownBy(() -> Schedule.constant(1).times(0)).hasMessage("factor = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> new Scaled(null, 2)).hasMessage("schedule must not be null");
        assertThatThrownBy(() -> new Product(Schedule.constant(1), null)).hasMessage("second must not be null");
    }

    @Test
    void invalidOneCyclesNameTheirParameter() {
        assertThatThrownBy(() -> OneCycle.of(0, 40)).hasMessage("maxLr = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> OneCycle.of(0.1, 1)).hasMessage("totalSteps = 1 must be >= 2");
        assertThatThrownBy(() -> OneCycle.of(0.1, 40).withPctStart(1.0)).hasMessage("pctStart = 1.0 is outside (0, 1)");
        assertThatThrownBy(() -> OneCycle.of(0.1, 40).withDivFactor(-25)).hasMessage("divFactor = -25.0 must be finite and > 0");
        assertThatThrownBy(() -> OneCycle.of(0.1, 40).withFinalDivFactor(0))
                .hasMessage("finalDivFactor = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> OneCycle.of(0.1, 40).withAnneal(null)).hasMessage("anneal must not be null");
        // torch divides by zero here (pct·N − 1 = 0) ...
        assertThatThrownBy(() -> OneCycle.of(0.1, 10).withPctStart(0.1))
                .hasMessage("pctStart = 0.1 with totalSteps = 10 leaves phase 1 empty (it would end at step 0.0, not after 0.0)");
        // ... and silently skips the warm-up here
        assertThatThrownBy(() -> OneCycle.of(0.1, 3)).hasMessageStartingWith("pctStart = 0.3 with totalSteps = 3 leaves phase 1 empty");
        assertThatThrownBy(() -> OneCycle.of(0.1, 40).withPctStart(0.6).withThreePhase(true))
                .hasMessageStartingWith("pctStart = 0.6 with totalSteps = 40 leaves phase 3 empty");
        assertThatThrownBy(() -> OneCycle.of(0.1, 40).momentum(Double.NaN, 0.95))
                .hasMessage("baseMomentum = NaN must be finite");
    }

    @Test
    void invalidCompositionsNameTheirParameter() {
        Schedule one = Schedule.constant(1);
        assertThatThrownBy(() -> new Piecewise(List.of(), List.of()))
                .hasMessage("schedules is empty; give at least one schedule");
        assertThatThrownBy(() -> new Piecewise(List.of(one, one), List.of()))
                .hasMessage("milestones has 0 entries, expected 1 (one fewer than the 2 schedules)");
        assertThatThrownBy(() -> Piecewise.of(one).then(5, one).then(5, one))
                .hasMessage("milestones[1] = 5 must be > milestones[0] = 5 (strictly increasing)");
        assertThatThrownBy(() -> Piecewise.of(one).then(0, one)).hasMessage("milestones[0] = 0 must be >= 1");
        assertThatThrownBy(() -> Piecewise.of(one).then(3, null)).hasMessage("schedules[1] is null");
        assertThatThrownBy(() -> Piecewise.of(null)).hasMessage("first must not be null");
        assertThatThrownBy(() -> Schedule.warmupCosine(0.1, 0.1, 10, 10, 0))
                .hasMessage("decaySteps = 10 must be > warmupSteps = 10 (Optax counts the warm-up in decay_steps)");
        assertThatThrownBy(() -> Schedule.warmupCosine(0, 0.1, 10, 100, 0))
                .hasMessage("initial = 0.0 is outside (0, peak = 0.1]");
    }
}
