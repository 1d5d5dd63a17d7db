package dev.descent.ode.fit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.ode.examples.InfluenzaEngland1978;
import dev.descent.optim.Adam;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.schedule.ExponentialDecay;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * SIR on the 1978 boarding-school influenza outbreak: descent's gradient methods, from the generic
 * start β = 1, γ = 0.1, must reach the least-squares optimum that Hipparchus's Levenberg–Marquardt finds
 * (loss within 1e-6 relative, every fitted parameter within 1e-5 relative), with I₀ fixed at 1 and with
 * I₀ fitted.
 *
 * <p>Measured here (rtol = atol = 1e-10, DP853): I₀ = 1 fixed: β = 1.6692261, γ = 0.44345019,
 * R₀ = 3.7641795, SSE = 4121.9415 (LM 10 iterations; L-BFGS 13). I₀ fitted: β = 1.7896433,
 * γ = 0.45541276, I₀ = 0.5519593, R₀ = 3.9297172, SSE = 3590.2819.
 */
class InfluenzaFitTest {

    private static final Map<Boolean, OdeFitResult> LM = new ConcurrentHashMap<>();

    static OdeFitResult lm(boolean fitInitial) {
        return LM.computeIfAbsent(fitInitial, f -> LevenbergMarquardt.defaults().fit(InfluenzaEngland1978.problem(f)));
    }

    /**
     * L-BFGS with its defaults (m = 10, strong Wolfe), to ‖∇J‖ ≤ 1e-6. Adam with ε_k = 0.2·0.997ᵏ and
     * β₂ = 0.99, to ‖∇J‖ ≤ 1e-3: J ≈ 4000 here, so that is about 1e-9 relative in β and γ and 4e-7 in
     * I₀, and Adam gets there in about 370 steps in both problems. With torch's β₂ = 0.999 the second
     * moment remembers the large early gradients and Adam crawls along the β–I₀ valley when I₀ is free
     * (thousands of steps); a constant rate never settles to 1e-5.
     */
    static Stream<Arguments> optimizers() {
        Minimizer<?> lbfgs = new Minimizer<>(Lbfgs.defaults(),
                StoppingCriterion.anyOf(new GradientNorm(1e-6), new MaxIterations(500)));
        Minimizer<?> adam = new Minimizer<>(Adam.of(0.2).withLearningRate(ExponentialDecay.of(0.2, 0.997)).withBeta2(0.99),
                StoppingCriterion.anyOf(new GradientNorm(1e-3), new MaxIterations(3000)));
        return Stream.of(
                Arguments.of("L-BFGS", lbfgs, false), Arguments.of("L-BFGS", lbfgs, true),
                Arguments.of("Adam", adam, false), Arguments.of("Adam", adam, true));
    }

    @ParameterizedTest(name = "{0}, fit I0 = {2}")
    @MethodSource("optimizers")
    void gradientMethodsReachTheLevenbergMarquardtOptimum(String label, Minimizer<?> minimizer, boolean fitInitial) {
        OdeFitProblem problem = InfluenzaEngland1978.problem(fitInitial);
        OdeFitResult reference = lm(fitInitial);
        OdeFitResult fit = problem.fit(minimizer);
        assertThat(fit.lossValue()).as("SSE").isCloseTo(reference.lossValue(), within(1e-6 * reference.lossValue()));
        for (String name : reference.fitted()) {
            double ref = reference.parameter(name);
            assertThat(fit.parameter(name)).as(name).isCloseTo(ref, within(1e-5 * Math.abs(ref)));
        }
        assertThat(fit.r0()).isCloseTo(reference.r0(), within(1e-5 * reference.r0()));
        assertThat(fit.fitted()).isEqualTo(reference.fitted());
        assertThat(fit.iterations()).isPositive();
        assertThat(fit.evaluations()).isGreaterThan(fit.iterations());
        assertThat(fit.converged()).as(fit.reason().detail()).isTrue();
    }

    @Test
    void theLeastSquaresFitAgreesWithTheLiterature() {
        OdeFitResult fit = lm(false);
        // β ≈ 1.66–1.69 /day, γ ≈ 0.44–0.45 /day, R₀ ≈ 3.7–3.8 (least squares of I on in_bed, I₀ = 1)
        assertThat(fit.parameter("beta")).isBetween(1.66, 1.69);
        assertThat(fit.parameter("gamma")).isBetween(0.44, 0.45);
        assertThat(fit.r0()).isBetween(3.7, 3.8);
        assertThat(fit.parameter("I0")).isEqualTo(1.0);
        assertThat(fit.fitted()).containsExactly("beta", "gamma");
        // the values measured with the default tolerances, to 1e-6 relative
        assertThat(fit.parameter("beta")).isCloseTo(1.6692261, within(2e-6));
        assertThat(fit.parameter("gamma")).isCloseTo(0.44345019, within(5e-7));
        assertThat(fit.r0()).isCloseTo(3.7641795, within(4e-6));
        assertThat(fit.lossValue()).isCloseTo(4121.9415, within(1e-3));
        assertThat(fit.sumOfSquares()).isEqualTo(fit.lossValue());
        assertThat(fit.converged()).isTrue();
        assertThat(fit.predictions()).hasNumberOfRows(14);
        assertThat(fit.curves().observed()).containsExactly("in_bed");
        // the peak of the fitted I is at day 6 (1978-01-27), as in the data
        int peak = 0;
        for (int r = 1; r < 14; r++) {
            if (fit.predictions()[r][0] > fit.predictions()[peak][0]) {
                peak = r;
            }
        }
        assertThat(fit.curves().times()[peak]).isEqualTo(6.0);
    }

    @Test
    void fittingTheInitialStateLowersTheSumOfSquares() {
        OdeFitResult fixed = lm(false);
        OdeFitResult free = lm(true);
        assertThat(free.fitted()).containsExactly("beta", "gamma", "I0");
        assertThat(free.lossValue()).isLessThan(fixed.lossValue());
        assertThat(free.parameter("I0")).isBetween(0.0, 5.0);
        assertThat(free.parameter("beta")).isCloseTo(1.7896433, within(2e-6));
        assertThat(free.parameter("gamma")).isCloseTo(0.45541276, within(5e-7));
        assertThat(free.parameter("I0")).isCloseTo(0.5519593, within(2e-6));
        assertThat(free.lossValue()).isCloseTo(3590.2819, within(1e-3));
    }

    /**
     * The standard errors σ²(JᵀJ)⁻¹ reported in natural parameters equal Hipparchus's covariance of the
     * LM optimum (in u = log θ) mapped by the delta method, Cov_θ = D Cov_u D with D = diag(dθ/du).
     */
    @ParameterizedTest(name = "fit I0 = {0}")
    @ValueSource(booleans = {false, true})
    void standardErrorsMatchHipparchusCovarianceMappedToNaturalParameters(boolean fitInitial) {
        OdeFitProblem problem = InfluenzaEngland1978.problem(fitInitial);
        OdeFitResult fit = lm(fitInitial);
        double[] u = problem.toUnconstrained(fit.estimates());
        OdeFitProblem.Predictions p = problem.predict(u, true);
        int k = problem.dimension();
        int n = p.mu().length;
        double[][] ju = new double[n][k];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < k; j++) {
                ju[i][j] = p.jacobian()[i][j] * problem.freeTransforms().get(j).derivative(u[j]);
            }
        }
        org.hipparchus.linear.RealMatrix j = org.hipparchus.linear.MatrixUtils.createRealMatrix(ju);
        org.hipparchus.linear.RealMatrix covU = new org.hipparchus.linear.QRDecomposition(
                j.transpose().multiply(j)).getSolver().getInverse().scalarMultiply(fit.lossValue() / (n - k));
        for (int a = 0; a < k; a++) {
            double da = problem.freeTransforms().get(a).derivative(u[a]);
            for (int b = 0; b < k; b++) {
                double db = problem.freeTransforms().get(b).derivative(u[b]);
                double expected = da * covU.getEntry(a, b) * db;
                assertThat(fit.parameterEstimates().covariance()[a][b]).isCloseTo(expected, within(1e-9 * Math.abs(expected) + 1e-15));
            }
            assertThat(fit.parameterEstimates().standardErrors()[a]).isPositive().isCloseTo(Math.sqrt(fit.parameterEstimates().covariance()[a][a]), within(1e-15));
        }
        if (!fitInitial) {
            assertThat(fit.standardError("beta")).isCloseTo(0.0257, within(5e-4));
            assertThat(fit.standardError("gamma")).isCloseTo(0.0156, within(5e-4));
        }
    }

    @Test
    void theSummaryNamesEveryParameter() {
        String s = lm(false).summary();
        assertThat(s).contains("beta", "gamma", "I0", "(fixed)", "R0", "SSE", "LevenbergMarquardt");
    }
}
