package dev.descent.optim.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.Sgd;
import dev.descent.optim.StateDict;
import dev.descent.optim.spec.OptimizerSpec;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.problem.Objective;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** SAM: the adversarial point as evaluation point, θ untouched by ascent calls, the outer step, its state. */
class SamTest {

    /** J = ½‖θ‖², ∇J = θ. */
    static final Objective BOWL = new Objective() {
        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public double valueAndGradient(double[] x, double[] grad) {
            grad[0] = x[0];
            grad[1] = x[1];
            return 0.5 * (x[0] * x[0] + x[1] * x[1]);
        }
    };

    @Test
    void ascentThenOuterStepByHand() {
        Sam sam = new Sam(Sgd.of(0.1), 0.5, 2);
        double[] x = {1, 2};
        Sam.State st = sam.init(2);
        assertThat(sam.evaluationPoint(x, st)).isSameAs(x);
        sam.step(x, new double[] {1, 2}, st); // ascent: a = θ + 0.5·g/‖g‖, θ unchanged
        assertThat(x).containsExactly(1, 2);
        double[] a = sam.evaluationPoint(x, st);
        assertThat(a[0]).isCloseTo(1 + 0.5 / Math.sqrt(5), within(1e-15));
        assertThat(a[1]).isCloseTo(2 + 1.0 / Math.sqrt(5), within(1e-15));
        assertThat(sam.updatesNext(st)).isTrue();
        double[] ga = a.clone(); // ∇J(a) = a
        sam.step(x, ga, st); // outer: θ ← θ − 0.1·∇J(a)
        assertThat(x[0]).isCloseTo(1 - 0.1 * ga[0], within(1e-15));
        assertThat(x[1]).isCloseTo(2 - 0.1 * ga[1], within(1e-15));
        assertThat(sam.evaluationPoint(x, st)).isSameAs(x);
        assertThat(st.step()).isEqualTo(2);
        assertThat(st.inner.step()).isEqualTo(1);
    }

    @Test
    void syncPeriodThreeTakesTwoAscentStepsFromTheAdversarialPoint() {
        Sam sam = new Sam(Sgd.of(0.1), 0.3, 3);
        double[] x = {3, 4};
        Sam.State st = sam.init(2);
        sam.step(x, new double[] {3, 4}, st);
        sam.step(x, new double[] {0, 1}, st); // second ascent from a₁ = (3.18, 4.24)
        double[] a = sam.evaluationPoint(x, st);
        assertThat(a[0]).isCloseTo(3.18, within(1e-15));
        assertThat(a[1]).isCloseTo(4.54, within(1e-15));
        assertThat(x).containsExactly(3, 4);
        sam.step(x, new double[] {1, 1}, st);
        assertThat(x).containsExactly(3 - 0.1, 4 - 0.1);
    }

    @Test
    void aZeroGradientLeavesTheAdversarialPointAtTheStart() {
        Sam sam = Sam.of(Sgd.of(0.1));
        double[] x = {1, 2};
        Sam.State st = sam.init(2);
        sam.step(x, new double[2], st); // Optax would give 0/0 = NaN here
        assertThat(sam.evaluationPoint(x, st)).containsExactly(1, 2);
    }

    @Test
    void theMinimizerReportsTheUnperturbedPoint() {
        Sam sam = Sam.of(Sgd.of(0.2));
        Result r = new Minimizer<>(sam, new MaxIterations(7)).minimize(BOWL, new double[] {1, -2});
        // by hand: the same loop, gradients at the evaluation point
        double[] x = {1, -2};
        Sam.State st = sam.init(2);
        double[] g = new double[2];
        for (int k = 0; k < 7; k++) {
            BOWL.valueAndGradient(sam.evaluationPoint(x, st), g);
            sam.step(x, g, st);
        }
        assertThat(r.point()).containsExactly(x); // θ after 7 calls (the 7th an ascent), not the point a
        assertThat(r.point()).doesNotContain(st.adversarial[0]);
    }

    @Test
    void aRefusedOuterStepChangesNothingAndTheStateIsChecked() {
        Sam sam = new Sam(Adam.of(0.01).withLearningRate(k -> k < 1 ? 0.01 : -1), 0.1, 2);
        double[] x = {1, 2};
        Sam.State st = sam.init(2);
        for (int k = 0; k < 3; k++) {
            sam.step(x, new double[] {0.5, -0.5}, st);
        }
        double[] before = x.clone();
        StateDict saved = st.stateDict();
        assertThatThrownBy(() -> sam.step(x, new double[] {0.5, -0.5}, st))
                .hasMessageContaining("learningRate = -1.0 at step 2");
        assertThat(x).containsExactly(before);
        assertThat(st.stateDict()).isEqualTo(saved);

        Sam.State other = sam.init(2);
        Map<String, double[]> buffers = new LinkedHashMap<>(saved.buffers());
        buffers.put("sam.steps_since_sync", new double[] {2});
        StateDict bad = new StateDict(saved.optimizer(), saved.layout(), saved.step(), buffers, saved.children());
        assertThatThrownBy(() -> other.load(bad)).hasMessageContaining("is not an integer in [0, 1]");
    }

    @Test
    void configurationAndSpec() {
        assertThatThrownBy(() -> new Sam(Sgd.of(0.1), 0.1, 1)).hasMessageStartingWith("syncPeriod = 1 must be >= 2");
        assertThatThrownBy(() -> new Sam(Sgd.of(0.1), 0, 2)).hasMessage("rho = 0.0 must be finite and > 0");
        assertThat(OptimizerSpec.build("sgd(0.1) | sam(rho=0.05, sync_period=3)"))
                .isEqualTo(new Sam(Sgd.of(0.1), 0.05, 3));
        assertThat(OptimizerSpec.build("adam | sam")).isEqualTo(Sam.of(Adam.defaults()));
    }
}
