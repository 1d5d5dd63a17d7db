package dev.descent.optim.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.optim.Adam;
import dev.descent.optim.HasLearningRate;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Optimizer;
import dev.descent.optim.Optimizers;
import dev.descent.optim.Sgd;
import dev.descent.optim.schedule.LinearDecay;
import dev.descent.optim.schedule.Schedule;
import dev.descent.optim.schedule.StepDecay;
import dev.descent.optim.transform.ClipByGlobalNorm;
import dev.descent.optim.transform.DecoupledWeightDecay;
import dev.descent.optim.transform.GradientAccumulation;
import dev.descent.optim.transform.NonFiniteGuard;
import dev.descent.optim.transform.NonFinitePolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OptimizerSpecTest {

    @Test
    void aBareNameIsTheDefaults() {
        for (String name : Optimizers.names()) {
            assertThat(OptimizerSpec.build(name)).isEqualTo(Optimizers.create(name));
            assertThat(OptimizerSpec.build(name + "()")).isEqualTo(Optimizers.create(name));
        }
    }

    @Test
    void positionalLearningRateKeysAndTuples() {
        assertThat(OptimizerSpec.build("adam(0.01)")).isEqualTo(Adam.of(0.01));
        assertThat(OptimizerSpec.build(" adam ( lr = 2e-3 , betas = (0.8, 0.99), amsgrad=true ) "))
                .isEqualTo(new Adam(Schedule.constant(2e-3), 0.8, 0.99, 1e-8, 0, true));
    }

    @Test
    void theIssueExamplesBuild() {
        Optimizer<?> a = OptimizerSpec.build("adam(lr=1e-3, weight_decay=0.01) | clip_global_norm(1.0)");
        assertThat(a).isEqualTo(new ClipByGlobalNorm(1.0, Adam.of(1e-3).withWeightDecay(0.01)));
        Optimizer<?> s = OptimizerSpec.build("sgd(lr=0.1, momentum=0.9, nesterov=true) @ step(every=1000, gamma=0.5)");
        assertThat(s).isEqualTo(Nesterov.torch(0.1, 0.9, 0).withLearningRate(new StepDecay(0.1, 0.5, 1000)));
    }

    @Test
    void transformsWrapLeftToRightAndSchedulesApplyToTheOptimizer() {
        Optimizer<?> o = OptimizerSpec.build(
                "adam(lr=0.01) | decoupled_weight_decay(0.1) | accumulate(every=4) | nonfinite(skip) @ linear_decay(tau=100)");
        Adam adam = Adam.of(0.01).withLearningRate(new LinearDecay(0.01, 1e-4, 100));
        assertThat(o).isEqualTo(new NonFiniteGuard(NonFinitePolicy.SKIP,
                new GradientAccumulation(4, DecoupledWeightDecay.of(0.1, adam))));
        // the decoupled decay follows the scheduled learning rate
        DecoupledWeightDecay d = (DecoupledWeightDecay) ((GradientAccumulation) ((NonFiniteGuard) o).inner()).inner();
        assertThat(d.learningRate().valueAt(50)).isCloseTo(0.01 * 0.5 + 1e-4 * 0.5, within(1e-15));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            "adam("                                  | 5  | expected a value but found the end
            "adam(lr=)"                              | 8  | expected a value but found ')'
            "adam(lr=0.1 beta1=0.9)"                 | 12 | expected ',' or ')' but found 'b'
            "adam(lr=1e-3x)"                         | 8  | '1e-3x' is not a number
            "adamm(lr=0.1)"                          | 0  | unknown optimizer 'adamm'
            "adam(rho=0.9)"                          | 5  | adam: unknown parameter 'rho'
            "adam(beta1=1.5)"                        | 5  | adam: beta1 = 1.5 is outside [0, 1)
            "adam(lr=-1)"                            | 5  | learningRate = -1.0 must be finite and > 0
            "adam | clip_globl_norm(1)"              | 7  | unknown transform 'clip_globl_norm'
            "adam | clip_global_norm(max_norm=-1)"   | 7  | clip_global_norm: maxNorm = -1.0 must be finite and > 0
            "adam | clip_global_norm(1, 2)"          | 27 | clip_global_norm takes at most 1 positional argument
            "adam | sgd"                             | 7  | unknown transform 'sgd' (an optimizer can only come first)
            "clip_global_norm(1) | adam"             | 0  | (a transform goes after '|')
            "adam @ cosin(t_max=10)"                 | 7  | unknown schedule 'cosin'
            "adam @ multistep(milestones=(10, x))"   | 33 | multistep: milestones has 'x', not a whole number
            "adam @ warmup(10, then=0.5)"            | 18 | warmup: then must be a schedule call
            "sgd(0.1) @ onecycle(100)"               | 11 | onecycle: sgd has neither beta1 nor momentum to cycle
            "adam @ step(every=10) | maximize"       | 22 | expected the end of the spec after the schedule
            "adam @ step(gamma=0.5)"                 | 7  | step needs every
            "adam | accumulate(every=2.5)"           | 18 | accumulate: every = 2.5 is not a whole number
            "adam | nonfinite(policy=ignore)"        | 17 | nonfinite: policy = 'ignore' is not one of [refuse, skip, stop]
            "adam(0.1, 0.2)"                         | 10 | takes one positional argument
            """)
    void errorsNameTheTokenAndItsPosition(String spec, int position, String message) {
        assertThatThrownBy(() -> OptimizerSpec.build(spec))
                .isInstanceOf(SpecException.class)
                .hasMessageContaining(message)
                .satisfies(e -> assertThat(((SpecException) e).position()).isEqualTo(position))
                .hasMessageContaining("at position " + position + "\n  " + spec + "\n  " + " ".repeat(position) + "^");
    }

    @Test
    void registriesDescribeThemselves() {
        assertThat(TransformSpecs.describe()).contains("clip_global_norm(max_norm): rescale the whole gradient to norm ≤ max_norm");
        assertThat(ScheduleSpecs.describe()).anyMatch(l -> l.startsWith("step(every, gamma=0.1): "));
    }

    @Test
    void aScheduleNeedsAConstantLearningRateToStartFrom() {
        assertThat(OptimizerSpec.build("sgd(0.5) @ constant")).isEqualTo(Sgd.of(0.5));
        assertThat(((HasLearningRate) OptimizerSpec.build("sgd(0.5) @ step(10, 0.5)")).learningRate().valueAt(25))
                .isEqualTo(0.125);
    }

    @Test
    void everyScheduleBuildsFromTheOptimizersRate() {
        double lr = 0.1;
        assertThat(rate("sgd(0.1) @ multistep(milestones=(10, 20), gamma=0.5)", 15)).isEqualTo(0.05);
        assertThat(rate("sgd(0.1) @ multistep(milestones=(10, 20), gamma=0.5)", 20)).isEqualTo(0.025);
        assertThat(rate("sgd(0.1) @ exponential(0.9)", 2)).isCloseTo(lr * 0.81, within(1e-16));
        assertThat(rate("sgd(0.1) @ polynomial(steps=10, power=2)", 5)).isCloseTo(lr * 0.25, within(1e-16));
        assertThat(rate("sgd(0.1) @ cosine(t_max=10)", 5)).isCloseTo(lr / 2, within(1e-16));
        assertThat(rate("sgd(0.1) @ cosine(t_max=10)", 15)).isEqualTo(0.0 + 0.0);
        assertThat(rate("sgd(0.1) @ cosine(t_max=10, clamp=false)", 15)).isCloseTo(lr / 2, within(1e-16));
        assertThat(rate("sgd(0.1) @ cosine_restarts(t_0=10)", 15)).isCloseTo(lr / 2, within(1e-16));
        assertThat(rate("sgd(0.1) @ inverse_time(tau=2)", 4)).isCloseTo(lr / 3, within(1e-16));
        assertThat(rate("sgd(0.1) @ inverse_sqrt", 3)).isCloseTo(lr / 2, within(1e-16));
    }

    @Test
    void warmupThenCosine() {
        String spec = "sgd(0.1) @ warmup(steps=10, start_factor=0.1, then=cosine(t_max=100))";
        assertThat(rate(spec, 0)).isCloseTo(0.01, within(1e-16));
        assertThat(rate(spec, 5)).isCloseTo(0.01 + 0.5 * 0.09, within(1e-15));
        assertThat(rate(spec, 10)).isCloseTo(0.1, within(1e-16)); // the cosine's own step 0
        assertThat(rate(spec, 60)).isCloseTo(0.05, within(1e-15));
        assertThat(rate("sgd(0.1) @ warmup(4)", 100)).isEqualTo(0.1);
    }

    @Test
    void oneCycleCyclesBeta1OrMomentumAsTorchDoes() {
        Optimizer<?> adam = OptimizerSpec.build("adam(0.1) @ onecycle(total_steps=40)");
        assertThat(adam).isInstanceOf(dev.descent.optim.transform.ScheduledHyperparameters.class);
        var sh = (dev.descent.optim.transform.ScheduledHyperparameters<?>) adam;
        assertThat(sh.schedules().keySet()).containsExactly("beta1");
        assertThat(sh.schedules().get("beta1").valueAt(0)).isCloseTo(0.95, within(1e-15));
        assertThat(((Adam) sh.at(0)).learningRate().valueAt(0)).isCloseTo(0.1 / 25, within(1e-17));
        var sgd = (dev.descent.optim.transform.ScheduledHyperparameters<?>) OptimizerSpec.build(
                "sgd(0.1, momentum=0.9) @ onecycle(40)");
        assertThat(sgd.schedules().keySet()).containsExactly("momentum");
        assertThat(OptimizerSpec.build("adam(0.1) @ onecycle(40, cycle_momentum=false)")).isInstanceOf(Adam.class);
    }

    static double rate(String spec, long k) {
        return ((HasLearningRate) OptimizerSpec.build(spec)).learningRate().valueAt(k);
    }
}
