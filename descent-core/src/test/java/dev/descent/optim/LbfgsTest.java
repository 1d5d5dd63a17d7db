package dev.descent.optim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.ParamLayout;
import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.LineSearchOptimizer.Outcome;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Beale;
import dev.descent.problem.Objective;
import dev.descent.problem.Quadratic;
import dev.descent.problem.Rosenbrock;
import dev.descent.problem.TestProblem;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** L-BFGS: convergence with the line search, the two-loop recursion against the full BFGS matrix, state. */
class LbfgsTest {

    static final Quadratic ILL = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 42);

    static Result minimize(Optimizer<?> opt, Objective f, double[] start, double tol) {
        return new Minimizer<>(opt, StoppingCriterion.anyOf(new GradientNorm(tol), new MaxIterations(10_000)))
                .minimize(f, start);
    }

    /** Counts evaluations behind the Minimizer's back. */
    static final class Counting implements Objective {
        final Objective inner;
        long calls;

        Counting(Objective inner) {
            this.inner = inner;
        }

        @Override
        public int dimension() {
            return inner.dimension();
        }

        @Override
        public double valueAndGradient(double[] x, double[] grad) {
            calls++;
            return inner.valueAndGradient(x, grad);
        }
    }

    // ---- convergence with the strong Wolfe line search (through the Minimizer) ----

    @ParameterizedTest(name = "from ({0}, {1})")
    @CsvSource({"-1.5, 2, 60, 75", "-1.2, 1, 55, 70"})
    void reachesTheRosenbrockMinimumInTensOfIterations(double x0, double y0, int maxIterations, int maxEvaluations) {
        Counting f = new Counting(Rosenbrock.standard());
        Result r = minimize(Lbfgs.defaults(), f, new double[] {x0, y0}, 1e-9);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        assertThat(r.point()[0]).isCloseTo(1.0, within(1e-8));
        assertThat(r.point()[1]).isCloseTo(1.0, within(1e-8));
        // measured: 42 iterations / 54 evaluations from (−1.5, 2), 38 / 48 from (−1.2, 1)
        assertThat(r.iterations()).isLessThanOrEqualTo(maxIterations);
        assertThat(r.evaluations()).isLessThanOrEqualTo(maxEvaluations).isEqualTo(f.calls);
        assertThat(r.values()).hasSize((int) r.iterations() + 1);
    }

    @Test
    void reachesBealesMinimum() {
        Result r = minimize(Lbfgs.defaults(), Beale.standard(), Beale.standard().start(), 1e-9);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        assertThat(r.point()[0]).isCloseTo(3.0, within(1e-8));
        assertThat(r.point()[1]).isCloseTo(0.5, within(1e-8));
        assertThat(r.iterations()).isLessThanOrEqualTo(25); // measured: 17
    }

    @Test
    void reachesTheMinimizerOfTheIllConditionedQuadratic() {
        Result r = minimize(Lbfgs.defaults(), ILL, ILL.start(), 1e-10);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        double[] xStar = ILL.argmin();
        for (int i = 0; i < xStar.length; i++) {
            assertThat(r.point()[i]).isCloseTo(xStar[i], within(1e-9));
        }
        assertThat(r.value()).isCloseTo(ILL.minimum(), within(1e-13));
        assertThat(r.iterations()).isLessThanOrEqualTo(40); // measured: 28 iterations, 46 evaluations
    }

    @Test
    void withoutTheApproximateWolfeTestTheSearchStallsWhereJStopsResolvingTheStep() {
        // J(x*) = −1.95 ≠ 0: once ‖x − x*‖ ~ 1e-9 the decrease ½δᵀAδ is below J's rounding, so the
        // exact sufficient-decrease test fails and every search spends its whole budget.
        Lbfgs exact = Lbfgs.defaults().withApproximateWolfeEps(0);
        Result r = new Minimizer<>(exact, StoppingCriterion.anyOf(new GradientNorm(1e-10), new MaxIterations(200)))
                .minimize(ILL, ILL.start());
        assertThat(r.converged()).isFalse();
        assertThat(r.gradientNorm()).isBetween(1e-10, 1e-6);
    }

    @Test
    void everyAcceptedStepSatisfiesTheStrongWolfeConditions() {
        for (TestProblem p : List.of(Rosenbrock.standard(), new Rosenbrock(1, 100, new double[] {-1.2, 1}),
                Beale.standard(), ILL)) {
            Lbfgs opt = Lbfgs.defaults();
            int n = p.dimension();
            double[] theta = p.start();
            double[] grad = new double[n];
            double value = p.valueAndGradient(theta, grad);
            Lbfgs.State st = opt.init(n);
            int approximate = 0;
            // Down to ‖g‖ = 1e-7: below that, φ'(t) = gᵀd is itself at rounding level on the quadratic
            // (|gᵀd| ~ 1e-17) and no search can certify the curvature condition.
            for (int k = 0; k < 60 && norm(grad) > 1e-7; k++) {
                double[] theta0 = theta.clone();
                double[] g0 = grad.clone();
                double f0 = value;
                Outcome o = opt.step(theta, value, grad, p, st);
                value = o.value();
                double[] s = new double[n];
                for (int i = 0; i < n; i++) {
                    s[i] = theta[i] - theta0[i];
                }
                double[] check = new double[n];
                assertThat(p.valueAndGradient(theta, check)).as("returned J is J(θ⁺)").isEqualTo(value);
                assertThat(check).as("returned ∇J is ∇J(θ⁺)").containsExactly(grad);
                // φ'(0) = g₀ᵀd and φ'(t) = g₁ᵀd along the direction the search used; s = fl(θ + td) − θ.
                double[] d = st.d;
                double g0d = dot(g0, d);
                double g1d = dot(grad, d);
                String where = p.name() + " step " + (k + 1);
                assertThat(g0d).as(where + ": descent").isNegative();
                assertThat(Math.abs(g1d)).as(where + ": strong curvature").isLessThanOrEqualTo(0.9 * Math.abs(g0d));
                if (value <= f0 + 1e-4 * dot(g0, s)) {
                    continue; // sufficient decrease, exactly
                }
                // Otherwise only at rounding level, in Hager & Zhang's approximate form.
                approximate++;
                assertThat(value).as(where + ": approximate decrease").isLessThanOrEqualTo(f0 + 1e-10 * Math.abs(f0));
                assertThat(g1d).as(where + ": approximate decrease").isLessThanOrEqualTo((2e-4 - 1) * g0d);
            }
            assertThat(approximate).as(p.name() + ": approximate acceptances").isLessThanOrEqualTo(3);
            assertThat(norm(grad)).as(p.name() + " got there").isLessThanOrEqualTo(1e-7);
        }
    }

    @Test
    void maxEvaluationsStopsItAndCountsTrialPoints() {
        Counting f = new Counting(Rosenbrock.standard());
        Result r = new Minimizer<>(Lbfgs.defaults(), StoppingCriterion.anyOf(new GradientNorm(1e-12),
                new MaxEvaluations(30))).minimize(f, new double[] {-1.5, 2});
        assertThat(r.reason().criterion()).isEqualTo("max-evaluations");
        assertThat(r.evaluations()).as("all evaluations, the final one included").isEqualTo(f.calls);
        // checked between updates: an update makes at most 25 + 1 evaluations, so the overrun is ≤ 25
        assertThat(r.evaluations() - 1).isBetween(30L, 30L + 25);
        assertThat(r.iterations()).isLessThan(30);
    }

    @Test
    void whenTheBudgetEndsOnAnEarlierTrialItsGradientIsRecomputedAndCounted() {
        // A tight curvature test and a budget of 2: searches often end on their budget, and when the
        // best point is not the last one evaluated, the update evaluates it once more.
        Lbfgs opt = Lbfgs.defaults().withWolfeConstants(1e-4, 0.01).withMaxLineSearchEvaluations(2);
        Counting f = new Counting(Rosenbrock.standard());
        double[] theta = Rosenbrock.standard().start();
        double[] grad = new double[2];
        double value = f.valueAndGradient(theta, grad);
        Lbfgs.State st = opt.init(2);
        long counted = 1;
        int recomputed = 0;
        for (int k = 0; k < 40; k++) {
            Outcome o = opt.step(theta, value, grad, f, st);
            assertThat(o.evaluations()).isBetween(0, 3);
            recomputed += o.evaluations() == 3 ? 1 : 0;
            counted += o.evaluations();
            value = o.value();
            double[] check = new double[2];
            assertThat(Rosenbrock.standard().valueAndGradient(theta, check)).isEqualTo(value);
            assertThat(check).containsExactly(grad);
        }
        assertThat(counted).isEqualTo(f.calls);
        assertThat(recomputed).as("updates that recomputed an earlier trial").isPositive();
        assertThat(value).isLessThan(1e-3);
    }

    // ---- finite termination with an exact line search ----

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {2, 5})
    void withAnExactLineSearchAQuadraticTakesAtMostNPlusTwoIterations(int n) {
        // In exact arithmetic L-BFGS with m ≥ n and exact line searches is conjugate gradients:
        // at most n iterations (n + 1 evaluations of the direction); allow one more for rounding.
        double[] eigenvalues = n == 2 ? new double[] {1, 50} : new double[] {1, 3, 10, 30, 100};
        Quadratic q = Quadratic.illConditioned(eigenvalues, 11);
        Lbfgs exact = Lbfgs.defaults().withWolfeConstants(1e-12, 1e-9).withApproximateWolfeEps(0);
        double g0 = norm(gradient(q, q.start()));
        Result r = minimize(exact, q, q.start(), 1e-10 * g0);
        assertThat(r.converged()).as(r.reason().detail()).isTrue();
        assertThat(r.iterations()).isLessThanOrEqualTo(n + 2); // measured: exactly n
        double[] xStar = q.argmin();
        for (int i = 0; i < n; i++) {
            assertThat(r.point()[i]).isCloseTo(xStar[i], within(1e-9));
        }
    }

    // ---- the plain step (no objective) ----

    @Test
    void thePlainFirstStepIsTorchsScaledSteepestDescent() {
        double[] theta = {1.0, -2.0, 0.5};
        double[] g = {4.0, -1.0, 0.5};
        Lbfgs opt = Lbfgs.of(0.3);
        Lbfgs.State st = opt.init(3);
        opt.step(theta, g, st);
        double t = Math.min(1, 1 / 5.5) * 0.3;
        assertThat(theta).containsExactly(1.0 + t * -4.0, -2.0 + t * 1.0, 0.5 + t * -0.5);
        assertThat(st.pairs()).isZero();
        assertThat(st.pending[0]).isEqualTo(1.0);
    }

    @Test
    void twoLoopRecursionEqualsTheExplicitBfgsMatrixBuiltFromTheKeptPairs() {
        // A 4-D quadratic, m = 2 so the ring wraps; plain steps at ε = 0.5. The reference builds
        // H = (I − ρsyᵀ) H (I − ρysᵀ) + ρssᵀ from H⁰ = γI over the kept pairs, oldest first.
        Quadratic q = Quadratic.illConditioned(new double[] {1, 2, 5, 20}, 5);
        int n = 4;
        int m = 2;
        Lbfgs opt = Lbfgs.of(0.5).withHistorySize(m);
        Lbfgs.State st = opt.init(n);
        double[] theta = q.start();
        double[] g = new double[n];
        List<double[]> ss = new ArrayList<>();
        List<double[]> ys = new ArrayList<>();
        double[] prevTheta = null;
        double[] prevG = null;
        for (int k = 0; k < 8; k++) {
            q.valueAndGradient(theta, g);
            if (prevTheta != null) {
                ss.add(minus(theta, prevTheta));
                ys.add(minus(g, prevG));
            }
            int keep = Math.min(m, ss.size());
            double[] expectedStep;
            if (keep == 0) {
                double l1 = 0;
                for (double v : g) {
                    l1 += Math.abs(v);
                }
                expectedStep = scale(-Math.min(1, 1 / l1) * 0.5, g);
            } else {
                double[][] h = bfgsInverse(ss.subList(ss.size() - keep, ss.size()), ys.subList(ys.size() - keep,
                        ys.size()), n);
                expectedStep = scale(-0.5, times(h, g));
            }
            prevTheta = theta.clone();
            prevG = g.clone();
            opt.step(theta, g, st);
            assertThat(st.pairs()).isEqualTo(keep);
            double[] actual = minus(theta, prevTheta);
            for (int i = 0; i < n; i++) {
                assertThat(actual[i]).as("step %d, component %d", k + 1, i)
                        .isCloseTo(expectedStep[i], within(1e-12 * (1 + Math.abs(expectedStep[i]))));
            }
        }
    }

    @Test
    void aPairWithoutPositiveCurvatureIsSkipped() {
        Lbfgs opt = Lbfgs.of(0.1);
        Lbfgs.State st = opt.init(2);
        double[] theta = {0, 0};
        opt.step(theta, new double[] {1, 0}, st); // s = (−0.1, 0)
        opt.step(theta, new double[] {2, 0}, st); // y = (1, 0): sᵀy < 0 (concave along s)
        assertThat(st.pairs()).isZero();
        opt.step(theta, new double[] {1, 0}, st); // s ∝ −(2, 0), y = (−1, 0): sᵀy > 0, kept
        assertThat(st.pairs()).isEqualTo(1);
        assertThat(st.gamma[0]).isPositive();
    }

    @Test
    void aDirectionThatIsNotDescentResetsTheMemory() {
        // A hand-made state with a negative-curvature pair (ρ < 0) makes H indefinite.
        Lbfgs opt = Lbfgs.of(1);
        Lbfgs.State st = opt.init(2);
        Map<String, double[]> buffers = new java.util.LinkedHashMap<>(st.stateDict().buffers());
        double[] s = new double[20];
        double[] y = new double[20];
        s[0] = 1;
        y[0] = -4; // sᵀy = −4
        buffers.put("lbfgs.s", s);
        buffers.put("lbfgs.y", y);
        double[] rho = new double[10];
        rho[0] = -0.25;
        buffers.put("lbfgs.rho", rho);
        buffers.put("lbfgs.gamma", new double[] {1});
        buffers.put("lbfgs.head", new double[] {1});
        buffers.put("lbfgs.count", new double[] {1});
        st.load(new StateDict("lbfgs", st.layout(), 1, buffers));
        // Two-loop for g = (1, 0): α = ρsᵀ(−g) = 0.25, q = −g − αy = 0, r = γq + s(α − ρyᵀ·0) = (0.25, 0):
        // d = (0.25, 0) and gᵀd > 0.
        double[] theta = {0, 0};
        opt.step(theta, new double[] {1, 0}, st);
        assertThat(st.pairs()).isZero();
        assertThat(theta).containsExactly(-1.0, 0.0); // −min(1, 1/‖g‖₁)·g
    }

    @Test
    void aStateWithBrokenRingBookkeepingIsRefusedOnLoad() {
        Lbfgs opt = Lbfgs.defaults();
        Lbfgs.State st = opt.init(2);
        StateDict before = st.stateDict();
        Map<String, double[]> buffers = new java.util.LinkedHashMap<>(before.buffers());
        buffers.put("lbfgs.count", new double[] {11});
        assertThatThrownBy(() -> st.load(new StateDict("lbfgs", st.layout(), 1, buffers)))
                .hasMessage("state buffer 'lbfgs.count' at 'lbfgs' = 11.0 is not an integer in [0, 10]");
        buffers.put("lbfgs.count", new double[] {1});
        buffers.put("lbfgs.head", new double[] {0.5});
        assertThatThrownBy(() -> st.load(new StateDict("lbfgs", st.layout(), 1, buffers)))
                .hasMessage("state buffer 'lbfgs.head' at 'lbfgs' = 0.5 is not an integer in [0, 9]");
        buffers.put("lbfgs.head", new double[] {0});
        buffers.put("lbfgs.pending", new double[] {2});
        assertThatThrownBy(() -> st.load(new StateDict("lbfgs", st.layout(), 1, buffers)))
                .hasMessage("state buffer 'lbfgs.pending' at 'lbfgs' = 2.0 is not an integer in [0, 1]");
        assertThat(st.stateDict()).isEqualTo(before);
    }

    // ---- both ways of stepping agree; state; refusals ----

    @Test
    void withoutALineSearchTheMinimizerReproducesThePlainStepsBitForBit() {
        Lbfgs none = Lbfgs.of(0.5).withLineSearch(Lbfgs.LineSearch.NONE);
        Counting f = new Counting(ILL);
        Result r = new Minimizer<>(none, new MaxIterations(40)).minimize(f, ILL.start());
        double[] theta = ILL.start();
        double[] g = new double[5];
        Lbfgs.State st = none.init(5);
        for (int k = 0; k < 40; k++) {
            ILL.valueAndGradient(theta, g);
            none.step(theta, g, st);
        }
        assertThat(r.point()).containsExactly(theta);
        assertThat(r.evaluations()).isEqualTo(42).isEqualTo(f.calls); // one per update, plus the first and the final
    }

    @Test
    void copiedStateContinuesBitForBitWithTheLineSearch() {
        Lbfgs opt = Lbfgs.defaults().withHistorySize(3);
        Rosenbrock f = Rosenbrock.standard();
        double[] theta = f.start();
        double[] g = new double[2];
        double[] value = {f.valueAndGradient(theta, g)};
        Lbfgs.State st = opt.init(2);
        for (int k = 0; k < 12; k++) {
            value[0] = opt.step(theta, value[0], g, f, st).value();
        }
        Lbfgs.State copy = opt.copyState(st);
        double[] theta2 = theta.clone();
        double[] g2 = g.clone();
        double value2 = value[0];
        for (int k = 0; k < 15; k++) {
            value[0] = opt.step(theta, value[0], g, f, st).value();
            value2 = opt.step(theta2, value2, g2, f, copy).value();
        }
        assertThat(Arrays.equals(theta, theta2)).isTrue();
        assertThat(copy.stateDict()).isEqualTo(st.stateDict());
    }

    @Test
    void aRefusedStepWithTheObjectiveChangesNothing() {
        Lbfgs opt = Lbfgs.defaults();
        Rosenbrock f = Rosenbrock.standard();
        double[] theta = f.start();
        double[] g = new double[2];
        double value = f.valueAndGradient(theta, g);
        Lbfgs.State st = opt.init(2);
        value = opt.step(theta, value, g, f, st).value();
        value = opt.step(theta, value, g, f, st).value();
        double[] thetaBefore = theta.clone();
        double[] gBefore = g.clone();
        StateDict before = st.stateDict();
        double v = value;
        assertThatThrownBy(() -> opt.step(theta, Double.NaN, g, f, st))
                .hasMessage("lbfgs: value = NaN is not finite at step 3; nothing was changed");
        assertThatThrownBy(() -> opt.step(theta, v, g, ILL, st))
                .hasMessage("lbfgs: the objective has dimension 5 but params has length 2; nothing was changed");
        assertThatThrownBy(() -> opt.step(theta, v, g, null, st)).hasMessageContaining("objective must not be null");
        assertThatThrownBy(() -> opt.step(theta, v, new double[] {1, Double.NaN}, f, st))
                .hasMessageContaining("grad theta[1] (flat index 1) = NaN is not finite at step 3");
        assertThat(theta).containsExactly(thetaBefore);
        assertThat(g).containsExactly(gBefore);
        assertThat(st.stateDict()).isEqualTo(before);
    }

    @Test
    void anObjectiveThatThrowsMidSearchCanBeRetried() {
        Lbfgs opt = Lbfgs.defaults();
        Rosenbrock f = Rosenbrock.standard();
        double[] theta = f.start();
        double[] g = new double[2];
        double value = f.valueAndGradient(theta, g);
        Lbfgs.State st = opt.init(2);
        for (int k = 0; k < 3; k++) {
            value = opt.step(theta, value, g, f, st).value();
        }
        Lbfgs.State uninterrupted = opt.copyState(st);
        double[] thetaU = theta.clone();
        double[] gU = g.clone();
        Outcome expected = opt.step(thetaU, value, gU, f, uninterrupted);

        Objective failing = Objective.of(2, (x, out) -> {
            throw new IllegalStateException("solver failed");
        });
        double[] thetaBefore = theta.clone();
        double v = value;
        assertThatThrownBy(() -> opt.step(theta, v, g, failing, st)).hasMessage("solver failed");
        assertThat(theta).containsExactly(thetaBefore);
        Outcome retried = opt.step(theta, value, g, f, st);
        assertThat(retried).isEqualTo(expected);
        assertThat(theta).containsExactly(thetaU);
        assertThat(st.stateDict()).isEqualTo(uninterrupted.stateDict());
    }

    @Test
    void whenTheSearchFindsNoDecreaseThetaStaysAndTheMemoryIsForgotten() {
        // A gradient with the wrong sign: every trial along "descent" goes uphill.
        Objective lying = Objective.of(1, (x, out) -> {
            out[0] = -2 * x[0];
            return x[0] * x[0];
        });
        Lbfgs opt = Lbfgs.defaults();
        Lbfgs.State st = opt.init(1);
        double[] theta = {1};
        double[] g = {-2};
        Outcome o = opt.step(theta, 1, g, lying, st);
        assertThat(o).isEqualTo(new Outcome(1, 25));
        assertThat(theta).containsExactly(1);
        assertThat(g).containsExactly(-2);
        assertThat(st.pairs()).isZero();
        assertThat(st.step()).isEqualTo(1);
    }

    @Test
    void torchPresetMatchesTorchDefaultsAndTheRegistryHasOurs() {
        Lbfgs t = Lbfgs.torch(1, 100, Lbfgs.LineSearch.NONE);
        assertThat(t.historySize()).isEqualTo(100);
        assertThat(t.approximateWolfeEps()).isZero();
        assertThat(Optimizers.create("lbfgs")).isEqualTo(Lbfgs.defaults());
        assertThat(Lbfgs.defaults().strongWolfe()).isEqualTo(StrongWolfe.defaults());
    }

    // ---- helpers ----

    static double[] gradient(Objective f, double[] x) {
        double[] g = new double[x.length];
        f.valueAndGradient(x, g);
        return g;
    }

    static double norm(double[] v) {
        return Math.sqrt(dot(v, v));
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    static double[] minus(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] - b[i];
        }
        return r;
    }

    static double[] scale(double c, double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = c * v[i];
        }
        return r;
    }

    static double[] times(double[][] a, double[] v) {
        double[] r = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            r[i] = dot(a[i], v);
        }
        return r;
    }

    /** H from H⁰ = γI (γ of the newest pair) by the BFGS inverse update, oldest pair first. */
    static double[][] bfgsInverse(List<double[]> ss, List<double[]> ys, int n) {
        double[] sLast = ss.get(ss.size() - 1);
        double[] yLast = ys.get(ys.size() - 1);
        double gamma = dot(sLast, yLast) / dot(yLast, yLast);
        double[][] h = new double[n][n];
        for (int i = 0; i < n; i++) {
            h[i][i] = gamma;
        }
        for (int p = 0; p < ss.size(); p++) {
            double[] s = ss.get(p);
            double[] y = ys.get(p);
            double rho = 1 / dot(s, y);
            double[][] v = new double[n][n]; // V = I − ρ y sᵀ
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    v[i][j] = (i == j ? 1 : 0) - rho * y[i] * s[j];
                }
            }
            double[][] next = new double[n][n]; // Vᵀ H V + ρ s sᵀ
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    double sum = 0;
                    for (int a = 0; a < n; a++) {
                        for (int b = 0; b < n; b++) {
                            sum += v[a][i] * h[a][b] * v[b][j];
                        }
                    }
                    next[i][j] = sum + rho * s[i] * s[j];
                }
            }
            h = next;
        }
        return h;
    }

    /** The history is 2·m·n doubles: checked against one array and the JVM's memory at init, before allocating. */
    @Test
    void aHistoryThatCannotBeAllocatedIsRefusedAtInitWithItsSize() {
        Lbfgs big = Lbfgs.defaults().withHistorySize(1_000_000_000);
        assertThatThrownBy(() -> big.init(10))
                .hasMessage("lbfgs: historySize × n = 1000000000 × 10 = 10000000000 does not fit in one array; lower"
                        + " historySize");
        assertThat(big.memoryDoubles(1)).isEqualTo(4_000_000_009L);
        // the saved part, without allocating; the default (init and count) agrees for a normal history
        assertThat(big.stateDoubles(ParamLayout.flat(1))).isEqualTo(3_000_000_006L);
        Lbfgs normal = Lbfgs.defaults();
        assertThat(normal.stateDoubles(ParamLayout.flat(7))).isEqualTo(normal.init(7).savedDoubles()).isEqualTo(2 * 10 * 7 + 10 + 14 + 4);
        assertThatThrownBy(() -> big.requireFits(1, 1L << 30))
                .hasMessage("lbfgs: historySize = 1000000000 with n = 1 parameters needs 4000000009 doubles (2·m·n for"
                        + " the curvature pairs, 29.8 GiB), more than the 1.0 GiB this JVM may use (-Xmx); lower"
                        + " historySize");
        assertThatThrownBy(() -> big.init(1)).hasMessageStartingWith("lbfgs: historySize = 1000000000 with n = 1"
                + " parameters needs 4000000009 doubles");
        assertThat(Lbfgs.defaults().init(10).s).hasSize(100); // a normal history is untouched
    }
}
