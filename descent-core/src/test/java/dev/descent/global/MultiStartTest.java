package dev.descent.global;

import static dev.descent.global.GlobalTesting.lbfgs;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.minimize.Result;
import dev.descent.optim.stop.MaxEvaluations;
import dev.descent.optim.stop.Patience;
import dev.descent.problem.Bounds;
import dev.descent.problem.Rastrigin;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MultiStartTest {

    static final Rastrigin F = Rastrigin.standard(2);
    static final Bounds B = F.domain();

    @Test
    void everyStartIsRefinedFromTheSampledPointAndTheBestIsReported() {
        MultiStart ms = MultiStart.of(lbfgs(), 25, 3);
        double[][] starts = ms.startingPoints(B);
        assertThat(starts).isDeepEqualTo(B.latinHypercube(25, new SplittableRandom(3)));
        GlobalResult r = ms.search(F, B);
        assertThat(r.runs()).hasSize(25);
        long evaluations = 0;
        long iterations = 0;
        int length = 0;
        double best = Double.POSITIVE_INFINITY;
        for (int j = 0; j < 25; j++) {
            Result run = r.runs().get(j);
            Result again = lbfgs().minimize(F, starts[j]);
            assertThat(run.point()).isEqualTo(again.point());
            assertThat(run.values()).isEqualTo(again.values());
            assertThat(run.values()[0]).isEqualTo(F.value(starts[j]));
            evaluations += run.evaluations();
            iterations += run.iterations();
            length += run.values().length;
            best = Math.min(best, run.value());
        }
        assertThat(r.value()).isEqualTo(best).isEqualTo(r.best().value());
        assertThat(r.point()).isEqualTo(r.best().point());
        assertThat(r.evaluations()).isEqualTo(evaluations);
        assertThat(r.summary().iterations()).isEqualTo(iterations);
        assertThat(r.summary().values()).hasSize(length);
        double[] trace = r.bestSoFar();
        assertThat(trace[trace.length - 1]).isEqualTo(best);
    }

    @Test
    void uniformSamplingDrawsPointsInOrder() {
        MultiStart ms = MultiStart.of(lbfgs(), 4, 9).withSampling(MultiStart.Sampling.UNIFORM);
        SplittableRandom rng = new SplittableRandom(9);
        double[][] expected = {B.sample(rng), B.sample(rng), B.sample(rng), B.sample(rng)};
        assertThat(ms.startingPoints(B)).isDeepEqualTo(expected);
    }

    @Test
    void theOuterCriterionStopsTheSearchBetweenRuns() {
        GlobalResult budget = MultiStart.of(lbfgs(), 1000, 1).withStop(new MaxEvaluations(100)).search(F, B);
        long before = budget.evaluations() - budget.runs().get(budget.runs().size() - 1).evaluations();
        assertThat(before).isLessThan(100);
        assertThat(budget.evaluations()).isGreaterThanOrEqualTo(100);
        assertThat(budget.reason().criterion()).isEqualTo("max-evaluations");

        GlobalResult patience = MultiStart.of(lbfgs(), 1000, 1).withStop(new Patience(5, 0)).search(F, B);
        assertThat(patience.runs().size()).isLessThan(1000);
        assertThat(patience.reason().criterion()).isEqualTo("patience");
        // the last five runs found nothing better than the best before them
        int n = patience.runs().size();
        for (int j = n - 5; j < n; j++) {
            assertThat(patience.runs().get(j).value()).isGreaterThanOrEqualTo(patience.value());
        }
        double bestBefore = Double.POSITIVE_INFINITY;
        for (int j = 0; j < n - 5; j++) {
            bestBefore = Math.min(bestBefore, patience.runs().get(j).value());
        }
        assertThat(patience.value()).isEqualTo(bestBefore);
    }

    @Test
    void validation() {
        assertThatThrownBy(() -> MultiStart.of(lbfgs(), 0, 1)).hasMessage("starts = 0 must be >= 1");
        assertThatThrownBy(() -> MultiStart.of(null, 3, 1)).hasMessage("local, sampling and stop must not be null");
        assertThatThrownBy(() -> MultiStart.of(lbfgs(), 3, 1).search(F, Bounds.cube(1, 0, 1)))
                .hasMessage("the objective has dimension 2 but the bounds have dimension 1");
    }
}
