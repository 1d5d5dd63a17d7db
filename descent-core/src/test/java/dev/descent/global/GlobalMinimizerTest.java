package dev.descent.global;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.linalg.Vec;
import dev.descent.minimize.Result;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.Patience;
import dev.descent.optim.stop.StepSize;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.optim.stop.TimeBudget;
import dev.descent.problem.Ackley;
import dev.descent.problem.Bounds;
import dev.descent.problem.Rastrigin;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The loop shared by annealing and swarms: the local stopping criteria and the local Result. */
class GlobalMinimizerTest {

    static final Rastrigin F = Rastrigin.standard(2);
    static final Bounds B = F.domain();

    @Test
    void theResultIsTheLocalResultWithTheBestSoFarAsItsTrace() {
        Result r = SimulatedAnnealing.defaults(1).minimize(F, B, new MaxIterations(500));
        assertThat(r.iterations()).isEqualTo(500);
        assertThat(r.evaluations()).isEqualTo(502); // x₀, 500 proposals, the final one at the best point
        assertThat(r.reason()).isEqualTo(new StopReason.Budget("max-iterations", "reached 500 iterations"));
        assertThat(r.values()).hasSize(501);
        for (int i = 1; i < r.values().length; i++) {
            assertThat(r.values()[i]).isLessThanOrEqualTo(r.values()[i - 1]);
        }
        assertThat(r.value()).isEqualTo(r.values()[500]).isEqualTo(F.value(r.point()));
        assertThat(r.gradientNorms()).hasSize(501).containsOnly(Double.NaN);
        double[] g = new double[2];
        F.valueAndGradient(r.point(), g);
        assertThat(r.gradientNorm()).isEqualTo(Vec.norm2(g));
        assertThat(r.converged()).isFalse();
    }

    @Test
    void maxEvaluationsIsExceededByLessThanOneSwarmUpdate() {
        Result r = ParticleSwarm.defaults(1).withSwarmSize(30).minimize(F, B, new MaxEvaluations(1_000));
        // 30 initial evaluations, then 30 per iteration: 1,020 ≥ 1,000 after 33 iterations, plus the final one
        assertThat(r.iterations()).isEqualTo(33);
        assertThat(r.evaluations()).isEqualTo(1_021);
        assertThat(r.reason().criterion()).isEqualTo("max-evaluations");
    }

    @Test
    void patienceStopsWhenTheBestValueStopsImproving() {
        Result r = SimulatedAnnealing.defaults(1).minimize(F, B,
                StoppingCriterion.anyOf(new Patience(300, 0), new MaxIterations(1_000_000)));
        assertThat(r.reason().criterion()).isEqualTo("patience");
        double[] v = r.values();
        int last = v.length - 1;
        assertThat(v[last]).isEqualTo(v[last - 300]); // no improvement in the last 300 iterations
        assertThat(v[last - 300]).isLessThan(v[last - 301 - firstImprovementGap(v, last - 300)]);
        assertThat(r.iterations()).isLessThan(1_000_000);
    }

    /** How far back from index i the previous strict improvement lies, less one. */
    private static int firstImprovementGap(double[] v, int i) {
        int j = i - 1;
        while (j > 0 && v[j] == v[i]) {
            j--;
        }
        return i - 1 - j;
    }

    @Test
    void timeBudgetStops() {
        Result r = ParticleSwarm.defaults(1).minimize(Ackley.standard(5), Ackley.standard(5).domain(),
                new TimeBudget(Duration.ofMillis(30)));
        assertThat(r.reason()).isEqualTo(new StopReason.Budget("time-budget", "used the time budget of PT0.03S"));
        assertThat(r.elapsedNanos()).isGreaterThanOrEqualTo(30_000_000L);
    }

    @Test
    void gradientAndStepCriteriaNeverHoldSinceNoGradientIsUsed() {
        Result r = SimulatedAnnealing.defaults(1).minimize(F, B,
                StoppingCriterion.anyOf(new GradientNorm(1e300), StepSize.of(1e300), new MaxIterations(50)));
        assertThat(r.reason().criterion()).isEqualTo("max-iterations");
    }

    @Test
    void refusesMismatchedDimensionsAndNulls() {
        assertThatThrownBy(() -> SimulatedAnnealing.defaults(1).minimize(F, Bounds.cube(3, -1, 1), new MaxIterations(1)))
                .hasMessage("the objective has dimension 2 but the bounds have dimension 3");
        assertThatThrownBy(() -> new GlobalMinimizer<>(ParticleSwarm.defaults(1), null))
                .hasMessage("method and stop must not be null");
    }

    @Test
    void searchWrapsTheSingleRun() {
        GlobalMinimizer<ParticleSwarm.State> m = ParticleSwarm.defaults(4).until(new MaxIterations(20));
        GlobalResult g = m.search(F, B);
        Result r = m.minimize(F, B);
        assertThat(g.runs()).hasSize(1);
        assertThat(g.point()).isEqualTo(r.point());
        assertThat(g.summary().values()).isEqualTo(r.values());
        assertThat(g.evaluations()).isEqualTo(r.evaluations());
        assertThat(g.bestSoFar()).isEqualTo(r.values());
        assertThat(g.value()).isCloseTo(r.value(), within(0.0));
    }
}
