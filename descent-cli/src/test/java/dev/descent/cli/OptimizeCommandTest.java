package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OptimizeCommandTest {

    @Test
    void aSpecMinimizesRosenbrock() {
        CliRun r = CliRun.of("optimize", "--optimizer", "adam(lr=0.02) | clip_global_norm(100)");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("stopped:    gradient-norm").containsPattern("x:\\s+\\[0\\.99999999\\d*, 0\\.9999999");
    }

    @Test
    void torchsLbfgsMinimizesRosenbrockInThreeCalls() {
        // each step is one torch step(closure): up to 20 iterations with torch's strong Wolfe search
        CliRun r = CliRun.of("optimize", "--optimizer",
                "torch_lbfgs(line_search_fn=strong_wolfe, tolerance_change=1e-20, tolerance_grad=1e-12)");
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).contains("optimizer:  TorchLbfgs[learningRate=1.0, maxIter=20, maxEval=0, "
                        + "toleranceGrad=1.0E-12, toleranceChange=1.0E-20, historySize=100, lineSearchFn=STRONG_WOLFE]")
                .contains("steps:      3 (55 evaluations, ")
                .contains("stopped:    gradient-norm (‖∇J‖ = 1.26e-10 ≤ 1.00e-08)")
                .contains("verdict:    reached x* in 3 steps (‖x − x*‖ = 6.3e-11)");
        CliRun bad = CliRun.of("optimize", "--optimizer", "torch_lbfgs(line_search_fn=wolfe)");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("--optimizer: torch_lbfgs: lineSearchFn = 'wolfe' is not one of "
                + "[none, strong_wolfe] at position 12");
    }

    @Test
    void aBudgetStopExitsOne() {
        CliRun r = CliRun.of("optimize", "--optimizer", "sgd(1e-4)", "--max-steps", "10");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("stopped:    max-iterations (reached 10 iterations)");
    }

    @Test
    void specErrorsPointAtTheToken() {
        CliRun r = CliRun.of("optimize", "--optimizer", "adam(beta1=1.5)");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--optimizer: adam: beta1 = 1.5 is outside [0, 1) at position 5")
                .endsWith("Try 'descent optimize --help' for more information." + System.lineSeparator())
                .doesNotContain("Usage:");
        CliRun s = CliRun.of("optimize", "--start", "1,2,3");
        assertThat(s.exit()).isEqualTo(2);
        assertThat(s.err()).contains("--start has 3 values; rosenbrock needs 2");
    }

    @Test
    void reachingTheOptimumExitsZeroAndPrintsTheStartUsed() {
        CliRun r = CliRun.of("optimize");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("start:      [-1.5, 2.0] (the problem's)")
                .containsPattern("curvature:  minimum \\(Hessian eigenvalues 0\\.399\\d, 100\\d\\)\\n")
                .containsPattern("verdict:    reached x\\* in \\d+ steps \\(‖x − x\\*‖ = 2\\.\\de-08\\)");
        CliRun h = CliRun.of("optimize", "--problem", "himmelblau", "--optimizer", "lbfgs", "--start", "-3,-3");
        assertThat(h.exit()).as(h.out()).isZero(); // one of its four minima
        assertThat(h.out()).contains("start:      [-3.0, -3.0]\n").contains("verdict:    reached x* in ");
    }

    @Test
    void aLocalMinimumThatIsNotTheOptimumExitsOne() {
        CliRun r = CliRun.of("optimize", "--problem", "rastrigin", "--optimizer", "lbfgs");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("stopped:    gradient-norm")
                .contains("curvature:  minimum (Hessian eigenvalues 395.0, 396.0)")
                .contains("verdict:    NOT the optimum: stopped at a local minimum (2.985, 1.990), ‖x − x*‖ = 3.59, "
                        + "J − J* = 12.9");
    }

    @Test
    void aSaddleIsNotAMinimum() {
        CliRun r = CliRun.of("optimize", "--problem", "saddle", "--optimizer", "sgd(0.1)", "--start", "1,0");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("start:      [1.0, 0.0]\n").contains("stopped:    gradient-norm")
                .contains("curvature:  saddle (Hessian eigenvalues -2.000, 2.000)\n")
                .contains("verdict:    stopped at a saddle point (4.632e-09, 0.000); J has no minimum");
        CliRun escaped = CliRun.of("optimize", "--problem", "saddle");
        assertThat(escaped.exit()).isEqualTo(1);
        assertThat(escaped.out()).contains("stopped:    left-window (‖θ‖ = 2.52 > 2.50 at step 93)")
                .contains("; not a stationary point (‖∇J‖ above the tolerance)")
                .contains("verdict:    escaped the saddle: left the window after 93 steps");
    }

    @Test
    void closeToTheOptimumOnTheBudgetIsNotConverged() {
        CliRun r = CliRun.of("optimize", "--problem", "beale", "--optimizer", "lion(lr=0.001)", "--max-steps", "2000");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("verdict:    step budget spent at (2.999, 0.5000), ‖x − x*‖ = 0.00100");
    }

    @Test
    void theHelpStatesTheExitCodes() {
        CliRun r = CliRun.of("optimize", "--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("Exit codes:").contains("the run ended within 1e-4 of a known minimizer x*")
                .contains("a saddle, a maximum or a minimum other than x*");
    }
}
