package dev.descent.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.optim.Adam;
import dev.descent.optim.Optimizer;
import dev.descent.optim.schedule.OneCycle;
import dev.descent.optim.transform.ScheduledHyperparameters;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * torch's {@code OneCycleLR(Adam, max_lr=0.1, total_steps=40)} cycles β₁ from 0.95 to 0.85 and back:
 * {@link ScheduledHyperparameters} with {@link OneCycle#momentum()} on Adam's {@code beta1} replays it
 * (built by hand here, independently of {@link CaseOptimizers}), and a state copied mid-run continues
 * bit for bit.
 */
class OneCycleReplayTest {

    static GoldenCase oneCycle() throws Exception {
        return CaseReader.read(BundledCases.torch().resolve("sched.onecycle.adam.quadA.json"));
    }

    static ScheduledHyperparameters<Adam.State> optimizer() {
        OneCycle cycle = OneCycle.of(0.1, 40); // the case's params; torch's defaults for the rest
        Adam adam = Adam.torch(0.01, 0.9, 0.999, 1e-8, 0, false).withLearningRate(cycle);
        return ScheduledHyperparameters.of(adam, Map.of("beta1", cycle.momentum()));
    }

    @Test
    void replaysTheOneCycleCaseIncludingBeta1() throws Exception {
        GoldenCase c = oneCycle();
        ScheduledHyperparameters<Adam.State> opt = optimizer();
        Tolerance tol = c.recorded();
        double[] theta = c.theta0();
        Adam.State st = opt.init(c.dim());
        for (GoldenCase.Step s : c.steps()) {
            Adam configured = (Adam) opt.at(st.step());
            assertThat(Tolerance.LEARNING_RATE.allows(configured.beta1(), s.extras().get("beta1").doubleValue()))
                    .as("beta1 at step %d: %s vs %s", s.t(), configured.beta1(), s.extras().get("beta1"))
                    .isTrue();
            assertThat(Tolerance.LEARNING_RATE.allows(configured.learningRate().valueAt(st.step()), s.lr()))
                    .as("lr at step %d", s.t()).isTrue();
            opt.step(theta, s.grad(), st);
            double[] expected = s.theta();
            for (int i = 0; i < theta.length; i++) {
                assertThat(tol.allows(theta[i], expected[i])).as("θ[%d] at step %d: %s vs %s", i, s.t(), theta[i],
                        expected[i]).isTrue();
            }
        }
        assertThat(st.step()).isEqualTo(40);
    }

    @Test
    void theMappingUsesTheSameWrapperAndChecksBeta1() throws Exception {
        CaseOptimizers.Supported s = (CaseOptimizers.Supported) CaseOptimizers.forCase(oneCycle());
        assertThat(s.optimizer()).isEqualTo(optimizer());
        assertThat(s.hyperparameters()).isEqualTo(Map.of("beta1", OneCycle.of(0.1, 40).momentum()));
        assertThat(Replayer.recorded().replay(oneCycle()).status()).isEqualTo(CaseResult.Status.PASS);
    }

    @Test
    void aStateCopiedMidRunContinuesBitForBit() throws Exception {
        GoldenCase c = oneCycle();
        List<GoldenCase.Step> steps = c.steps();
        ScheduledHyperparameters<Adam.State> opt = optimizer();
        double[] theta = c.theta0();
        Adam.State st = opt.init(c.dim());
        for (int t = 0; t < 17; t++) { // into the annealing phase, β₁ rising again
            opt.step(theta, steps.get(t).grad(), st);
        }
        double[] theta2 = theta.clone();
        Adam.State copy = opt.copyState(st);
        double[] theta3 = theta.clone();
        Adam.State viaDict = optimizer().init(c.dim()); // a fresh, equal wrapper: the config is a value
        viaDict.load(st.stateDict());
        Optimizer<Adam.State> same = optimizer();
        for (int t = 17; t < 40; t++) {
            opt.step(theta, steps.get(t).grad(), st);
            opt.step(theta2, steps.get(t).grad(), copy);
            same.step(theta3, steps.get(t).grad(), viaDict);
        }
        assertThat(Arrays.equals(theta, theta2)).isTrue();
        assertThat(Arrays.equals(theta, theta3)).isTrue();
        assertThat(copy.stateDict()).isEqualTo(st.stateDict()).isEqualTo(viaDict.stateDict());
    }
}
