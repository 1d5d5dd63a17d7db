package dev.descent.ode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ode.models.LogisticGrowth;
import dev.descent.ode.models.Sir;
import dev.descent.ode.testing.Numerics;
import java.util.List;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.api.Test;

class OdeSolverTest {

    static final Sir SIR = new Sir(763);
    static final double[] THETA = {1.67, 0.44, 1};

    @Test
    void defaults() {
        OdeSolver s = OdeSolver.defaults();
        assertThat(s.method()).isEqualTo(OdeSolver.Method.DORMAND_PRINCE_853);
        assertThat(s.relativeTolerance()).isEqualTo(1e-10);
        assertThat(s.absoluteTolerance()).isEqualTo(1e-10);
        assertThat(s.sensitivityMethod()).isEqualTo(OdeSolver.SensitivityMethod.VARIATIONAL);
    }

    @Test
    void outputAtTheInitialTimeIsTheInitialStateAndItsSensitivity() {
        Trajectory tr = OdeSolver.defaults().solve(SIR, THETA, 0, new double[] {0, 0, 1}, List.of("I0", "beta"));
        assertThat(tr.states()[0]).containsExactly(762, 1, 0);
        assertThat(tr.sensitivity(0, "S", "I0")).isEqualTo(-1.0);
        assertThat(tr.sensitivity(0, "I", "I0")).isEqualTo(1.0);
        assertThat(tr.sensitivity(0, "I", "beta")).isEqualTo(0.0);
        assertThat(tr.states()[1]).containsExactly(tr.states()[0]);
        assertThat(tr.wrt()).containsExactly("I0", "beta");
        Trajectory field = OdeSolver.defaults().withSensitivityMethod(OdeSolver.SensitivityMethod.FIELD)
                .solve(SIR, THETA, 0, new double[] {0, 1}, List.of("I0"));
        assertThat(field.sensitivity(0, "S", "I0")).isEqualTo(-1.0);
    }

    @Test
    void bothPairsAgreeAndTighterTolerancesConverge() {
        double[] times = {2, 4, 6, 8, 10, 12, 14};
        double[] theta = {0.8, 50, 2};
        double[] exact = new double[times.length];
        for (int m = 0; m < times.length; m++) {
            exact[m] = LogisticGrowth.solution(times[m], theta);
        }
        double previous = Double.POSITIVE_INFINITY;
        for (double tol : new double[] {1e-6, 1e-9, 1e-12}) {
            for (OdeSolver.Method method : OdeSolver.Method.values()) {
                OdeSolver s = OdeSolver.defaults().withMethod(method).withTolerances(tol, tol);
                double err = Numerics.relativeError(s.solve(new LogisticGrowth(), theta, 0, times).series("y"), exact, 1);
                assertThat(err).as("%s at tol %s", method, tol).isLessThan(1000 * tol);
            }
            double err = Numerics.relativeError(OdeSolver.defaults().withTolerances(tol, tol)
                    .solve(new LogisticGrowth(), theta, 0, times).series("y"), exact, 1);
            assertThat(err).isLessThan(previous);
            previous = err;
        }
    }

    @Test
    void badArgumentsAreNamed() {
        OdeSolver s = OdeSolver.defaults();
        assertThatThrownBy(() -> s.solve(SIR, THETA, 0, new double[] {1, 3, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times[2] = 2.0 is before times[1] = 3.0");
        assertThatThrownBy(() -> s.solve(SIR, THETA, 1, new double[] {0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times[0] = 0.5 is before t0 = 1.0");
        assertThatThrownBy(() -> s.solve(SIR, THETA, 0, new double[0]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("times must not be empty");
        assertThatThrownBy(() -> s.solve(SIR, new double[] {1, 0.4}, 0, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("SIR has 3 parameters [beta, gamma, I0] but θ has length 2");
        assertThatThrownBy(() -> s.solve(SIR, new double[] {1, -0.4, 1}, 0, new double[] {1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter gamma = -0.4 is outside (0, ∞)");
        assertThatThrownBy(() -> s.solve(SIR, THETA, 0, new double[] {1}, new int[] {0, 0}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrt[1] = 0 is listed twice");
        assertThatThrownBy(() -> s.solve(SIR, THETA, 0, new double[] {1}, new int[] {3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wrt[0] = 3 is not a parameter index in [0, 3)");
        assertThatThrownBy(() -> s.solve(SIR, THETA, 0, new double[] {1}, List.of("delta")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter 'delta'");
        assertThatThrownBy(() -> s.withTolerances(0, 1e-10)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("relativeTolerance = 0.0");
        assertThatThrownBy(() -> s.withMaxEvaluations(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxEvaluations = 0");
    }

    @Test
    void runningOutOfEvaluationsIsAnIntegrationException() {
        assertThatThrownBy(() -> OdeSolver.defaults().withMaxEvaluations(50).solve(SIR, THETA, 0, new double[] {14}))
                .isInstanceOf(IntegrationException.class).hasMessageContaining("SIR: integration failed");
    }

    /** dy/dt = k·√(t − 2): NaN after t = 2. */
    static ParametricOde nanAfterTwo() {
        return new ParametricOde() {
            @Override
            public List<String> stateNames() {
                return List.of("y");
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(Parameter.positive("k", 1));
            }

            @Override
            public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] p, T[] yDot) {
                yDot[0] = t.subtract(2).sqrt().multiply(p[0]);
            }

            @Override
            public <T extends CalculusFieldElement<T>> void initialState(T[] p, T[] y0) {
                y0[0] = p[0];
            }
        };
    }

    @Test
    void aNanStateIsAnIntegrationException() {
        for (OdeSolver.SensitivityMethod sm : OdeSolver.SensitivityMethod.values()) {
            for (int[] wrt : new int[][] {{}, {0}}) {
                assertThatThrownBy(() -> OdeSolver.defaults().withSensitivityMethod(sm)
                        .solve(nanAfterTwo(), new double[] {1}, 0, new double[] {1, 3}, wrt))
                        .isInstanceOf(IntegrationException.class).hasMessageContaining("NaN");
            }
        }
    }

    @Test
    void aModelThatLeavesADerivativeUnassignedIsAProgrammingError() {
        ParametricOde broken = new ParametricOde() {
            @Override
            public List<String> stateNames() {
                return List.of("x", "v");
            }

            @Override
            public List<Parameter> parameters() {
                return List.of(Parameter.positive("k", 1));
            }

            @Override
            public <T extends CalculusFieldElement<T>> void derivatives(T t, T[] y, T[] p, T[] yDot) {
                yDot[0] = y[1];
            }

            @Override
            public <T extends CalculusFieldElement<T>> void initialState(T[] p, T[] y0) {
                y0[0] = p[0];
                y0[1] = p[0];
            }
        };
        for (int[] wrt : new int[][] {{}, {0}}) {
            assertThatThrownBy(() -> OdeSolver.defaults().solve(broken, new double[] {1}, 0, new double[] {1}, wrt))
                    .isInstanceOf(IllegalStateException.class).isNotInstanceOf(IntegrationException.class)
                    .hasMessageContaining("left entry 1 (v) unassigned");
        }
    }

    @Test
    void argumentsAreNotModified() {
        double[] theta = THETA.clone();
        double[] times = {1, 2, 3};
        int[] wrt = {1, 0};
        OdeSolver.defaults().solve(SIR, theta, 0, times, wrt);
        assertThat(theta).containsExactly(THETA);
        assertThat(times).containsExactly(1, 2, 3);
        assertThat(wrt).containsExactly(1, 0);
    }

    @Test
    void theTrajectoryNamesItsStates() {
        Trajectory tr = OdeSolver.defaults().solve(SIR, THETA, 0, new double[] {6});
        assertThat(tr.state(0, "I")).isCloseTo(tr.states()[0][1], within(0.0));
        assertThat(tr.sensitivities()[0][1]).isEmpty();
        assertThat(tr.evaluations()).isPositive();
        assertThatThrownBy(() -> tr.series("X")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown state 'X'");
        assertThatThrownBy(() -> tr.sensitivity(0, "I", "beta")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no sensitivity with respect to 'beta'");
    }
}
