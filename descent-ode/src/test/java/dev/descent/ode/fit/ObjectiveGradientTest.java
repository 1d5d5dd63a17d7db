package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.ode.OdeSolver;
import dev.descent.ode.ParametricOde;
import dev.descent.ode.ParameterTransform;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.models.LotkaVolterra;
import dev.descent.ode.models.Seir;
import dev.descent.ode.models.Sir;
import dev.descent.ode.testing.Numerics;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.hipparchus.CalculusFieldElement;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The fit objective's gradient (forward sensitivities, observable chain rule, loss derivative, transform
 * chain rule) against central finite differences of its value, to 1e-6 relative, for built-in and
 * user-defined models, every loss and non-trivial observables, at the start and at a second point.
 */
class ObjectiveGradientTest {

    /** Tight tolerances so that the finite differences are not dominated by integration noise. */
    static final OdeSolver TIGHT = OdeSolver.defaults().withTolerances(1e-12, 1e-12);

    record Case(String label, OdeFitProblem problem) {
        @Override
        public String toString() {
            return label;
        }
    }

    /** Synthetic data from the model at θ, rounded to counts. */
    static Observations synthetic(ParametricOde model, double[] theta, double[] times, Map<String, Observable> columns) {
        double[][] y = OdeSolver.defaults().solve(model, theta, 0, times).states();
        Map<String, double[]> data = new LinkedHashMap<>();
        for (Map.Entry<String, Observable> e : columns.entrySet()) {
            double[] v = new double[times.length];
            for (int m = 0; m < times.length; m++) {
                v[m] = Math.round(e.getValue().value(y[m]) * (1 + 0.1 * Math.sin(3.0 * m)));
            }
            data.put(e.getKey(), v);
        }
        return Observations.of(times, data);
    }

    static double[] days(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i + 1;
        }
        return t;
    }

    static Stream<Case> cases() {
        Sir sir = InfluenzaEngland1978.model();
        OdeFitProblem flu = InfluenzaEngland1978.problem().toBuilder().solver(TIGHT).build();
        OdeFitProblem fluI0 = InfluenzaEngland1978.problem(true).toBuilder().solver(TIGHT).build();
        OdeFitProblem fluBoth = flu.toBuilder()
                .observe("convalescent", Observable.sum(sir, "R"))
                .loss(FitLoss.poisson())
                .alsoFit("I0")
                .build();
        OdeFitProblem fluNb = flu.toBuilder()
                .observe("in_bed", Observable.sum(sir, "I", "R"))
                .loss(FitLoss.negativeBinomial(8))
                .transform("beta", ParameterTransform.bounded(0.1, 5))
                .build();

        Seir seir = new Seir(1000);
        double[] seirTheta = {1.4, 0.7, 0.35, 2};
        Map<String, Observable> seirCols = new LinkedHashMap<>();
        seirCols.put("infectious", Observable.state(seir, "I"));
        seirCols.put("exposed_plus_infectious", Observable.sum(seir, "E", "I"));
        OdeFitProblem seirFit = OdeFitProblem.builder(seir, synthetic(seir, seirTheta, days(25), seirCols))
                .observe("infectious", "I")
                .observe("exposed_plus_infectious", Observable.sum(seir, "E", "I"))
                .fit("beta", "sigma", "gamma", "I0")
                .set("beta", 1).set("sigma", 0.5).set("gamma", 0.2).set("I0", 3)
                .solver(TIGHT)
                .build();

        ParametricOde user = Numerics.forcedSirs(500);
        Observable logI = Observable.of("log(1+I)", 3, new Observable.FieldFunction() {
            @Override
            public <T extends CalculusFieldElement<T>> T apply(T[] y) {
                return y[1].log1p();
            }
        });
        Map<String, Observable> userCols = new LinkedHashMap<>();
        userCols.put("cases", Observable.state(user, "I"));
        userCols.put("log_cases", logI);
        OdeFitProblem userFit = OdeFitProblem.builder(user, synthetic(user, user.defaultParameters(), days(30), userCols))
                .observe("cases", "I")
                .observe("log_cases", logI)
                .fit("beta0", "a", "c", "gamma", "omega", "I0")
                .set("beta0", 1).set("a", 0.1).set("gamma", 0.3)
                .solver(TIGHT)
                .build();
        OdeFitProblem userPoisson = userFit.toBuilder().loss(FitLoss.poisson()).observe("log_cases", logI).build();

        LotkaVolterra lv = new LotkaVolterra();
        Map<String, Observable> lvCols = new LinkedHashMap<>();
        lvCols.put("hares", Observable.state(lv, "x"));
        lvCols.put("lynx", Observable.state(lv, "y"));
        double[] half = new double[30];
        for (int i = 0; i < half.length; i++) {
            half[i] = 0.5 * (i + 1);
        }
        OdeFitProblem lvFit = OdeFitProblem.builder(lv, synthetic(lv, lv.defaultParameters(), half, lvCols))
                .observe("hares", "x").observe("lynx", "y")
                .fit("alpha", "beta", "delta", "gamma", "x0", "y0")
                .set("alpha", 1).set("beta", 0.5).set("x0", 12)
                .solver(TIGHT)
                .build();

        return Stream.of(new Case("SIR influenza β, γ (SSE)", flu), new Case("SIR influenza β, γ, I₀ (SSE)", fluI0),
                new Case("SIR two columns, Poisson, I₀ free", fluBoth),
                new Case("SIR I+R, negative binomial, bounded β", fluNb),
                new Case("SEIR two observables (SSE)", seirFit),
                new Case("user-defined forced SIRS, non-linear observable (SSE)", userFit),
                new Case("user-defined forced SIRS, Poisson", userPoisson),
                new Case("Lotka-Volterra (SSE)", lvFit));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferencesAtTheStart(Case c) {
        check(c.problem, c.problem.start());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void gradientMatchesCentralDifferencesAwayFromTheStart(Case c) {
        double[] u = c.problem.start();
        for (int j = 0; j < u.length; j++) {
            u[j] += 0.05 * (j % 2 == 0 ? 1 : -1);
        }
        check(c.problem, u);
    }

    static void check(OdeFitProblem problem, double[] u) {
        double[] g = new double[u.length];
        double value = problem.valueAndGradient(u, g);
        assertThat(value).isFinite().isCloseTo(problem.value(u), within(1e-9 * Math.abs(value)));
        double[] fd = Numerics.gradient(problem, u, 1e-5);
        assertThat(Numerics.relativeError(g, fd, 1e-8)).as("gradient %s vs differences %s",
                java.util.Arrays.toString(g), java.util.Arrays.toString(fd)).isLessThan(1e-6);
    }
}
