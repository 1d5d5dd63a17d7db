package dev.descent.problem;

import static dev.descent.problem.GradientCheckTest.checkGradient;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.descent.minimize.Minimizer;
import dev.descent.minimize.Result;
import dev.descent.optim.Lbfgs;
import dev.descent.optim.stop.GradientNorm;
import dev.descent.optim.stop.MaxIterations;
import dev.descent.optim.stop.StoppingCriterion;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** Rastrigin, Ackley and Himmelblau: gradients against finite differences, minima, domains. */
class MultimodalProblemsTest {

    @Property(tries = 200, seed = "31")
    void rastriginGradient(@ForAll @DoubleRange(min = -5.12, max = 5.12) double a,
            @ForAll @DoubleRange(min = -5.12, max = 5.12) double b, @ForAll @DoubleRange(min = -5.12, max = 5.12) double c) {
        checkGradient(Rastrigin.standard(3), new double[] {a, b, c}, 1e-6);
    }

    @Property(tries = 200, seed = "32")
    void ackleyGradientAwayFromTheKink(@ForAll @DoubleRange(min = -32.768, max = 32.768) @Scale(6) double a,
            @ForAll @DoubleRange(min = -5, max = 5) double b, @ForAll @DoubleRange(min = -1, max = 1) double c) {
        Assume.that(Math.sqrt(a * a + b * b + c * c) > 1e-3); // the cone's kink at 0 is not differentiable
        checkGradient(Ackley.standard(3), new double[] {a, b, c}, 1e-6);
    }

    @Property(tries = 200, seed = "33")
    void himmelblauGradient(@ForAll @DoubleRange(min = -5, max = 5) double x, @ForAll @DoubleRange(min = -5, max = 5) double y) {
        checkGradient(Himmelblau.standard(), new double[] {x, y}, 1e-6);
    }

    @Property(tries = 100, seed = "34")
    void valueAloneEqualsValueAndGradient(@ForAll @DoubleRange(min = -5, max = 5) double x,
            @ForAll @DoubleRange(min = -5, max = 5) double y) {
        for (TestProblem p : new TestProblem[] {Rastrigin.standard(2), Ackley.standard(2), Himmelblau.standard()}) {
            double[] at = {x, y};
            assertThat(p.value(at)).isEqualTo(p.valueAndGradient(at, new double[2]));
        }
    }

    @Test
    void globalMinimaHaveValueZeroAndZeroGradient() {
        for (TestProblem p : new TestProblem[] {Rastrigin.standard(2), Rastrigin.standard(5), Ackley.standard(2),
                Ackley.standard(5), Himmelblau.standard()}) {
            assertThat(p.minimum()).isZero();
            for (double[] x : p.argmins()) {
                double[] g = new double[p.dimension()];
                assertThat(p.valueAndGradient(x, g)).as(p.name()).isCloseTo(0, within(1e-26));
                for (double gi : g) {
                    assertThat(gi).as(p.name()).isCloseTo(0, within(1e-12));
                }
            }
        }
    }

    @Test
    void textbookFormsAgreeWithTheCancellationFreeOnes() {
        double[] x = {1.3, -0.7, 2.9};
        double rastrigin = 10 * 3;
        double sumSq = 0;
        double sumCos = 0;
        for (double xi : x) {
            rastrigin += xi * xi - 10 * Math.cos(2 * Math.PI * xi);
            sumSq += xi * xi;
            sumCos += Math.cos(2 * Math.PI * xi);
        }
        double ackley = -20 * Math.exp(-0.2 * Math.sqrt(sumSq / 3)) - Math.exp(sumCos / 3) + 20 + Math.E;
        assertThat(Rastrigin.standard(3).value(x)).isCloseTo(rastrigin, within(1e-12));
        assertThat(Ackley.standard(3).value(x)).isCloseTo(ackley, within(1e-12));
    }

    @Test
    void ackleyIsExactAtTheOriginAndAccurateNearIt() {
        Ackley f = Ackley.standard(2);
        double[] g = {7, 7};
        assertThat(f.valueAndGradient(new double[2], g)).isEqualTo(0.0);
        assertThat(g).containsExactly(0, 0); // documented convention at the kink
        // near 0: f ≈ (a b/√n)‖x‖ + e c² ‖x‖²/(2n); the textbook form would return 0 or 4.4e-16 here
        double h = 1e-12;
        assertThat(f.value(new double[] {h, 0})).isCloseTo(20 * 0.2 / Math.sqrt(2) * h, within(1e-20));
        // the gradient norm stays near a b/√n next to the kink
        f.valueAndGradient(new double[] {1e-9, -1e-9}, g);
        assertThat(Math.hypot(g[0], g[1])).isCloseTo(20 * 0.2 / Math.sqrt(2), within(1e-6));
    }

    @Test
    void rastriginsNearestLocalMinimaHaveValueAboutOne() {
        // L-BFGS from inside the cell of (1, 0) stops at its local minimum, f ≈ 0.995 > 0.9
        Result r = new Minimizer<>(Lbfgs.defaults(), StoppingCriterion.anyOf(new GradientNorm(1e-10), new MaxIterations(200)))
                .minimize(Rastrigin.standard(2), new double[] {0.8, 0.1});
        assertThat(r.point()[0]).isCloseTo(1 - 1 / (2 * Math.PI * Math.PI * 10), within(2e-4));
        assertThat(r.value()).isBetween(0.99, 1.0);
    }

    @Test
    void domainsStartsAndValidation() {
        assertThat(Rastrigin.standard(3).domain()).isEqualTo(Bounds.cube(3, -5.12, 5.12));
        assertThat(Ackley.standard(2).domain()).isEqualTo(Bounds.cube(2, -32.768, 32.768));
        assertThat(Himmelblau.standard().domain()).isEqualTo(Bounds.cube(2, -5, 5));
        assertThat(Rastrigin.standard(4).start()).containsExactly(3, 3, 3, 3);
        assertThat(Ackley.standard(2).start()).containsExactly(3, 3);
        assertThat(Himmelblau.standard().start()).containsExactly(0, 0);
        assertThat(Rastrigin.standard(5).name()).isEqualTo("rastrigin(n=5)");
        assertThat(Rastrigin.standard(2)).isEqualTo(Rastrigin.standard(2)).isNotEqualTo(Rastrigin.standard(3));
        assertThat(new Rosenbrock(1, 100, new double[] {0, 0}).argmins()).isDeepEqualTo(new double[][] {{1, 1}});
        assertThatThrownBy(() -> new Rastrigin(0, new double[] {1})).hasMessage("a = 0.0 must be finite and > 0");
        assertThatThrownBy(() -> new Ackley(20, -0.2, 1, new double[] {1})).hasMessage("b = -0.2 must be finite and > 0");
        assertThatThrownBy(() -> Ackley.standard(0)).hasMessage("n = 0 must be >= 1");
        assertThatThrownBy(() -> new Himmelblau(new double[3])).hasMessage("start has length 3, expected 2");
    }
}
