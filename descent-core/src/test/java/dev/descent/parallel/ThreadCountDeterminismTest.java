package dev.descent.parallel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.linalg.ParamLayout;
import dev.descent.linalg.Vec;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.ValueAwareOptimizer;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.testing.OptimizerCatalog;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every optimizer, wrapper and the global-norm reduction give the same bits on 1, 2 and 4 threads:
 * parameters and every state buffer after a few steps on a vector long enough to be split into
 * several tasks (and a last, shorter one).
 */
class ThreadCountDeterminismTest {

    /** Above {@link Parallel#THRESHOLD}: four tasks, the last one partial. */
    static final int N = 3 * Parallel.TASK + 1237;

    static final int STEPS = 4;

    @AfterAll
    static void restoreThreads() {
        Parallel.setThreads(Parallel.availableProcessors());
    }

    static Stream<Arguments> optimizers() {
        List<Arguments> all = new ArrayList<>();
        for (OptimizerCatalog.Sample s : OptimizerCatalog.samples()) {
            all.add(Arguments.of(s.label(), s.optimizer()));
        }
        // the wrappers, each around a rule it may be fused with
        for (String spec : List.of("adam(lr=0.01) | clip_global_norm(0.5)", "adam(lr=0.01) | clip_norm(0.5)",
                "sgd(lr=0.01) | clip_value(1e-3)", "sgd(lr=0.01) | weight_decay(0.01)",
                "adam(lr=0.01) | decoupled_weight_decay(0.01)", "sgd(lr=0.01) | l1(1e-4)",
                "adam(lr=0.01) | maximize", "momentum(lr=0.01, momentum=0.9) | accumulate(2)",
                "adam(lr=0.01) | nonfinite(skip)", "adam(lr=0.01) | sam(rho=0.05)",
                "adam(lr=0.01) @ cosine(t_max=10)")) {
            all.add(Arguments.of(spec, OptimizerSpec.build(spec)));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("optimizers")
    void sameBitsOnOneTwoAndFourThreads(String label, Optimizer<?> opt) {
        ParamLayout layout = OptimizerCatalog.layoutFor(opt, ParamLayout.builder().add("W", 3 * 31, 1057)
                .add("b", N - 3 * 31 * 1057).build());
        assertThat(layout.size()).isEqualTo(N);
        Run one = run(opt, layout, 1);
        for (int t : new int[] {2, 4}) {
            Run other = run(opt, layout, t);
            assertThat(bits(other.theta)).as("%s: θ on %d threads", label, t).isEqualTo(bits(one.theta));
            assertThat(other.state.keySet()).isEqualTo(one.state.keySet());
            for (Map.Entry<String, double[]> e : one.state.entrySet()) {
                assertThat(bits(other.state.get(e.getKey()))).as("%s: state %s on %d threads", label, e.getKey(), t)
                        .isEqualTo(bits(e.getValue()));
            }
        }
        assertThat(one.theta).as("%s moved θ", label).isNotEqualTo(start(layout.size()));
    }

    @Test
    void theGlobalNormReductionIsTheSameOnAnyThreadCount() {
        double[] x = start(5 * Parallel.TASK + 17);
        for (int i = 0; i < x.length; i++) {
            x[i] = Math.scalb(x[i], i % 40 - 20); // wide magnitudes: any change of order shows in the bits
        }
        Parallel.setThreads(1);
        double one = Vec.sumOfSquares(x);
        double sequential = 0;
        for (int c = 0; c < x.length; c += Parallel.SUM_CHUNK) {
            sequential += Vec.sumOfSquares(x, c, Math.min(x.length, c + Parallel.SUM_CHUNK));
        }
        assertThat(Double.doubleToRawLongBits(one)).isEqualTo(Double.doubleToRawLongBits(sequential));
        for (int t : new int[] {2, 3, 4, 8}) {
            Parallel.setThreads(t);
            assertThat(Double.doubleToRawLongBits(Vec.sumOfSquares(x))).as("%d threads", t)
                    .isEqualTo(Double.doubleToRawLongBits(one));
        }
    }

    record Run(double[] theta, Map<String, double[]> state) {
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    static Run run(Optimizer opt, ParamLayout layout, int threads) {
        Parallel.setThreads(threads);
        int n = layout.size();
        double[] theta = start(n);
        double[] grad = new double[n];
        OptimizerState state = opt.init(layout);
        for (int k = 0; k < STEPS; k++) {
            double[] at = opt.evaluationPoint(theta, state);
            double loss = 0;
            for (int i = 0; i < n; i++) {
                // a separable quadratic with curvatures 0.5..2 and its minimum at sin(i)
                double a = 0.5 + (i % 7) / 4.0;
                double d = at[i] - Math.sin(i);
                grad[i] = a * d;
                loss += 0.5 * a * d * d;
            }
            ValueAwareOptimizer.offerValue(opt, state, loss);
            opt.step(theta, grad, state);
        }
        return new Run(theta, state.stateDict().flatten());
    }

    static double[] start(int n) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = Math.cos(0.37 * i) * (1 + i % 5);
        }
        return x;
    }

    static long[] bits(double[] x) {
        return Arrays.stream(x).mapToLong(Double::doubleToRawLongBits).toArray();
    }
}
