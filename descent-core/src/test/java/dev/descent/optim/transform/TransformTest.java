package dev.descent.optim.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Objective;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Each wrapper against a hand-computed step or an equivalent plain optimizer, plus the contracts. */
class TransformTest {

    static <S extends OptimizerState> double[] replay(Optimizer<S> opt, ParamLayout layout, double[] x0,
            double[][] grads) {
        double[] x = x0.clone();
        S st = opt.init(layout);
        for (double[] g : grads) {
            opt.step(x, g, st);
        }
        return x;
    }

    static double[][] grads(int steps, int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] g = new double[steps][n];
        for (double[] row : g) {
            for (int i = 0; i < n; i++) {
                row[i] = r.nextDouble(-3, 3);
            }
        }
        return g;
    }

    static final ParamLayout FLAT4 = ParamLayout.flat(4);
    static final double[] X0 = {0.5, -1.0, 2.0, 0.0};

    @Test
    void clipByValueClampsEachComponent() {
        double[] x = {0, 0, 0};
        ClipByValue c = new ClipByValue(1.0, Sgd.of(0.1));
        double[] g = {3, -0.5, -7};
        c.step(x, g, c.init(3));
        assertThat(x).containsExactly(-0.1, 0.05, 0.1);
        assertThat(g).containsExactly(3, -0.5, -7); // not modified
    }

    @Test
    void clipByGlobalNormRescalesOnlyAboveTheLimit() {
        double[] x = {0, 0};
        ClipByGlobalNorm c = new ClipByGlobalNorm(1.0, Sgd.of(1.0));
        c.step(x, new double[] {3, 4}, c.init(2)); // ‖g‖ = 5 → g′ = (0.6, 0.8)
        assertThat(x[0]).isCloseTo(-0.6, within(1e-16));
        assertThat(x[1]).isCloseTo(-0.8, within(1e-16));
        double[][] small = {{0.1, 0.2, -0.3, 0.05}};
        assertThat(replay(new ClipByGlobalNorm(10, Adam.of(0.01)), FLAT4, X0, small))
                .containsExactly(replay(Adam.of(0.01), FLAT4, X0, small));
    }

    @Test
    void theGlobalNormIsTheSameWhateverTheChunkOrder() {
        // Chunk sums computed "by other threads" in any order and combined in chunk order give the
        // same bits as the sequential call.
        double[] g = new double[3 * Vec.CHUNK + 17];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < g.length; i++) {
            g[i] = r.nextDouble(-1e3, 1e3);
        }
        int chunks = (g.length + Vec.CHUNK - 1) / Vec.CHUNK;
        double[] partial = new double[chunks];
        for (int c = chunks - 1; c >= 0; c--) {
            partial[c] = Vec.sumOfSquares(g, c * Vec.CHUNK, Math.min(g.length, (c + 1) * Vec.CHUNK));
        }
        double total = 0;
        for (double p : partial) {
            total += p;
        }
        assertThat(Vec.sumOfSquares(g)).isEqualTo(total);
        double naive = 0;
        for (double v : g) {
            naive += v * v;
        }
        assertThat(Vec.sumOfSquares(g)).isCloseTo(naive, within(1e-9 * naive));
    }

    @Test
    void clipByNormWorksPerBlock() {
        ParamLayout l = ParamLayout.builder().add("W", 2).add("b", 2).build();
        double[] x = new double[4];
        ClipByNorm c = new ClipByNorm(1.0, Sgd.of(1.0));
        c.step(x, new double[] {3, 4, 0.3, 0.4}, c.init(l)); // W clipped to norm 1, b (norm 0.5) kept
        assertThat(x[0]).isCloseTo(-0.6, within(1e-16));
        assertThat(x[1]).isCloseTo(-0.8, within(1e-16));
        assertThat(x[2]).isEqualTo(-0.3);
        assertThat(x[3]).isEqualTo(-0.4);
    }

    @Test
    void maximizeClimbs() {
        Objective concave = Objective.of(1, (x, g) -> {
            g[0] = -2 * (x[0] - 3); // gradient of −(x − 3)²
            return -(x[0] - 3) * (x[0] - 3);
        });
        double[] x = {0};
        Maximize m = new Maximize(Sgd.of(0.1));
        WrapperState st = m.init(1);
        double[] g = new double[1];
        for (int k = 0; k < 200; k++) {
            concave.valueAndGradient(x, g);
            m.step(x, g, st);
        }
        assertThat(x[0]).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void coupledWeightDecayWrapperIsTheBuiltInWeightDecayBitForBit() {
        double[][] g = grads(30, 4, 1);
        assertThat(replay(new WeightDecay(0.1, Sgd.of(0.05)), FLAT4, X0, g))
                .containsExactly(replay(Sgd.of(0.05).withWeightDecay(0.1), FLAT4, X0, g));
        assertThat(replay(new WeightDecay(0.1, Adam.of(0.01)), FLAT4, X0, g))
                .containsExactly(replay(Adam.of(0.01).withWeightDecay(0.1), FLAT4, X0, g));
    }

    @Test
    void decoupledEqualsCoupledForSgdButNotForAdam() {
        double[][] g = grads(30, 4, 2);
        double[] dec = replay(DecoupledWeightDecay.of(0.1, Sgd.of(0.05)), FLAT4, X0, g);
        double[] cpl = replay(Sgd.of(0.05).withWeightDecay(0.1), FLAT4, X0, g);
        for (int i = 0; i < 4; i++) {
            assertThat(dec[i]).isCloseTo(cpl[i], within(1e-14));
        }
        double[] adamDec = replay(DecoupledWeightDecay.of(0.1, Adam.of(0.01)), FLAT4, X0, g);
        double[] adamCpl = replay(Adam.of(0.01).withWeightDecay(0.1), FLAT4, X0, g);
        assertThat(Math.abs(adamDec[2] - adamCpl[2])).isGreaterThan(1e-4);
    }

    @Test
    void decoupledDecayFollowsTheLearningRateSchedule() {
        // one step from θ = 2 with g = 0: θ ← 2 − ε₀·λ·2
        double[] x = {2.0};
        Schedule lr = k -> k == 0 ? 0.5 : 0.25;
        DecoupledWeightDecay d = DecoupledWeightDecay.of(0.1, Sgd.of(0.5).withLearningRate(lr));
        WrapperState st = d.init(1);
        d.step(x, new double[] {0}, st);
        assertThat(x[0]).isCloseTo(2 - 0.5 * 0.1 * 2, within(1e-15));
        d.step(x, new double[] {0}, st);
        assertThat(x[0]).isCloseTo(1.9 - 0.25 * 0.1 * 1.9, within(1e-15));
    }

    @Test
    void l1ProximalGradientReachesTheSoftThresholdedSolution() {
        // minimize ½‖x − a‖² + λ‖x‖₁: x* = sign(a)·max(|a| − λ, 0), exact zeros included.
        double[] a = {3, 0.5, -2};
        Objective f = Objective.of(3, (x, g) -> {
            double v = 0;
            for (int i = 0; i < 3; i++) {
                g[i] = x[i] - a[i];
                v += 0.5 * g[i] * g[i];
            }
            return v;
        });
        double[] x = {1, 1, 1};
        L1Proximal p = L1Proximal.of(1.0, Sgd.of(0.5));
        WrapperState st = p.init(3);
        double[] g = new double[3];
        for (int k = 0; k < 100; k++) {
            f.valueAndGradient(x, g);
            p.step(x, g, st);
        }
        assertThat(x[0]).isCloseTo(2.0, within(1e-14));
        assertThat(x[1]).isEqualTo(0.0);
        assertThat(x[2]).isCloseTo(-1.0, within(1e-14));
    }

    @Test
    void accumulationOfFourIsOneStepWithTheMean() {
        double[][] g = grads(8, 4, 3);
        GradientAccumulation acc = new GradientAccumulation(4, Adam.of(0.01));
        double[] x = X0.clone();
        GradientAccumulation.State st = acc.init(4);
        for (int k = 0; k < 3; k++) {
            acc.step(x, g[k], st);
            assertThat(x).containsExactly(X0);
        }
        acc.step(x, g[3], st);
        double[][] means = new double[2][4];
        for (int k = 0; k < 8; k++) {
            for (int i = 0; i < 4; i++) {
                means[k / 4][i] += g[k][i];
            }
        }
        for (double[] m : means) {
            for (int i = 0; i < 4; i++) {
                m[i] /= 4;
            }
        }
        for (int k = 4; k < 8; k++) {
            acc.step(x, g[k], st);
        }
        double[] ref = replay(Adam.of(0.01), FLAT4, X0, means);
        for (int i = 0; i < 4; i++) {
            assertThat(x[i]).isCloseTo(ref[i], within(1e-15));
        }
        assertThat(st.step()).isEqualTo(8);
        assertThat(st.inner.step()).isEqualTo(2);
    }

    @Test
    void nonFinitePoliciesNeverContinueSilently() {
        double[] bad = {0.1, Double.NaN, 0.2, 0.3};
        ParamLayout l = ParamLayout.builder().add("W", 2).add("b", 2).build();

        NonFiniteGuard skip = new NonFiniteGuard(NonFinitePolicy.SKIP, Adam.of(0.1));
        NonFiniteGuard.State s = skip.init(l);
        double[] x = X0.clone();
        skip.step(x, new double[] {1, 1, 1, 1}, s);
        double[] after1 = x.clone();
        StateDict inner1 = s.inner.stateDict();
        skip.step(x, bad, s);
        assertThat(x).containsExactly(after1);
        assertThat(s.inner.stateDict()).isEqualTo(inner1);
        assertThat(s.skippedSteps()).isEqualTo(1);

        NonFiniteGuard stop = new NonFiniteGuard(NonFinitePolicy.STOP, Adam.of(0.1));
        NonFiniteGuard.State st = stop.init(l);
        assertThatThrownBy(() -> stop.step(x, bad, st)).isInstanceOf(NonFiniteGradientException.class)
                .hasMessage("non-finite gradient at step 1: W[1] (flat index 1) = NaN; stopping");
        NonFiniteGuard refuse = new NonFiniteGuard(NonFinitePolicy.REFUSE, Adam.of(0.1));
        assertThatThrownBy(() -> refuse.step(x, bad, refuse.init(l)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("W[1] (flat index 1) = NaN");
        assertThat(x).containsExactly(after1);
    }

    /** A finite gradient of 1e300 overflows Adam's r = g² to +∞ (which would freeze θ): the guard undoes the step. */
    @Test
    void anUpdateThatOverflowsTheInnerStateIsUndoneUnderEveryPolicy() {
        ParamLayout l = ParamLayout.builder().add("W", 2).add("b", 2).build();
        double[] huge = {1, 1e300, 1, 1};
        for (NonFinitePolicy policy : NonFinitePolicy.values()) {
            NonFiniteGuard g = new NonFiniteGuard(policy, Adam.of(0.1));
            NonFiniteGuard.State s = g.init(l);
            double[] x = X0.clone();
            g.step(x, new double[] {1, 1, 1, 1}, s);
            double[] after1 = x.clone();
            StateDict inner1 = s.inner.stateDict();
            switch (policy) {
                case REFUSE -> assertThatThrownBy(() -> g.step(x, huge, s)).isInstanceOf(IllegalArgumentException.class)
                        .hasMessage("nonfinite: the update at step 2 made the optimizer state non-finite: state"
                                + " 'adam.v'[1] = Infinity; the update was undone");
                case STOP -> assertThatThrownBy(() -> g.step(x, huge, s)).isInstanceOf(NonFiniteGradientException.class)
                        .hasMessage("the update at step 2 made the optimizer state non-finite: state 'adam.v'[1] ="
                                + " Infinity; the update was undone; stopping");
                case SKIP -> {
                    g.step(x, huge, s);
                    assertThat(s.skippedSteps()).isEqualTo(1);
                    assertThat(s.step()).isEqualTo(2);
                }
            }
            assertThat(x).as("%s", policy).containsExactly(after1);
            assertThat(s.inner.stateDict()).as("%s", policy).isEqualTo(inner1);
            assertThat(s.inner.step()).isEqualTo(1);
        }
        // θ itself overflowing is undone the same way
        NonFiniteGuard sgd = new NonFiniteGuard(NonFinitePolicy.REFUSE, Sgd.of(1e10));
        double[] x = {1e300, 0, 0, 0};
        assertThatThrownBy(() -> sgd.step(x, new double[] {-1e300, 0, 0, 0}, sgd.init(l)))
                .hasMessage("nonfinite: the update at step 1 made the parameters non-finite: W[0] (flat index 0) = Infinity;"
                        + " the update was undone");
        assertThat(x).containsExactly(1e300, 0, 0, 0);
    }

    @Test
    void partitionRunsEachGroupAsIfAlone() {
        ParamLayout l = ParamLayout.builder().add("W1", 2).add("b1", 1).add("W2", 1).build();
        Partition p = Partition.of(new Partition.Group("bias", "b.*", Sgd.of(0.1)),
                new Partition.Group("weights", "W.*", Adam.of(0.01)));
        double[][] g = grads(20, 4, 4);
        double[] got = replay(p, l, X0, g);
        // W1 = [0, 2), W2 = [3, 4): Adam on (x0, x1, x3); b1 = [2]: SGD on x2
        double[][] gw = new double[20][];
        double[][] gb = new double[20][];
        for (int k = 0; k < 20; k++) {
            gw[k] = new double[] {g[k][0], g[k][1], g[k][3]};
            gb[k] = new double[] {g[k][2]};
        }
        double[] w = replay(Adam.of(0.01), ParamLayout.flat(3), new double[] {X0[0], X0[1], X0[3]}, gw);
        double[] b = replay(Sgd.of(0.1), ParamLayout.flat(1), new double[] {X0[2]}, gb);
        assertThat(got).containsExactly(w[0], w[1], b[0], w[2]);

        Partition.State st = p.init(l);
        assertThat(st.stateDict().children().keySet()).containsExactly("bias", "weights");
        assertThat(st.group("weights").layout().names()).containsExactly("W1", "W2");
        assertThatThrownBy(() -> Partition.of(new Partition.Group("w", "W.*", Sgd.of(0.1))).init(l))
                .hasMessageContaining("block 'b1' matches no group");
    }

    @Test
    void partitionWithALookAheadGroupEvaluatesWhereThatGroupSays() {
        ParamLayout l = ParamLayout.builder().add("a", 1).add("b", 1).build();
        Partition p = Partition.of(new Partition.Group("a", "a", Nesterov.of(0.1, 0.5)),
                new Partition.Group("b", "b", Sgd.of(0.1)));
        double[] x = {1, 1};
        Partition.State st = p.init(l);
        p.step(x, new double[] {2, 2}, st); // a: v = −0.2, θ = 0.8; b: θ = 0.8
        double[] at = p.evaluationPoint(x, st);
        assertThat(at[0]).isCloseTo(0.8 - 0.1, within(1e-15));
        assertThat(at[1]).isEqualTo(x[1]);
    }

    // ---- the optimizer contracts, for every wrapper ----

    static List<Optimizer<?>> wrappers() {
        ParamLayout l = ParamLayout.builder().add("W", 2, 2).add("b", 1).build();
        assertThat(l.size()).isEqualTo(5);
        return List.of(
                new ClipByValue(0.5, Adam.of(0.01)),
                new ClipByNorm(0.5, Nesterov.of(0.01, 0.9)),
                new ClipByGlobalNorm(0.5, Adam.of(0.01)),
                new Maximize(Sgd.of(0.01)),
                new WeightDecay(0.1, Adam.of(0.01)),
                DecoupledWeightDecay.of(0.1, Adam.of(0.01)),
                L1Proximal.of(0.01, Sgd.of(0.01)),
                new GradientAccumulation(3, Adam.of(0.01)),
                new NonFiniteGuard(NonFinitePolicy.SKIP, Nesterov.of(0.01, 0.9)),
                Partition.of(new Partition.Group("b", "b", Sgd.of(0.01)), new Partition.Group("w", ".*", Adam.of(0.01))),
                new ClipByGlobalNorm(1.0, new GradientAccumulation(2, DecoupledWeightDecay.of(0.01, Adam.of(0.01)))),
                Sam.of(Adam.of(0.01)),
                new Sam(dev.descent.optim.Lars.of(10), 0.05, 3));
    }

    static final ParamLayout L5 = ParamLayout.builder().add("W", 2, 2).add("b", 1).build();

    @SuppressWarnings({"unchecked", "rawtypes"})
    static void run(Optimizer opt, double[] x, OptimizerState st, double[][] g) {
        for (double[] gi : g) {
            opt.evaluationPoint(x, st);
            opt.step(x, gi, st);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wrappers")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void copiedStateContinuesBitForBitAndRefusedStepsChangeNothing(Optimizer opt) {
        double[][] g = grads(20, 5, 9);
        double[] x = {0.1, 0.2, 0.3, 0.4, 0.5};
        OptimizerState st = opt.init(L5);
        run(opt, x, st, Arrays.copyOf(g, 7));
        double[] x2 = x.clone();
        OptimizerState copy = opt.copyState(st);
        assertThat(copy.stateDict()).isEqualTo(st.stateDict());
        run(opt, x, st, Arrays.copyOfRange(g, 7, 20));
        run(opt, x2, copy, Arrays.copyOfRange(g, 7, 20));
        assertThat(x2).containsExactly(x);

        double[] before = x.clone();
        StateDict sb = st.stateDict();
        double[] nan = {0.1, 0.1, Double.POSITIVE_INFINITY, 0.1, 0.1};
        if (!(opt instanceof NonFiniteGuard)) {
            assertThatThrownBy(() -> opt.step(x, nan, st)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("W[2] (flat index 2) = Infinity");
        }
        assertThatThrownBy(() -> opt.step(x, new double[4], st)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("length 4");
        assertThat(x).containsExactly(before);
        assertThat(st.stateDict()).isEqualTo(sb);
    }

    @Test
    void aRefusalDeepInsideAStackChangesNothingAnywhere() {
        // The innermost learning rate turns negative at step 3: the whole stack must stay put.
        Schedule lr = k -> k < 2 ? 0.01 : -0.01;
        Partition p = Partition.of(new Partition.Group("b", "b", Sgd.of(0.01)),
                new Partition.Group("w", ".*", new ClipByGlobalNorm(1, Adam.of(0.01).withLearningRate(lr))));
        double[] x = {0.1, 0.2, 0.3, 0.4, 0.5};
        Partition.State st = p.init(L5);
        double[][] g = grads(3, 5, 10);
        run(p, x, st, Arrays.copyOf(g, 2));
        double[] before = x.clone();
        StateDict sb = st.stateDict();
        assertThatThrownBy(() -> p.step(x, g[2], st)).hasMessageContaining("learningRate = -0.01 at step 3");
        assertThat(x).containsExactly(before);
        assertThat(st.stateDict()).isEqualTo(sb);
    }

    @Test
    void wrappersWorkInsideTheMinimizer() {
        Result r = new Minimizer<>(new ClipByGlobalNorm(10, Adam.of(0.02)),
                StoppingCriterion.anyOf(new GradientNorm(1e-8), new MaxIterations(100_000)))
                .minimize(dev.descent.problem.Rosenbrock.standard(), new double[] {-1.5, 2});
        assertThat(r.converged()).isTrue();
        assertThat(r.point()[0]).isCloseTo(1.0, within(1e-7));
    }
}
