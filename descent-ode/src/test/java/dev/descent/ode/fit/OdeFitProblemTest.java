package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.ode.OdeSolver;
import dev.descent.ode.ParametricOde;
import dev.descent.ode.ParameterTransform;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.ode.models.LotkaVolterra;
import dev.descent.ode.models.Seir;
import dev.descent.ode.models.Sir;
import dev.descent.ode.testing.Numerics;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OdeFitProblemTest {

    static Minimizer<?> lbfgs(double tolerance) {
        return new Minimizer<>(Lbfgs.defaults(), StoppingCriterion.anyOf(new GradientNorm(tolerance), new MaxIterations(1000)));
    }

    static double[] times(double step, int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = step * (i + 1);
        }
        return t;
    }

    @Test
    void theObjectiveWorksInUnconstrainedCoordinatesAndReportsNaturalOnes() {
        OdeFitProblem p = InfluenzaEngland1978.problem();
        assertThat(p.dimension()).isEqualTo(2);
        assertThat(p.freeParameters()).containsExactly("beta", "gamma");
        assertThat(p.start()).containsExactly(0, Math.log(0.1));
        assertThat(p.toNatural(p.start())).containsExactly(new double[] {1, 0.1}, within(1e-15));
        assertThat(p.parameters(new double[] {Math.log(2), Math.log(0.5)})).containsExactly(2, 0.5, 1);
        assertThat(p.toUnconstrained(new double[] {2, 0.5})[0]).isEqualTo(Math.log(2));
        assertThatThrownBy(() -> p.toUnconstrained(new double[] {-1, 0.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter beta = -1.0 is outside (0, ∞)");
        assertThatThrownBy(() -> p.valueAndGradient(new double[3], new double[3]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("u has length 3 but there are 2 free parameters");
        OdeFitProblem withI0 = InfluenzaEngland1978.problem(true);
        assertThat(withI0.freeTransforms().get(2)).isEqualTo(ParameterTransform.bounded(0, 763));
        assertThat(withI0.toNatural(withI0.start())[2]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aModelThatCannotBeSolvedGivesAnInfiniteValueAndNanGradient() {
        // β = e^{50}: the epidemic is so stiff that the integrator runs out of evaluations
        OdeFitProblem p = InfluenzaEngland1978.problem().toBuilder()
                .solver(OdeSolver.defaults().withMaxEvaluations(2000)).build();
        double[] g = new double[2];
        assertThat(p.valueAndGradient(new double[] {50, 0}, g)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(g[0]).isNaN();
        assertThat(p.value(new double[] {50, 0})).isEqualTo(Double.POSITIVE_INFINITY);
        // overflow of the transform: exp(800) = ∞ is outside (0, ∞)
        assertThat(p.value(new double[] {800, 0})).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(p.predict(new double[] {800, 0}, false).solved()).isFalse();
    }

    @Test
    void theBuilderRefusesIncompleteOrInvalidSettings() {
        Sir sir = InfluenzaEngland1978.model();
        Observations data = InfluenzaEngland1978.observations();
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).fit("beta").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("observe at least one data column");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("in_bed", "I").build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("fit at least one parameter");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("cases", "I"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown column 'cases'");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("in_bed", "X"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown state 'X'");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).fit("delta"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown parameter 'delta'")
                .hasMessageContaining("[beta, gamma, I0]");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).fit("beta", "beta"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("in_bed", "I").fit("beta").set("gamma", -1).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter gamma = -1.0 is outside (0, ∞)");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("in_bed", "I").fit("I0").set("I0", 763).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("parameter I0 = 763.0");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("in_bed", "I").fit("beta")
                .transform("beta", ParameterTransform.bounded(2, 3)).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("outside its transform's domain (2.0, 3.0)");
        assertThatThrownBy(() -> OdeFitProblem.builder(sir, data).observe("in_bed", new Observable.Linear("x", new double[] {1})))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("has 1 weights but SIR has 3 states");
    }

    @Test
    void levenbergMarquardtValidatesItsSettings() {
        assertThatThrownBy(() -> new LevenbergMarquardt(0, 1e-12, 1e-12, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("costRelativeTolerance = 0.0");
        assertThatThrownBy(() -> new LevenbergMarquardt(1e-12, 1e-12, Double.NaN, 100))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("orthoTolerance = NaN");
        assertThatThrownBy(() -> new LevenbergMarquardt(1e-12, 1e-12, 1e-12, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEvaluations = 0");
    }

    @Test
    void levenbergMarquardtNeedsLeastSquares() {
        OdeFitProblem p = InfluenzaEngland1978.problem().toBuilder().loss(FitLoss.poisson()).build();
        assertThatThrownBy(() -> LevenbergMarquardt.defaults().fit(p))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("least-squares loss, not poisson");
    }

    /** Noise-free data from SEIR at θ*: L-BFGS and LM, from elsewhere, recover θ* (SSE ≈ 0). */
    @Test
    void exactDataFromSeirAreRecovered() {
        Seir seir = new Seir(2000);
        double[] truth = {1.3, 0.8, 0.4, 4};
        double[] t = times(1, 30);
        double[][] y = OdeSolver.defaults().solve(seir, truth, 0, t).states();
        double[] infectious = new double[t.length];
        for (int m = 0; m < t.length; m++) {
            infectious[m] = y[m][2];
        }
        OdeFitProblem p = OdeFitProblem.builder(seir, Observations.of(t, "I", infectious))
                .observe("I", "I").fit("beta", "sigma", "gamma", "I0")
                .set("beta", 1).set("sigma", 0.5).set("gamma", 0.2).set("I0", 1).build();
        OdeFitResult lm = LevenbergMarquardt.defaults().fit(p);
        OdeFitResult lb = p.fit(lbfgs(1e-6));
        for (OdeFitResult r : new OdeFitResult[] {lm, lb}) {
            // not 0: the data come from the plain integration, the fit integrates the augmented system
            assertThat(r.lossValue()).as(r.method()).isLessThan(1e-9);
            for (int j = 0; j < truth.length; j++) {
                assertThat(r.parameterEstimates().parameters()[j]).as(r.method() + " " + seir.parameterNames().get(j))
                        .isCloseTo(truth[j], within(1e-6 * truth[j]));
            }
            assertThat(r.r0()).isCloseTo(truth[0] / truth[2], within(1e-5));
        }
    }

    /** Two observed columns of Lotka–Volterra with every parameter free, from a start 20 % off. */
    @Test
    void lotkaVolterraFitsWithEveryParameterFree() {
        LotkaVolterra lv = new LotkaVolterra();
        double[] truth = lv.defaultParameters();
        double[] t = times(0.5, 40);
        double[][] y = OdeSolver.defaults().solve(lv, truth, 0, t).states();
        Map<String, double[]> cols = new LinkedHashMap<>();
        double[] x = new double[t.length];
        double[] z = new double[t.length];
        for (int m = 0; m < t.length; m++) {
            x[m] = y[m][0];
            z[m] = y[m][1];
        }
        cols.put("prey", x);
        cols.put("predators", z);
        OdeFitProblem.Builder b = OdeFitProblem.builder(lv, Observations.of(t, cols))
                .observe("prey", "x").observe("predators", "y")
                .fit("alpha", "beta", "delta", "gamma", "x0", "y0");
        for (int j = 0; j < truth.length; j++) {
            b.set(lv.parameterNames().get(j), truth[j] * (j % 2 == 0 ? 1.2 : 0.85));
        }
        OdeFitResult r = b.build().fit(lbfgs(1e-6));
        assertThat(r.lossValue()).isLessThan(1e-9);
        for (int j = 0; j < truth.length; j++) {
            assertThat(r.parameterEstimates().parameters()[j]).isCloseTo(truth[j], within(1e-6 * truth[j]));
        }
    }

    /** A user-defined model is fitted like a built-in one. */
    @Test
    void aUserDefinedModelFits() {
        ParametricOde user = Numerics.forcedSirs(500);
        double[] truth = user.defaultParameters();
        double[] t = times(1, 40);
        double[][] y = OdeSolver.defaults().solve(user, truth, 0, t).states();
        double[] cases = new double[t.length];
        for (int m = 0; m < t.length; m++) {
            cases[m] = y[m][1];
        }
        OdeFitProblem p = OdeFitProblem.builder(user, Observations.of(t, "cases", cases))
                .observe("cases", "I").fit("beta0", "gamma", "omega")
                .set("beta0", 1).set("gamma", 0.3).set("omega", 0.1).build();
        OdeFitResult r = p.fit(lbfgs(1e-6));
        assertThat(r.lossValue()).isLessThan(1e-9);
        assertThat(r.parameter("beta0")).isCloseTo(1.2, within(1e-6));
        assertThat(r.parameter("gamma")).isCloseTo(0.4, within(1e-6));
        assertThat(r.parameter("omega")).isCloseTo(0.05, within(1e-6));
        assertThat(r.parameterEstimates().derived()).isEmpty();
        assertThat(r.r0()).isNaN();
    }

    /**
     * Poisson and negative-binomial fits of the influenza data converge, with a larger SSE than the
     * least-squares fit. Measured: Poisson β = 1.6894, γ = 0.4761 (NLL 76.289); NB(k = 20) β = 1.7210,
     * γ = 0.5325 (NLL 61.268).
     */
    @Test
    void likelihoodFitsOfTheInfluenzaData() {
        OdeFitResult sse = LevenbergMarquardt.defaults().fit(InfluenzaEngland1978.problem());
        for (FitLoss loss : new FitLoss[] {FitLoss.poisson(), FitLoss.negativeBinomial(20)}) {
            OdeFitResult r = InfluenzaEngland1978.problem().toBuilder().loss(loss).build().fit(lbfgs(1e-6));
            assertThat(r.converged()).as(loss.name() + ": " + r.reason().detail()).isTrue();
            assertThat(r.misfit().loss()).isEqualTo(loss.name());
            assertThat(r.sumOfSquares()).isGreaterThanOrEqualTo(sse.lossValue());
            assertThat(r.parameter("beta")).isBetween(1.6, 1.8);
            assertThat(r.parameter("gamma")).isBetween(0.45, 0.55);
            for (double se : r.parameterEstimates().standardErrors()) {
                assertThat(se).isPositive().isLessThan(0.2);
            }
        }
    }

    @Test
    void toBuilderReproducesTheProblem() {
        OdeFitProblem p = InfluenzaEngland1978.problem(true);
        OdeFitProblem q = p.toBuilder().build();
        assertThat(q.freeParameters()).isEqualTo(p.freeParameters());
        assertThat(q.observedColumns()).isEqualTo(p.observedColumns());
        assertThat(q.parameterValues()).containsExactly(p.parameterValues());
        double[] u = {0.3, -0.9, 0.1};
        assertThat(q.value(u)).isEqualTo(p.value(u));
        assertThat(Arrays.equals(q.start(), p.start())).isTrue();
    }
}
