package dev.descent.minimize;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.optim.Adam;
import dev.descent.optim.Nesterov;
import dev.descent.optim.Sgd;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StopReason;
import dev.descent.optim.stop.StoppingCriterion;
import dev.descent.problem.Objective;
import dev.descent.problem.Rosenbrock;
import org.junit.jupiter.api.Test;

class MinimizerTest {

    @Test
    void stopsWhenTheGradientToleranceIsMet() {
        Result r = new Minimizer<>(Adam.of(0.02), StoppingCriterion.anyOf(new GradientNorm(1e-8), new MaxIterations(100_000)))
                .minimize(Rosenbrock.standard(), new double[] {-1.5, 2});
        assertThat(r.reason()).isInstanceOf(StopReason.Converged.class);
        assertThat(r.reason().criterion()).isEqualTo("gradient-norm");
        assertThat(r.gradientNorm()).isLessThanOrEqualTo(1e-8);
        assertThat(r.values()).hasSize((int) r.iterations() + 1);
        assertThat(r.values()[0]).isEqualTo(12.5); // (1 + 1.5)² + 100(2 − 2.25)²
        assertThat(r.evaluations()).isEqualTo(r.iterations() + 2);
    }

    @Test
    void stopsAtTheIterationBudgetAndSaysSo() {
        Result r = new Minimizer<>(Sgd.of(1e-4), StoppingCriterion.anyOf(new GradientNorm(1e-12), new MaxIterations(37)))
                .minimize(Rosenbrock.standard(), new double[] {-1.5, 2});
        assertThat(r.iterations()).isEqualTo(37);
        assertThat(r.reason()).isEqualTo(new StopReason.Budget("max-iterations", "reached 37 iterations"));
        assertThat(r.converged()).isFalse();
    }

    @Test
    void divergenceStopsWithFailedAndKeepsTheLastFinitePoint() {
        Result r = new Minimizer<>(Sgd.of(0.1), StoppingCriterion.anyOf(new GradientNorm(1e-8), new MaxIterations(10_000)))
                .minimize(Rosenbrock.standard(), new double[] {-1.5, 2});
        assertThat(r.reason()).isInstanceOf(StopReason.Failed.class);
        assertThat(r.reason().criterion()).isEqualTo("non-finite");
        assertThat(Double.isFinite(r.point()[0]) && Double.isFinite(r.point()[1])).isTrue();
    }

    @Test
    void asksTheOptimizerForTheLookAheadPoint() {
        // Record where the objective is evaluated: after one book-Nesterov step it must be θ + αv.
        double[][] seen = new double[3][];
        int[] calls = {0};
        Objective f = new Objective() {
            @Override
            public int dimension() {
                return 1;
            }

            @Override
            public double valueAndGradient(double[] x, double[] grad) {
                if (calls[0] < 3) {
                    seen[calls[0]] = x.clone();
                }
                calls[0]++;
                grad[0] = 2 * x[0];
                return x[0] * x[0];
            }
        };
        new Minimizer<>(Nesterov.of(0.1, 0.5), new MaxIterations(2)).minimize(f, new double[] {1});
        // step 1: x̃ = 1, g = 2, v = −0.2, θ = 0.8; step 2 evaluates at 0.8 + 0.5·(−0.2) = 0.7
        assertThat(seen[0]).containsExactly(1.0);
        assertThat(seen[1][0]).isEqualTo(0.7, org.assertj.core.api.Assertions.within(1e-15));
    }

    @Test
    void refusesAStartOfTheWrongLengthOrNotFinite() {
        Minimizer<?> m = new Minimizer<>(Adam.defaults(), new MaxIterations(1));
        assertThatThrownBy(() -> m.minimize(Rosenbrock.standard(), new double[3]))
                .hasMessage("start has length 3 but the objective has dimension 2");
        assertThatThrownBy(() -> m.minimize(Rosenbrock.standard(), new double[] {0, Double.NaN}))
                .hasMessage("start[1] = NaN is not finite");
    }
}
