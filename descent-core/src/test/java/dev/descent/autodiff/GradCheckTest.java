package dev.descent.autodiff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.problem.Objective;
import org.junit.jupiter.api.Test;

/** The checker itself must catch a wrong derivative, or every property test would pass vacuously. */
class GradCheckTest {

    @Test
    void catchesAGradientThatDisagreesWithTheFunction() {
        // at relu's kink the tape says 0 (the subgradient) and the finite difference says ½
        GradCheck.Report kink = GradCheck.check((t, x) -> x[0].relu().sum(), Tensor.vector(1, 0, -1));
        assertThat(kink.passes(1e-6)).isFalse();
        assertThat(kink.element()).isEqualTo(1);
        assertThat(kink.analytic()).isZero();
        assertThat(kink.numeric()).isEqualTo(0.5, org.assertj.core.api.Assertions.within(1e-9));

        // an objective whose gradient is off by a factor of two
        Objective wrong = Objective.of(2, (x, g) -> {
            g[0] = 4 * x[0];
            g[1] = 2 * x[1];
            return x[0] * x[0] + x[1] * x[1];
        });
        GradCheck.Report r = GradCheck.check(wrong, new double[] {1.5, -1}, GradCheck.STEP);
        assertThat(r.input()).isZero();
        assertThat(r.element()).isZero();
        assertThat(r.maxError()).isGreaterThan(0.3);
        assertThat(r.toString()).startsWith("max error 0.500 at input 0, element 0: analytic 6.00000000000, numeric 3.0");
    }

    @Test
    void passesACorrectGradientOfAnyOutputShapeTightly() {
        Tensor a = Tensor.matrix(new double[][] {{0.1, -0.4, 0.3}, {1.2, 0.5, -0.7}});
        Tensor b = Tensor.matrix(new double[][] {{0.2, 1}, {-0.3, 0.4}, {0.9, -1.1}});
        GradCheck.Report r = GradCheck.check((t, x) -> x[0].matmul(x[1]).tanh(), a, b);
        assertThat(r.checked()).isEqualTo(12);
        assertThat(r.maxError()).as(r.toString()).isLessThan(1e-8);
        assertThatThrownBy(() -> GradCheck.check((t, x) -> x[0], 0, 1, a)).hasMessage("step = 0.0 must be > 0");
    }
}
