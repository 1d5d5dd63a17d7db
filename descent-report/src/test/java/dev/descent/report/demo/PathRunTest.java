package dev.descent.report.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class PathRunTest {

    static final Map<String, Landscape> L = Landscape.builtIns();

    @Test
    void aPathHoldsEveryIterateFromTheStart() {
        PathRun r = PathRun.run("adam(lr=0.1)", L.get("quadratic"), 1e-8, 5000);
        assertThat(r.outcome()).isEqualTo(PathRun.Outcome.REACHED_OPTIMUM);
        assertThat(r.x()).hasSize((int) r.steps() + 1);
        assertThat(r.x()[0]).isEqualTo(-4);
        assertThat(r.y()[0]).isEqualTo(3);
        assertThat(r.x()[r.x().length - 1]).isEqualTo(r.result().point()[0]);
        // J at θ₀ of ½θᵀAθ, computed by hand: A = R diag(1, 30) Rᵀ
        double c = Math.cos(Math.PI / 6);
        double s = Math.sin(Math.PI / 6);
        double u = c * -4 + s * 3;
        double w = -s * -4 + c * 3;
        assertThat(r.values()[0]).isCloseTo(0.5 * (u * u + 30 * w * w), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(r.distance()).isLessThan(PathRun.REACHED);
        assertThat(r.verdict()).startsWith("reached x* in " + r.steps() + " steps");
    }

    @Test
    void gradientDescentAboveTwoOverLambdaMaxDiverges() {
        // λ_max = 30: ε = 0.07 > 2/30 grows the error by |1 − 0.07·30| = 1.1 per step
        PathRun r = PathRun.run("sgd(lr=0.07)", L.get("quadratic"), 1e-8, 100_000);
        assertThat(r.outcome()).isEqualTo(PathRun.Outcome.DIVERGED);
        assertThat(r.verdict()).startsWith("sgd(lr=0.07) diverged at step " + r.steps());
        // from |e₀| ≈ 5 to ‖θ‖ > 1e6 at rate 1.1: about ln(2e5)/ln 1.1 ≈ 128 steps
        assertThat(r.steps()).isBetween(100L, 160L);
        PathRun ok = PathRun.run("sgd(lr=0.06)", L.get("quadratic"), 1e-8, 100_000);
        assertThat(ok.outcome()).isEqualTo(PathRun.Outcome.REACHED_OPTIMUM);
    }

    @Test
    void theSaddleIsEscapedAndAStationaryPointAwayFromXStarIsNamed() {
        PathRun adam = PathRun.run("adam(lr=0.05)", L.get("saddle"), 1e-8, 300);
        assertThat(adam.outcome()).isEqualTo(PathRun.Outcome.ESCAPED);
        assertThat(adam.distance()).isNaN();
        // L-BFGS from (3.2, 2.1) on Rastrigin settles in the local minimum near (2.98, 1.99)
        PathRun lbfgs = PathRun.run("lbfgs", L.get("rastrigin"), 1e-8, 1000);
        assertThat(lbfgs.outcome()).isEqualTo(PathRun.Outcome.OTHER_STATIONARY_POINT);
        assertThat(lbfgs.result().point()[0]).isCloseTo(2.985, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(lbfgs.verdict()).contains("stationary point (2.985, 1.990) that is not x*");
        assertThat(lbfgs.result().reason().converged()).isTrue(); // the criterion alone would call it converged
    }

    @Test
    void thinningKeepsTheEndsAndAtMostTheCap() {
        int[] t = LandscapeFigures.linear(10_001, 800);
        assertThat(t.length).isLessThanOrEqualTo(801);
        assertThat(t[0]).isZero();
        assertThat(t[t.length - 1]).isEqualTo(10_000);
        int[] log = LandscapeFigures.logSpaced(20_001, 400);
        assertThat(log[0]).isZero();
        assertThat(log[1]).isEqualTo(1);
        assertThat(log[log.length - 1]).isEqualTo(20_000);
        assertThat(log.length).isBetween(200, 401);
    }

    @Test
    void bestOfGridPrefersReachingThenFewerSteps() {
        Landscape q = L.get("quadratic");
        PathRun slow = PathRun.run("sgd(lr=0.01)", q, 1e-8, 100_000);
        PathRun fast = PathRun.run("sgd(lr=0.06)", q, 1e-8, 100_000);
        PathRun diverged = PathRun.run("sgd(lr=0.1)", q, 1e-8, 100_000);
        PathRun budget = PathRun.run("sgd(lr=0.06)", q, 1e-8, 10);
        assertThat(LandscapeSections.better(fast, slow)).isTrue();
        assertThat(LandscapeSections.better(slow, fast)).isFalse();
        assertThat(LandscapeSections.better(budget, diverged)).isTrue();
        assertThat(LandscapeSections.better(diverged, budget)).isFalse();
        assertThat(LandscapeSections.better(budget, slow)).isFalse();
    }

    @Test
    void lionOnBealeIsNotCalledConvergedAndTheCloserRunWins() {
        // Lion's sign steps have length ε·√2 near x* = (3, 0.5): it hovers at a distance of order ε
        // and never meets the gradient tolerance, so the verdict is the budget and the distance
        Landscape beale = L.get("beale");
        PathRun coarse = PathRun.run("lion(lr=0.01)", beale, 1e-8, 20_000);
        PathRun fine = PathRun.run("lion(lr=1e-3)", beale, 1e-8, 20_000);
        assertThat(coarse.outcome()).isEqualTo(PathRun.Outcome.BUDGET);
        assertThat(coarse.distance()).isBetween(1e-3, 0.05);
        assertThat(coarse.verdict()).startsWith("step budget spent at (2.99").contains("‖x − x*‖ = 0.0100");
        assertThat(fine.distance()).isLessThan(coarse.distance());
        assertThat(LandscapeSections.better(fine, coarse)).isTrue();
        assertThat(LandscapeSections.better(coarse, fine)).isFalse();
    }

    @Test
    void curvatureTellsMinimaSaddlesAndMaxima() {
        Landscape.Curvature saddle = L.get("saddle").curvature(new double[] {0, 0});
        assertThat(saddle.kind()).isEqualTo(Landscape.PointKind.SADDLE);
        assertThat(saddle.lambda1()).isCloseTo(-2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(saddle.lambda2()).isCloseTo(2, org.assertj.core.data.Offset.offset(1e-6));
        assertThat(L.get("rosenbrock").curvature(new double[] {1, 1}).kind()).isEqualTo(Landscape.PointKind.MINIMUM);
        // Himmelblau's local maximum, next to the start
        assertThat(L.get("himmelblau").curvature(new double[] {-0.270845, -0.923039}).kind())
                .isEqualTo(Landscape.PointKind.MAXIMUM);
    }
}
