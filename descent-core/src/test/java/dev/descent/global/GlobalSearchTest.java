package dev.descent.global;

import static dev.descent.global.GlobalTesting.distanceToNearestMinimizer;
import static dev.descent.global.GlobalTesting.domain;
import static dev.descent.global.GlobalTesting.lbfgs;
import static org.assertj.core.api.Assertions.assertThat;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Adam;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StopReason;
import dev.descent.problem.Ackley;
import dev.descent.problem.Himmelblau;
import dev.descent.problem.Rastrigin;
import dev.descent.problem.TestProblem;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each global method, followed by L-BFGS, finds the known global minimum of the multimodal
 * benchmarks, with fixed seeds; the success rates over many seeds are in {@link SuccessRateTest}.
 */
class GlobalSearchTest {

    /** Evaluations for the annealing stage. */
    static final long ANNEALING_BUDGET = 10_000;

    /** Evaluations for the swarm stage (500 iterations of 40 particles). */
    static final long SWARM_BUDGET = 20_000;

    /** |x − x*| after refinement. */
    static final double TOLERANCE = 1e-6;

    static Stream<TestProblem> problems() {
        return Stream.of(Rastrigin.standard(2), Rastrigin.standard(5), Ackley.standard(2), Ackley.standard(5),
                Himmelblau.standard());
    }

    static void assertGlobalMinimumFound(GlobalResult r, TestProblem p) {
        assertThat(distanceToNearestMinimizer(r.point(), p)).as(p.name() + " |x − x*|").isLessThan(TOLERANCE);
        assertThat(r.value()).as(p.name() + " J").isLessThan(1e-10);
        assertThat(r.runs()).hasSize(2);
        // the global stage did the global part: its best point is already in the basin of x*
        assertThat(distanceToNearestMinimizer(r.runs().get(0).point(), p)).as(p.name() + " global stage").isLessThan(0.5);
        assertThat(r.value()).isLessThanOrEqualTo(r.runs().get(0).value());
        assertThat(r.evaluations()).isEqualTo(r.runs().get(0).evaluations() + r.runs().get(1).evaluations());
    }

    @ParameterizedTest
    @MethodSource("problems")
    void simulatedAnnealingThenLbfgs(TestProblem p) {
        GlobalResult r = new GlobalThenLocal(SimulatedAnnealing.defaults(1).until(new MaxEvaluations(ANNEALING_BUDGET)),
                lbfgs()).search(p, domain(p));
        assertGlobalMinimumFound(r, p);
        assertThat(r.runs().get(0).reason()).isEqualTo(new StopReason.Budget("max-evaluations",
                "reached " + ANNEALING_BUDGET + " evaluations"));
    }

    @ParameterizedTest
    @MethodSource("problems")
    void particleSwarmThenLbfgs(TestProblem p) {
        GlobalResult r = new GlobalThenLocal(ParticleSwarm.defaults(1).until(new MaxEvaluations(SWARM_BUDGET)), lbfgs())
                .search(p, domain(p));
        assertGlobalMinimumFound(r, p);
    }

    static Stream<Arguments> multiStartCases() {
        // starts needed: about 3/p for a per-start success probability p (measured with 20,000 starts:
        // Rastrigin 2-D p = 0.012, Ackley 2-D p = 0.003, Himmelblau p = 1: every start finds one of the four)
        return Stream.of(Arguments.of(Rastrigin.standard(2), 300), Arguments.of(Ackley.standard(2), 1000),
                Arguments.of(Himmelblau.standard(), 10));
    }

    @ParameterizedTest
    @MethodSource("multiStartCases")
    void multiStartWithLbfgs(TestProblem p, int starts) {
        GlobalResult r = MultiStart.of(lbfgs(), starts, 1).search(p, domain(p));
        assertThat(distanceToNearestMinimizer(r.point(), p)).as(p.name()).isLessThan(TOLERANCE);
        assertThat(r.value()).isLessThan(1e-10);
        assertThat(r.runs()).hasSize(starts);
        assertThat(r.reason()).isEqualTo(new StopReason.Budget("starts", "ran all " + starts + " starts"));
        assertThat(r.best()).isSameAs(r.runs().get(r.bestRun()));
    }

    @Test
    void multiStartDoesNotScaleToFiveDimensionsWhereAnnealingDoes() {
        // 1,000 L-BFGS runs cost more evaluations than the annealing budget and none of them reaches
        // x*: the share of starts in x*'s basin is about 0.1ⁿ for Rastrigin and smaller for Ackley.
        for (TestProblem p : new TestProblem[] {Rastrigin.standard(5), Ackley.standard(5)}) {
            GlobalResult ms = MultiStart.of(lbfgs(), 1000, 1).search(p, domain(p));
            assertThat(ms.evaluations()).isGreaterThan(ANNEALING_BUDGET);
            for (Result run : ms.runs()) {
                assertThat(distanceToNearestMinimizer(run.point(), p)).isGreaterThan(0.5);
            }
            assertThat(ms.value()).as(p.name()).isGreaterThan(0.9);
            GlobalResult sa = new GlobalThenLocal(SimulatedAnnealing.defaults(1).until(new MaxEvaluations(ANNEALING_BUDGET)),
                    lbfgs()).search(p, domain(p));
            assertThat(sa.value()).isLessThan(1e-10);
        }
    }

    @Test
    void aLocalMethodFromAPoorStartIsStuckWhereGlobalThenLocalIsNot() {
        Rastrigin f = Rastrigin.standard(5);
        // L-BFGS and Adam from (3, …, 3) stop in the local minimum of that cell, f ≈ 8.95·5
        Result lbfgs = lbfgs().minimize(f, f.start());
        Result adam = new Minimizer<>(Adam.of(0.01), new MaxIterations(5_000)).minimize(f, f.start());
        for (Result r : new Result[] {lbfgs, adam}) {
            assertThat(r.value()).isGreaterThan(0.9).isGreaterThan(44);
            for (double xi : r.point()) {
                assertThat(xi).isBetween(2.9, 3.0);
            }
        }
        // the same L-BFGS after annealing, and after a swarm
        GlobalResult sa = new GlobalThenLocal(SimulatedAnnealing.defaults(1).until(new MaxEvaluations(ANNEALING_BUDGET)),
                lbfgs()).search(f, f.domain());
        GlobalResult pso = new GlobalThenLocal(ParticleSwarm.defaults(1).until(new MaxEvaluations(SWARM_BUDGET)), lbfgs())
                .search(f, f.domain());
        assertThat(sa.value()).isLessThan(1e-10);
        assertThat(pso.value()).isLessThan(1e-10);
    }

    @Test
    void refineHandsAnEarlierResultToAnyLocalOptimizer() {
        Himmelblau f = Himmelblau.standard();
        Result swarm = ParticleSwarm.defaults(3).minimize(f, f.domain(), new MaxIterations(10));
        assertThat(swarm.value()).isPositive();
        GlobalResult withLbfgs = GlobalThenLocal.refine(swarm, lbfgs(), f);
        GlobalResult withAdam = GlobalThenLocal.refine(swarm, new Minimizer<>(Adam.of(1e-3), new MaxIterations(20_000)), f);
        assertThat(distanceToNearestMinimizer(withLbfgs.point(), f)).isLessThan(1e-12);
        assertThat(distanceToNearestMinimizer(withAdam.point(), f)).isLessThan(1e-4);
        // both refine the same point: the one the swarm handed over
        assertThat(withLbfgs.runs().get(0)).isSameAs(swarm);
        assertThat(withAdam.runs().get(1).values()[0]).isEqualTo(swarm.value());
    }
}
