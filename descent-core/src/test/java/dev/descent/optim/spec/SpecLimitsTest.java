package dev.descent.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Sgd;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Input that must not break the spec layer: chains and nesting beyond the stated limits (which
 * would overflow the stack), very long specs, integers that do not fit, learning rates ≤ 0.
 */
class SpecLimitsTest {

    private static SpecException refused(String spec) {
        return catchThrowableOfType(() -> OptimizerSpec.build(spec), SpecException.class);
    }

    @Test
    void twoThousandTransformsAreRefusedAtThe65th() {
        String spec = "adam" + " | clip_global_norm(1)".repeat(2000);
        SpecException e = refused(spec);
        int at = "adam".length() + 64 * " | clip_global_norm(1)".length() + 1;
        assertThat(e.problem()).isEqualTo("too many transforms: at most 64 in a chain");
        assertThat(e.position()).isEqualTo(at);
        assertThat(e.getMessage()).startsWith("too many transforms: at most 64 in a chain at position " + at + "\n")
                .hasSizeLessThan(400);
    }

    @Test
    void sixtyFourTransformsBuildPrintAndStep() {
        Optimizer<?> opt = OptimizerSpec.build("sgd(lr=0.5)" + " | clip_global_norm(1)".repeat(64));
        assertThat(opt.toString()).contains("ClipByGlobalNorm").contains("Sgd");
        double[] theta = {3, 4};
        step(opt, theta, new double[] {30, 40});
        // every wrapper clips to norm 1: the step is 0.5·(0.6, 0.8)
        assertThat(theta).containsExactly(3 - 0.3, 4 - 0.4);
    }

    private static <S extends OptimizerState> void step(Optimizer<S> opt, double[] theta, double[] grad) {
        S state = opt.init(theta.length);
        opt.step(theta, grad, state);
        assertThat(state.toString()).isNotEmpty();
    }

    @Test
    void deepTuplesAndNestedCallsAreRefusedAtDepth33() {
        String prefix = "adam(betas=";
        SpecException tuples = refused(prefix + "(".repeat(2000) + "0.9" + ")".repeat(2000) + ")");
        assertThat(tuples.problem()).isEqualTo("parentheses nested too deep: at most 32 levels");
        assertThat(tuples.position()).isEqualTo(prefix.length() + 31); // adam( is level 1

        StringBuilder b = new StringBuilder("adam");
        for (int i = 0; i < 2000; i++) {
            b.append(i == 0 ? " @ " : "then=").append("warmup(steps=1, ");
        }
        b.append("then=constant").append(")".repeat(2000));
        SpecException calls = refused(b.toString());
        assertThat(calls.problem()).isEqualTo("parentheses nested too deep: at most 32 levels");
        assertThat(calls.getMessage()).hasSizeLessThan(400);
    }

    @Test
    void thirtyTwoLevelsStillParse() {
        StringBuilder b = new StringBuilder("adam");
        for (int i = 0; i < 31; i++) {
            b.append(i == 0 ? " @ " : "then=").append("warmup(steps=1, ");
        }
        b.append("then=constant()").append(")".repeat(31));
        assertThat(OptimizerSpec.build(b.toString()).toString()).contains("LinearWarmup");
    }

    @Test
    void aTenMegabyteSpecIsRefusedAtOnceWithAShortMessage() {
        String huge = "adam(" + "1".repeat(10_000_000) + ")";
        SpecException e = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refused(huge));
        assertThat(e.problem()).isEqualTo("the spec has 10000006 characters; at most 100000 are accepted");
        assertThat(e.position()).isEqualTo(100_000);
        assertThat(e.getMessage()).hasSizeLessThan(400).contains("…");
        // just under the limit: parsed (and refused for its content) quickly
        String big = "adam(betas=(" + "0.9, ".repeat(19_990) + "0.9))";
        assertThat(big.length()).isLessThan(SpecParser.MAX_LENGTH);
        SpecException tooMany = assertTimeoutPreemptively(Duration.ofSeconds(2), () -> refused(big));
        assertThat(tooMany.problem()).isEqualTo("adam: betas = '" + "0.9,".repeat(19_990) + "0.9' needs 2 values (beta1, beta2)");
    }

    @Test
    void integersThatDoNotFitAreRefusedNamingTheKeyAndValue() {
        assertThat(refused("lbfgs(history_size=3000000000)").problem())
                .isEqualTo("lbfgs: historySize = 3000000000 is out of range for an integer (at most 2147483647)");
        assertThat(refused("lbfgs(history_size=1e10)").problem())
                .isEqualTo("lbfgs: historySize = 1e10 is out of range for an integer (at most 2147483647)");
        assertThat(refused("lbfgs(history_size=1e10)").position()).isEqualTo(6);
        assertThat(refused("asgd(t0=1e300)").problem())
                .isEqualTo("asgd: t0 = 1e300 is out of range (at most 2^53 = 9007199254740992)");
        assertThat(refused("adam | accumulate(every=3000000000)").problem())
                .isEqualTo("accumulate: every = 3000000000 is out of range (at most 2147483647)");
        assertThat(refused("adam @ step(every=1e300)").problem())
                .isEqualTo("step: every = 1e300 is out of range (at most 2^53 = 9007199254740992)");
        assertThat(refused("adam @ multistep(milestones=(10, 1e20))").problem())
                .isEqualTo("multistep: milestones has 1e20, out of range (at most 2^53 = 9007199254740992)");
        // the largest int is passed through exactly (memory is checked when the state is created)
        assertThat(((dev.descent.optim.Lbfgs) OptimizerSpec.build("lbfgs(history_size=2147483647)")).historySize())
                .isEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void everyOptimizerRefusesALearningRateOfZeroNegativeOrNaN() {
        List<Optimizers.Entry> entries = new ArrayList<>(Optimizers.all());
        entries.addAll(Optimizers.presets());
        // the Polyak steps have no learning rate: J − J* and ‖g‖² decide the step
        entries.removeIf(e -> e.defaults() instanceof dev.descent.optim.ValueAwareOptimizer<?>);
        for (Optimizers.Entry e : entries) {
            for (String v : List.of("0", "-1", "NaN", "Infinity")) {
                String spec = e.name() + "(lr=" + v + ")";
                SpecException x = catchThrowableOfType(() -> OptimizerSpec.build(spec), SpecException.class);
                assertThat(x).as(spec).isNotNull();
                assertThat(x.problem()).as(spec).isEqualTo(e.name() + ": learningRate = " + Double.parseDouble(v)
                        + " must be finite and > 0");
                assertThat(x.position()).as(spec).isEqualTo(e.name().length() + 1);
            }
        }
    }

    @Test
    void aScheduleMayEndAtZeroButNotGoBelow() {
        Optimizer<?> cosine = OptimizerSpec.build("sgd(lr=0.1) @ cosine(t_max=3)");
        double[] three = {1};
        runSteps(cosine, three, 3);
        double[] six = {1};
        runSteps(cosine, six, 6);
        // ε_k = 0.1, 0.075, 0.025, then 0 from k = 3 on: the last three steps leave θ where it is
        assertThat(three[0]).isCloseTo(0.8, org.assertj.core.data.Offset.offset(1e-15));
        assertThat(six).containsExactly(three);
        assertThatThrownBy(() -> OptimizerSpec.build("sgd(lr=0.1) @ cosine(t_max=3, eta_min=-1)"))
                .hasMessageStartingWith("cosine: minimum = -1.0 must be finite and >= 0 at position 14");
        Optimizer<?> negative = new Sgd(k -> k < 1 ? 0.1 : -0.1, 0);
        assertThatThrownBy(() -> runSteps(negative, new double[] {1}, 2))
                .hasMessageContaining("sgd: learningRate = -0.1 at step 2").hasMessageEndingWith(
                        "must be finite and >= 0; nothing was changed");
        Optimizer<?> lbfgs = OptimizerSpec.build("lbfgs(lr=1, line_search=none) @ cosine(t_max=1)");
        assertThatThrownBy(() -> runSteps(lbfgs, new double[] {1}, 2))
                .hasMessageStartingWith("lbfgs: learningRate = 0.0 at step 2").hasMessageContaining("first trial step");
    }

    private static void runSteps(Optimizer<?> opt, double[] theta, int n) {
        run(opt, theta, n);
    }

    private static <S extends OptimizerState> void run(Optimizer<S> opt, double[] theta, int n) {
        S state = opt.init(theta.length);
        for (int i = 0; i < n; i++) {
            opt.step(theta, new double[] {1}, state);
        }
    }
}
