package dev.descent.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** Analytic gradients against central finite differences, and the known minima. */
class GradientCheckTest {

    static void checkGradient(Objective f, double[] x, double relTol) {
        double[] g = new double[x.length];
        f.valueAndGradient(x, g);
        for (int i = 0; i < x.length; i++) {
            double h = 1e-6 * Math.max(1, Math.abs(x[i]));
            double[] xp = x.clone();
            double[] xm = x.clone();
            xp[i] += h;
            xm[i] -= h;
            double fd = (f.value(xp) - f.value(xm)) / (2 * h);
            assertThat(g[i]).as("∂f/∂x%d at %s", i, java.util.Arrays.toString(x))
                    .isCloseTo(fd, within(relTol * Math.max(1, Math.abs(fd))));
        }
    }

    @Property(tries = 200, seed = "1")
    void rosenbrockGradient(@ForAll @DoubleRange(min = -2, max = 2) double x, @ForAll @DoubleRange(min = -1, max = 3) double y) {
        checkGradient(Rosenbrock.standard(), new double[] {x, y}, 1e-6);
    }

    @Property(tries = 200, seed = "2")
    void bealeGradient(@ForAll @DoubleRange(min = -4.5, max = 4.5) double x, @ForAll @DoubleRange(min = -4.5, max = 4.5) double y) {
        checkGradient(Beale.standard(), new double[] {x, y}, 1e-6);
    }

    @Property(tries = 50, seed = "3")
    void quadraticGradient(@ForAll @DoubleRange(min = -3, max = 3) double a, @ForAll @DoubleRange(min = -3, max = 3) double b) {
        Quadratic q = Quadratic.illConditioned(new double[] {1, 10, 100}, 9);
        checkGradient(q, new double[] {a, b, a - b}, 1e-6);
    }

    @Test
    void knownMinimaHaveZeroGradientAndTheStatedValue() {
        for (TestProblem p : new TestProblem[] {Rosenbrock.standard(), Beale.standard(),
                Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 4)}) {
            double[] g = new double[p.dimension()];
            double v = p.valueAndGradient(p.argmin(), g);
            assertThat(v).as(p.name()).isCloseTo(p.minimum(), within(1e-12));
            for (double gi : g) {
                assertThat(gi).as(p.name()).isCloseTo(0, within(1e-10));
            }
        }
    }

    @Test
    void illConditionedQuadraticHasTheRequestedSpectrum() {
        // Rayleigh quotients of A stay within [λ_min, λ_max]; the trace is the eigenvalue sum.
        Quadratic q = Quadratic.illConditioned(new double[] {1, 3, 10, 30, 100}, 11);
        double trace = 0;
        for (int i = 0; i < 5; i++) {
            trace += q.a()[i][i];
        }
        assertThat(trace).isCloseTo(144, within(1e-10));
    }

    @Test
    void quadraticRefusesAnIndefiniteMatrix() {
        assertThatThrownBy(() -> new Quadratic("bad", new double[][] {{1, 2}, {2, 1}}, new double[2], new double[2]))
                .hasMessageContaining("not positive definite");
        assertThatThrownBy(() -> new Quadratic("bad", new double[][] {{1, 0.5}, {0, 1}}, new double[2], new double[2]))
                .hasMessageContaining("A is not symmetric: A[1][0] = 0.0 but A[0][1] = 0.5");
    }
}
