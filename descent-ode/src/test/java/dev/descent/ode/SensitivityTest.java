package dev.descent.ode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.ode.models.LogisticGrowth;
import dev.descent.ode.models.LotkaVolterra;
import dev.descent.ode.models.Seir;
import dev.descent.ode.models.Sir;
import dev.descent.ode.testing.Numerics;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Forward sensitivities ∂y/∂θ from the variational equations, checked three ways: against Hipparchus's
 * field integration on {@code Gradient} (the pattern of Hipparchus's {@code doTestPartialDerivatives}),
 * against central finite differences of the solver, and against the closed form of logistic growth.
 */
class SensitivityTest {

    record Case(String label, ParametricOde ode, double[] theta, double[] times) {
        @Override
        public String toString() {
            return label;
        }
    }

    static double[] grid(double step, int count) {
        double[] t = new double[count];
        for (int i = 0; i < count; i++) {
            t[i] = step * (i + 1);
        }
        return t;
    }

    static Stream<Case> cases() {
        return Stream.of(
                new Case("SIR", new Sir(763), new double[] {1.67, 0.44, 1}, grid(1, 14)),
                new Case("SEIR", new Seir(1000), new double[] {1.5, 0.6, 0.3, 3}, grid(1, 20)),
                new Case("Lotka-Volterra", new LotkaVolterra(), new LotkaVolterra().defaultParameters(), grid(0.5, 30)),
                new Case("logistic", new LogisticGrowth(), new double[] {0.8, 50, 2}, grid(1, 12)),
                new Case("user-defined forced SIRS", Numerics.forcedSirs(500), Numerics.forcedSirs(500).defaultParameters(),
                        grid(1, 30)));
    }

    static int[] all(ParametricOde ode) {
        int[] w = new int[ode.parameterCount()];
        for (int j = 0; j < w.length; j++) {
            w[j] = j;
        }
        return w;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void variationalEquationsMatchFieldIntegrationOnGradient(Case c) {
        OdeSolver solver = OdeSolver.defaults();
        Trajectory variational = solver.solve(c.ode, c.theta, 0, c.times, all(c.ode));
        Trajectory field = solver.withSensitivityMethod(OdeSolver.SensitivityMethod.FIELD)
                .solve(c.ode, c.theta, 0, c.times, all(c.ode));
        assertThat(Numerics.relativeError(Numerics.flatten(variational.states()), Numerics.flatten(field.states()), 1))
                .as("states").isLessThan(3e-8);
        for (int j = 0; j < c.ode.parameterCount(); j++) {
            double err = Numerics.relativeError(Numerics.column(variational.sensitivities(), j),
                    Numerics.column(field.sensitivities(), j), 1e-3);
            assertThat(err).as("∂y/∂%s", c.ode.parameterNames().get(j)).isLessThan(1e-7);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void variationalEquationsMatchCentralDifferences(Case c) {
        OdeSolver tight = OdeSolver.defaults().withTolerances(1e-13, 1e-13);
        Trajectory tr = OdeSolver.defaults().solve(c.ode, c.theta, 0, c.times, all(c.ode));
        for (int j = 0; j < c.ode.parameterCount(); j++) {
            double[][] fd = Numerics.stateDerivative(tight, c.ode, c.theta, c.times, j, 1e-5);
            double err = Numerics.relativeError(Numerics.column(tr.sensitivities(), j), Numerics.flatten(fd), 1e-3);
            assertThat(err).as("∂y/∂%s", c.ode.parameterNames().get(j)).isLessThan(1e-6);
        }
    }

    /**
     * y(t) = K/(1 + a e^{−rt}), a = (K − y₀)/y₀, d = 1 + a e^{−rt}:
     * ∂y/∂r = K a t e^{−rt}/d²,  ∂y/∂K = 1/d − K e^{−rt}/(y₀ d²),  ∂y/∂y₀ = K² e^{−rt}/(y₀² d²).
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"DORMAND_PRINCE_853", "DORMAND_PRINCE_54"})
    void logisticGrowthMatchesItsClosedFormAndItsAnalyticSensitivities(String method) {
        LogisticGrowth model = new LogisticGrowth();
        double r = 0.8;
        double k = 50;
        double y0 = 2;
        double[] theta = {r, k, y0};
        double[] times = grid(0.5, 30);
        double[] y = new double[times.length];
        double[][] exact = new double[3][times.length];
        for (int m = 0; m < times.length; m++) {
            double t = times[m];
            double e = Math.exp(-r * t);
            double a = (k - y0) / y0;
            double d = 1 + a * e;
            y[m] = k / d;
            exact[0][m] = k * a * t * e / (d * d);
            exact[1][m] = 1 / d - k * e / (y0 * d * d);
            exact[2][m] = k * k * e / (y0 * y0 * d * d);
            assertThat(y[m]).isCloseTo(LogisticGrowth.solution(t, theta), org.assertj.core.data.Offset.offset(1e-12 * k));
        }
        OdeSolver solver = OdeSolver.defaults().withMethod(OdeSolver.Method.valueOf(method));
        for (OdeSolver.SensitivityMethod sm : OdeSolver.SensitivityMethod.values()) {
            Trajectory tr = solver.withSensitivityMethod(sm).solve(model, theta, 0, times, new int[] {0, 1, 2});
            // the variational form controls the error of ∂y/∂θ too, so it is held to a tighter bound
            double bound = sm == OdeSolver.SensitivityMethod.VARIATIONAL ? 1e-9 : 1e-8;
            assertThat(Numerics.relativeError(tr.series("y"), y, 1)).as("y, " + sm).isLessThan(bound);
            for (int j = 0; j < 3; j++) {
                double[] s = new double[times.length];
                for (int m = 0; m < times.length; m++) {
                    s[m] = tr.sensitivity(m, "y", model.parameterNames().get(j));
                }
                assertThat(Numerics.relativeError(s, exact[j], 1)).as("∂y/∂%s, %s", model.parameterNames().get(j), sm)
                        .isLessThan(bound);
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void aSubsetOfParametersGivesTheSameColumns(Case c) {
        OdeSolver solver = OdeSolver.defaults();
        int p = c.ode.parameterCount();
        Trajectory full = solver.solve(c.ode, c.theta, 0, c.times, all(c.ode));
        int[] subset = {p - 1, 0};
        Trajectory part = solver.solve(c.ode, c.theta, 0, c.times, subset);
        assertThat(part.wrt()).containsExactly(c.ode.parameterNames().get(p - 1), c.ode.parameterNames().get(0));
        for (int s = 0; s < subset.length; s++) {
            double err = Numerics.relativeError(Numerics.column(part.sensitivities(), s),
                    Numerics.column(full.sensitivities(), subset[s]), 1e-3);
            assertThat(err).isLessThan(1e-8);
        }
    }
}
