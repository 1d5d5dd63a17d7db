package dev.descent.optim.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.linalg.ParamLayout;
import dev.descent.optim.Adam;
import dev.descent.optim.Momentum;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Optimizer;
import dev.descent.optim.OptimizerState;
import dev.descent.optim.RmsProp;
import dev.descent.optim.StateDict;
import dev.descent.optim.schedule.CosineDecay;
import dev.descent.optim.schedule.LinearWarmup;
import dev.descent.optim.schedule.OneCycle;
import dev.descent.optim.schedule.Schedule;
import dev.descent.problem.Quadratic;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScheduledHyperparametersTest {

    static final Quadratic QUAD = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 7);

    static <S extends OptimizerState> void run(Optimizer<S> opt, double[] theta, S state, int steps) {
        double[] g = new double[theta.length];
        for (int k = 0; k < steps; k++) {
            QUAD.valueAndGradient(opt.evaluationPoint(theta, state), g);
            opt.step(theta, g, state);
        }
    }

    @Test
    void eachStepUsesTheBaseWithThisStepsValues() {
        OneCycle cycle = OneCycle.of(0.05, 30);
        Adam base = Adam.defaults().withLearningRate(cycle);
        ScheduledHyperparameters<Adam.State> sh = ScheduledHyperparameters.of(base, Map.of("beta1", cycle.momentum()));

        // reference: a hand-written loop that rebuilds Adam with withBeta1 every step, same state
        double[] theta = QUAD.start();
        double[] ref = QUAD.start();
        Adam.State st = sh.init(5);
        Adam.State refSt = base.init(5);
        double[] g = new double[5];
        for (int k = 0; k < 30; k++) {
            assertThat(((Adam) sh.at(k)).beta1()).isEqualTo(cycle.momentum().valueAt(k));
            QUAD.valueAndGradient(theta, g);
            sh.step(theta, g, st);
            QUAD.valueAndGradient(ref, g);
            base.withBeta1(cycle.momentum().valueAt(k)).step(ref, g, refSt);
            assertThat(Arrays.equals(theta, ref)).as("θ after step %d", k + 1).isTrue();
        }
        assertThat(st.stateDict()).isEqualTo(refSt.stateDict());
        // the peak of the cycle: phase 1 ends at pct·N − 1 = 0.3·30 − 1 = 8
        assertThat(((Adam) sh.at(8)).beta1()).isEqualTo(0.85);
        assertThat(sh.at(8)).isEqualTo(base.withBeta1(0.85));
    }

    @Test
    void theStateIsTheBasesOwn() {
        Adam base = Adam.defaults();
        ScheduledHyperparameters<Adam.State> sh = ScheduledHyperparameters.of(base,
                Map.of("beta2", new LinearWarmup(0.999, 0.99, 1, 10)));
        Adam.State st = sh.init(ParamLayout.flat(5));
        assertThat(st).isInstanceOf(Adam.State.class);
        assertThat(st.stateDict().buffers().keySet()).containsExactly("adam.m", "adam.v");
        assertThat(st.stateDict().children()).isEmpty();
        // a checkpoint of the base loads into the wrapper's state and the other way round
        Adam.State plain = base.init(5);
        run(base, QUAD.start(), plain, 3);
        st.load(plain.stateDict());
        assertThat(st.step()).isEqualTo(3);
        assertThat(sh.name()).isEqualTo("scheduled_hyperparameters");
    }

    @Test
    void aScheduledLearningRateIsTheSameAsTheBasesOwnSchedule() {
        Schedule cos = CosineDecay.of(0.01, 20, 1e-4);
        Momentum base = Momentum.torch(0.01, 0.9, 0, 0);
        ScheduledHyperparameters<Momentum.State> sh = ScheduledHyperparameters.of(base, Map.of("learningRate", cos));
        double[] a = QUAD.start();
        double[] b = QUAD.start();
        Momentum.State sa = sh.init(5);
        Momentum.State sb = base.init(5);
        run(sh, a, sa, 25);
        run(base.withLearningRate(cos), b, sb, 25);
        assertThat(a).containsExactly(b);
        assertThat(sh.at(7)).isEqualTo(base.withLearningRate(cos));
    }

    @Test
    void aCopiedStateContinuesBitForBit() {
        OneCycle cycle = OneCycle.of(0.01, 40);
        ScheduledHyperparameters<Nesterov.State> sh = ScheduledHyperparameters.of(
                Nesterov.of(0.01, 0.9).withLearningRate(cycle), Map.of("momentum", cycle.momentum()));
        double[] theta = QUAD.start();
        Nesterov.State st = sh.init(5);
        run(sh, theta, st, 17);
        double[] theta2 = theta.clone();
        Nesterov.State copy = sh.copyState(st);
        Nesterov.State loaded = sh.init(5);
        loaded.load(st.stateDict());
        double[] theta3 = theta.clone();
        run(sh, theta, st, 23);
        run(sh, theta2, copy, 23);
        run(sh, theta3, loaded, 23);
        assertThat(Arrays.equals(theta, theta2)).isTrue();
        assertThat(Arrays.equals(theta, theta3)).isTrue();
        assertThat(copy.stateDict()).isEqualTo(st.stateDict()).isEqualTo(loaded.stateDict());
    }

    @Test
    void anyDoubleComponentOfAnyRecordCanBeScheduled() {
        // weight decay of a wrapper, ramped up
        DecoupledWeightDecay wd = DecoupledWeightDecay.of(0.1, Adam.of(0.01));
        ScheduledHyperparameters<WrapperState> sh = ScheduledHyperparameters.of(wd,
                Map.of("weightDecay", new LinearWarmup(0.1, 0.1, 1, 10)));
        assertThat(((DecoupledWeightDecay) sh.at(0)).weightDecay()).isEqualTo(0.1 * 0.1);
        assertThat(((DecoupledWeightDecay) sh.at(10)).weightDecay()).isEqualTo(0.1);
        run(sh, QUAD.start(), sh.init(5), 5);
    }

    @Test
    void aRefusedValueRefusesTheStepAndChangesNothing() {
        Schedule rising = k -> 0.9 + 0.05 * k; // β₁ = 1.0 at k = 2
        ScheduledHyperparameters<Adam.State> sh = ScheduledHyperparameters.of(Adam.of(0.01), Map.of("beta1", rising));
        double[] theta = QUAD.start();
        Adam.State st = sh.init(5);
        run(sh, theta, st, 2);
        double[] before = theta.clone();
        StateDict stBefore = st.stateDict();
        double[] g = new double[5];
        QUAD.valueAndGradient(theta, g);
        assertThatThrownBy(() -> sh.step(theta, g, st)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("scheduled_hyperparameters: adam refuses the values for step 3 (beta1 = 1.0): "
                        + "beta1 = 1.0 is outside [0, 1); nothing was changed");
        assertThatThrownBy(() -> sh.check(theta, g, st)).hasMessageContaining("beta1 = 1.0 is outside [0, 1)");
        assertThat(theta).containsExactly(before);
        assertThat(st.stateDict()).isEqualTo(stBefore);
        // the base's own step validation still applies
        double[] nan = g.clone();
        nan[0] = Double.NaN;
        ScheduledHyperparameters<Adam.State> ok = ScheduledHyperparameters.of(Adam.of(0.01), Map.of("beta1", (Schedule) k -> 0.9));
        assertThatThrownBy(() -> ok.step(theta, nan, st)).hasMessageContaining("is not finite at step 3");
        assertThat(st.stateDict()).isEqualTo(stBefore);
    }

    @Test
    void invalidConfigurationsAreExplained() {
        Adam adam = Adam.defaults();
        assertThatThrownBy(() -> ScheduledHyperparameters.of(adam, Map.of("beta3", Schedule.constant(0.5))))
                .hasMessage("Adam has no component 'beta3'; components: learningRate, beta1, beta2, eps, weightDecay, amsgrad");
        assertThatThrownBy(() -> ScheduledHyperparameters.of(adam, Map.of("amsgrad", Schedule.constant(1))))
                .hasMessage("adam: component 'amsgrad' is a boolean and cannot follow a schedule; these can: "
                        + "beta1, beta2, eps, weightDecay, learningRate");
        assertThatThrownBy(() -> ScheduledHyperparameters.of(adam, Map.of()))
                .hasMessage("schedules is empty; step the inner optimizer itself");
        Map<String, Schedule> withNull = new LinkedHashMap<>();
        withNull.put("beta1", null);
        assertThatThrownBy(() -> ScheduledHyperparameters.of(adam, withNull))
                .hasMessage("the schedule for 'beta1' is null");
        assertThatThrownBy(() -> ScheduledHyperparameters.of(null, Map.of("beta1", Schedule.constant(0.5))))
                .hasMessage("inner must not be null");
        Optimizer<WrapperState> notARecord = new Optimizer<>() {
            @Override
            public String name() {
                return "anonymous";
            }

            @Override
            public WrapperState init(ParamLayout layout) {
                return null;
            }

            @Override
            public void step(double[] params, double[] grad, WrapperState state) {
            }
        };
        assertThatThrownBy(() -> ScheduledHyperparameters.of(notARecord, Map.of("x", Schedule.constant(1))))
                .hasMessageStartingWith("inner must be a record, got ");
        // eager: the configuration of step 1 is checked at construction
        assertThatThrownBy(() -> ScheduledHyperparameters.of(adam, Map.of("beta1", Schedule.constant(-0.1))))
                .hasMessage("scheduled_hyperparameters: adam refuses the values for step 1 (beta1 = -0.1): "
                        + "beta1 = -0.1 is outside [0, 1); nothing was changed");
    }

    @Test
    void aScheduleMustNotChangeTheBasesBuffers() {
        // RmsProp allocates its momentum buffer only when momentum > 0
        RmsProp noMomentum = RmsProp.torch(0.01, 0.99, 1e-8, 0, 0, false);
        ScheduledHyperparameters<RmsProp.State> sh = ScheduledHyperparameters.of(noMomentum,
                Map.of("momentum", Schedule.constant(0.9)));
        assertThatThrownBy(() -> sh.init(5)).hasMessage("scheduled_hyperparameters: the scheduled values change the "
                + "state of rmsprop: step 1 needs buffers [rmsprop.v, rmsprop.velocity] but the inner optimizer allocates [rmsprop.v]; "
                + "configure the inner optimizer so that it allocates them");
        ScheduledHyperparameters<RmsProp.State> fine = ScheduledHyperparameters.of(noMomentum.withMomentum(0.5),
                Map.of("momentum", Schedule.constant(0.9)));
        assertThat(fine.init(5).stateDict().buffers().keySet()).containsExactly("rmsprop.v", "rmsprop.velocity");
    }

    @Test
    void isAValue() {
        Schedule m = OneCycle.of(0.1, 40).momentum();
        assertThat(ScheduledHyperparameters.of(Adam.defaults(), Map.of("beta1", m)))
                .isEqualTo(new ScheduledHyperparameters<>(Adam.defaults(), Map.of("beta1", m)));
        assertThat(ScheduledHyperparameters.of(Adam.defaults(), Map.of("beta2", Schedule.constant(0.99))).with("beta1", m)
                .schedules().keySet()).containsExactly("beta1", "beta2"); // component order
    }
}
