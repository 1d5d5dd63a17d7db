package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.schedule.Schedule;
import dev.descent.problem.Quadratic;
import dev.descent.testing.OptimizerCatalog;
import dev.descent.testing.OptimizerCatalog.Invalid;
import dev.descent.testing.OptimizerCatalog.Sample;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Properties every optimizer must have, run over the whole catalog. */
class OptimizerContractTest {

    static final Quadratic QUAD = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 7);

    static List<Sample> samples() {
        return OptimizerCatalog.samples();
    }

    static List<Invalid> invalid() {
        return OptimizerCatalog.invalid();
    }

    /** Runs {@code steps} updates on {@link #QUAD} from θ, asking for the evaluation point each time. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static void run(Optimizer opt, double[] theta, OptimizerState state, int steps) {
        double[] g = new double[theta.length];
        for (int k = 0; k < steps; k++) {
            double value = QUAD.valueAndGradient(opt.evaluationPoint(theta, state), g);
            ValueAwareOptimizer.offerValue(opt, state, value); // Polyak steps need J
            opt.step(theta, g, state);
        }
    }

    /** {@code opt}, after offering a loss value to it in case it needs one (Polyak steps). */
    @SuppressWarnings("rawtypes")
    static Optimizer offered(Optimizer opt, OptimizerState state) {
        ValueAwareOptimizer.offerValue(opt, state, 1.0);
        return opt;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void lossDropsInTwentySteps(Sample s) {
        Optimizer opt = s.optimizer();
        double[] theta = QUAD.start();
        double before = QUAD.value(theta);
        OptimizerState st = opt.init(OptimizerCatalog.layoutFor(opt, theta.length));
        run(opt, theta, st, 20);
        assertThat(QUAD.value(theta)).isLessThan(before);
        assertThat(st.step()).isEqualTo(20);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void copiedStateContinuesBitForBit(Sample s) {
        Optimizer opt = s.optimizer();
        double[] theta = QUAD.start();
        OptimizerState st = opt.init(OptimizerCatalog.layoutFor(opt, theta.length));
        run(opt, theta, st, 10);
        double[] theta2 = theta.clone();
        OptimizerState copy = opt.copyState(st);
        assertThat(copy.stateDict()).isEqualTo(st.stateDict());
        run(opt, theta, st, 15);
        run(opt, theta2, copy, 15);
        assertThat(Arrays.equals(theta, theta2)).as("θ bit-for-bit").isTrue();
        assertThat(copy.stateDict()).isEqualTo(st.stateDict());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void refusedStepChangesNothing(Sample s) {
        Optimizer opt = s.optimizer();
        ParamLayout layout = ParamLayout.builder().add("W", 2, 2).add("b", 1).build();
        double[] theta = {0.5, -0.25, 1.0, 2.0, -1.0};
        OptimizerState st = opt.init(OptimizerCatalog.layoutFor(opt, layout));
        double[] g = {0.1, -0.2, 0.3, -0.4, 0.5};
        offered(opt, st).step(theta, g, st);
        offered(opt, st).step(theta, g, st);
        double[] thetaBefore = theta.clone();
        StateDict stateBefore = st.stateDict();

        double[] nan = g.clone();
        nan[4] = Double.NaN;
        assertThatThrownBy(() -> offered(opt, st).step(theta, nan, st))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("b[0] (flat index 4) = NaN is not finite at step 3")
                .hasMessageContaining("nothing was changed");
        double[] inf = g.clone();
        inf[1] = Double.NEGATIVE_INFINITY;
        assertThatThrownBy(() -> offered(opt, st).step(theta, inf, st)).hasMessageContaining("W[1] (flat index 1) = -Infinity");
        assertThatThrownBy(() -> offered(opt, st).step(theta, new double[4], st))
                .hasMessageContaining("grad has length 4, expected 5");
        assertThatThrownBy(() -> offered(opt, st).step(new double[6], g, st))
                .hasMessageContaining("params has length 6");

        assertThat(theta).containsExactly(thetaBefore);
        assertThat(st.stateDict()).isEqualTo(stateBefore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void loadChecksNamesAndSizesAndChangesNothingWhenRefused(Sample s) {
        Optimizer opt = s.optimizer();
        OptimizerState st = opt.init(OptimizerCatalog.layoutFor(opt, 5));
        double[] theta = QUAD.start();
        run(opt, theta, st, 3);
        StateDict before = st.stateDict();

        OptimizerState wrongSize = opt.init(OptimizerCatalog.layoutFor(opt, 4));
        assertThatThrownBy(() -> st.load(wrongSize.stateDict())).isInstanceOf(IllegalArgumentException.class);
        Optimizer other = s.optimizer() instanceof Sgd ? Adam.defaults() : Sgd.defaults();
        assertThatThrownBy(() -> st.load(other.init(5).stateDict()))
                .hasMessageContaining("expected '" + opt.name() + "'");
        assertThat(st.stateDict()).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    @SuppressWarnings({"unchecked", "rawtypes"})
    void aScheduleThatTurnsNegativeIsRefusedAtThatStep(Sample s) {
        Optimizer opt = s.optimizer();
        Assumptions.assumeTrue(opt instanceof HasLearningRate,
                () -> s + " has no learning-rate schedule (Rprop's learningRate is only its initial step size)");
        Schedule bad = k -> k < 2 ? 0.01 : -0.01;
        Optimizer withBad = ((HasLearningRate) opt).withLearningRate(bad);
        OptimizerState st = withBad.init(OptimizerCatalog.layoutFor(opt, 5));
        double[] theta = QUAD.start();
        run(withBad, theta, st, 2);
        double[] before = theta.clone();
        StateDict stBefore = st.stateDict();
        assertThatThrownBy(() -> run(withBad, theta, st, 1))
                .hasMessageContaining("learningRate = -0.01 at step 3");
        assertThat(theta).containsExactly(before);
        assertThat(st.stateDict()).isEqualTo(stBefore);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalid")
    void invalidHyperparametersAreRefusedWithTheirNameValueAndRange(Invalid inv) {
        assertThatThrownBy(inv.construct()::get)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(inv.message());
    }

    @Test
    void catalogCoversTheWholeRegistry() {
        Set<String> tested = new HashSet<>();
        for (Sample s : OptimizerCatalog.samples()) {
            tested.add(s.registryName());
            assertThat(s.optimizer().name()).isEqualTo(s.registryName());
        }
        Set<String> refused = new HashSet<>();
        for (Invalid i : OptimizerCatalog.invalid()) {
            refused.add(i.registryName());
        }
        assertThat(tested).hasSize(Optimizers.all().size()).containsExactlyInAnyOrderElementsOf(Optimizers.names());
        assertThat(refused).containsExactlyInAnyOrderElementsOf(Optimizers.names());
    }
}
