package dev.descent.optim.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** Properties of the schedules over random configurations (seeded). */
class SchedulePropertiesTest {

    /**
     * Warm restarts equal torch's recursive integer stepping: T_cur ← T_cur + 1; when T_cur ≥ T_i,
     * T_cur ← T_cur − T_i and T_i ← T_i·T_mult.
     */
    @Property(tries = 300, seed = "11")
    void warmRestartsEqualTorchsRecursion(@ForAll @IntRange(min = 1, max = 20) int t0,
            @ForAll @IntRange(min = 1, max = 4) int tMult, @ForAll @IntRange(min = 0, max = 3000) int k) {
        long cur = 0;
        long length = t0;
        for (int j = 0; j < k; j++) {
            cur++;
            if (cur >= length) {
                cur -= length;
                length *= tMult;
            }
        }
        double expected = 0.001 + (0.5 - 0.001) * (1 + Math.cos(Math.PI * cur / length)) / 2;
        assertThat(new CosineWarmRestarts(0.5, t0, tMult, 0.001).valueAt(k)).isEqualTo(expected);
    }

    /** A piecewise schedule hands over at its milestone, restarting the next schedule's step count. */
    @Property(tries = 300, seed = "12")
    void piecewiseHandsOverWithALocalStep(@ForAll @LongRange(min = 1, max = 1000) long milestone,
            @ForAll @LongRange(min = 0, max = 5000) long k) {
        Schedule a = new InverseTimeDecay(1.0, 7);
        Schedule b = CosineDecay.of(0.3, 400, 0.01);
        Piecewise p = Piecewise.of(a).then(milestone, b);
        assertThat(p.valueAt(k)).isEqualTo(k < milestone ? a.valueAt(k) : b.valueAt(k - milestone));
    }

    /** A 1cycle stays within [ε_min, ε_max] and its momentum within [m_base, m_max], beyond its end too. */
    @Property(tries = 300, seed = "13")
    void oneCycleStaysInItsRange(@ForAll @LongRange(min = 10, max = 10_000) long total,
            @ForAll @DoubleRange(min = 0.15, max = 0.45) double pct, @ForAll boolean threePhase,
            @ForAll boolean linear, @ForAll @LongRange(min = 0, max = 20_000) long k) {
        OneCycle c = new OneCycle(0.7, total, pct, linear ? OneCycle.Anneal.LINEAR : OneCycle.Anneal.COS, 25, 1e4,
                threePhase);
        // torch's linear form (b − a)·p + a cancels near p = 1: a few ulps of ε_max, absolute
        double slack = 1e-15;
        assertThat(c.valueAt(k)).isBetween(c.minLr() - 0.7 * slack, 0.7 * (1 + slack));
        assertThat(c.momentum().valueAt(k)).isBetween(0.85 - slack, 0.95 + slack);
        assertThat(c.valueAt(0)).isCloseTo(c.initialLr(), within(1e-15));
    }

    /** Decays never increase (and the unclamped torch cosine is symmetric about T). */
    @Property(tries = 300, seed = "14")
    void decaysAreMonotone(@ForAll @LongRange(min = 0, max = 100_000) long k,
            @ForAll @LongRange(min = 1, max = 1000) long t) {
        Schedule[] decays = {
            new StepDecay(1, 0.5, t), ExponentialDecay.of(1, 0.999), new PolynomialDecay(1, 0.01, 2, t),
            CosineDecay.of(1, t, 0.01), new InverseTimeDecay(1, t), new InverseSqrtDecay(1, t),
            new LinearWarmup(1, 1, 0.1, t), MultiStepDecay.of(1, 0.1, t, 2 * t), new LinearDecay(1, 0.01, t)
        };
        for (Schedule s : decays) {
            assertThat(s.valueAt(k + 1)).as("%s at %d", s, k).isLessThanOrEqualTo(s.valueAt(k));
        }
        CosineDecay torch = CosineDecay.torch(1, t, 0.01);
        long j = k % (2 * t);
        assertThat(torch.valueAt(j)).isCloseTo(torch.valueAt(2 * t - j), within(1e-15));
    }
}
