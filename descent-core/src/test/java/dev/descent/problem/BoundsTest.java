package dev.descent.problem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

class BoundsTest {

    @Test
    void validationNamesTheCoordinateAndTheValues() {
        assertThatThrownBy(() -> new Bounds(new double[] {0, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("lower[1] = 3.0 is not below upper[1] = 2.0");
        assertThatThrownBy(() -> new Bounds(new double[] {0, 2}, new double[] {1, 2}))
                .hasMessage("lower[1] = 2.0 is not below upper[1] = 2.0");
        assertThatThrownBy(() -> new Bounds(new double[] {Double.NaN}, new double[] {1}))
                .hasMessage("lower[0] = NaN is not finite");
        assertThatThrownBy(() -> new Bounds(new double[] {0, 0}, new double[] {1, Double.POSITIVE_INFINITY}))
                .hasMessage("upper[1] = Infinity is not finite");
        assertThatThrownBy(() -> new Bounds(new double[] {0, 0}, new double[] {1}))
                .hasMessage("lower has length 2 but upper has length 1");
        assertThatThrownBy(() -> new Bounds(new double[0], new double[0]))
                .hasMessage("bounds need at least one coordinate");
        assertThatThrownBy(() -> new Bounds(null, new double[] {1}))
                .hasMessage("lower and upper must not be null");
        assertThatThrownBy(() -> new Bounds(new double[] {-Double.MAX_VALUE}, new double[] {Double.MAX_VALUE}))
                .hasMessageContaining("the width of coordinate 0")
                .hasMessageContaining("overflows");
        assertThatThrownBy(() -> Bounds.cube(0, -1, 1)).hasMessage("n = 0 must be >= 1");
        assertThatThrownBy(() -> Bounds.cube(2, 1, 1)).hasMessage("lower[0] = 1.0 is not below upper[0] = 1.0");
    }

    @Test
    void dimensionMismatchesAreReportedWithBothSizes() {
        Bounds b = Bounds.cube(3, -1, 1);
        assertThatThrownBy(() -> b.contains(new double[2]))
                .hasMessage("the point has dimension 2 but the bounds have dimension 3");
        assertThatThrownBy(() -> b.requireDimension(5, "the objective"))
                .hasMessage("the objective has dimension 5 but the bounds have dimension 3");
    }

    @Test
    void isImmutableAndComparedByValue() {
        double[] lo = {-1, 0};
        double[] hi = {1, 2};
        Bounds b = new Bounds(lo, hi);
        lo[0] = 100;
        b.lower()[1] = 100;
        assertThat(b.lower()).containsExactly(-1, 0);
        assertThat(b).isEqualTo(new Bounds(new double[] {-1, 0}, new double[] {1, 2}))
                .hasSameHashCodeAs(new Bounds(new double[] {-1, 0}, new double[] {1, 2}))
                .isNotEqualTo(Bounds.cube(2, -1, 2));
        assertThat(b).hasToString("Bounds[[-1.0, 1.0] × [0.0, 2.0]]");
        assertThat(b.width(1)).isEqualTo(2);
        assertThat(b.center()).containsExactly(0, 1);
    }

    @Test
    void containsIsClosedAndRejectsNaN() {
        Bounds b = new Bounds(new double[] {-1, 0}, new double[] {1, 2});
        assertThat(b.contains(new double[] {-1, 2})).isTrue();
        assertThat(b.contains(new double[] {0, 1})).isTrue();
        assertThat(b.contains(new double[] {1.0000001, 1})).isFalse();
        assertThat(b.contains(new double[] {0, Double.NaN})).isFalse();
    }

    @Test
    void clipProjectsAndModifiesInPlace() {
        Bounds b = new Bounds(new double[] {-1, 0}, new double[] {1, 2});
        double[] x = {-3, 2.5};
        assertThat(b.clip(x)).isSameAs(x).containsExactly(-1, 2);
        assertThat(b.clip(new double[] {Double.NaN, Double.NEGATIVE_INFINITY})).containsExactly(0, 0);
    }

    @Test
    void reflectMirrorsAtTheFacesAsOftenAsNeeded() {
        Bounds b = new Bounds(new double[] {0}, new double[] {10});
        assertThat(b.reflect(0, 13)).isCloseTo(7, within(1e-12)); // 0.3w beyond u
        assertThat(b.reflect(0, -3)).isCloseTo(3, within(1e-12)); // 0.3w below l
        assertThat(b.reflect(0, 23)).isCloseTo(3, within(1e-12)); // 1.3w beyond u: two reflections
        assertThat(b.reflect(0, -13)).isCloseTo(7, within(1e-12));
        assertThat(b.reflect(0, 5)).isEqualTo(5);
        assertThat(b.reflect(0, 10)).isEqualTo(10);
        assertThat(b.reflect(0, Double.POSITIVE_INFINITY)).isEqualTo(5);
        assertThat(b.reflect(0, Double.NaN)).isEqualTo(5);
        assertThat(b.reflect(0, 1e300)).isBetween(0.0, 10.0);
    }

    @Test
    void samplingIsUniformAndDeterministicForASeed() {
        Bounds b = new Bounds(new double[] {-5, 10}, new double[] {5, 11});
        double[] x = b.sample(new SplittableRandom(3));
        assertThat(x).containsExactly(b.sample(new SplittableRandom(3)));
        SplittableRandom r = new SplittableRandom(3);
        assertThat(x[0]).isEqualTo(-5 + r.nextDouble() * 10); // coordinate order, one draw each
        assertThat(x[1]).isEqualTo(10 + r.nextDouble() * 1);
        // the mean of 20,000 draws is the center to within 4 standard errors
        SplittableRandom rng = new SplittableRandom(11);
        double sum = 0;
        int m = 20_000;
        for (int j = 0; j < m; j++) {
            sum += b.sample(rng)[0];
        }
        assertThat(sum / m).isCloseTo(0, within(4 * 10 / Math.sqrt(12 * m)));
    }

    @Test
    void latinHypercubePutsExactlyOnePointInEveryStratum() {
        Bounds b = new Bounds(new double[] {-5, 0, 100}, new double[] {5, 1, 300});
        int m = 37;
        double[][] pts = b.latinHypercube(m, new SplittableRandom(5));
        assertThat(pts).hasNumberOfRows(m);
        for (int i = 0; i < 3; i++) {
            boolean[] seen = new boolean[m];
            for (double[] p : pts) {
                int stratum = (int) Math.floor((p[i] - b.lower(i)) / b.width(i) * m);
                assertThat(seen[stratum]).as("coordinate %d stratum %d", i, stratum).isFalse();
                seen[stratum] = true;
            }
        }
        assertThat(b.latinHypercube(m, new SplittableRandom(5))).isDeepEqualTo(pts);
        assertThatThrownBy(() -> b.latinHypercube(0, new SplittableRandom(5))).hasMessage("m = 0 must be >= 1");
    }

    @Property(tries = 300, seed = "21")
    void everyDerivedPointIsInside(@ForAll @DoubleRange(min = -1e6, max = 1e6) double lo,
            @ForAll @DoubleRange(min = 1e-9, max = 1e6) @Scale(12) double width, @ForAll @DoubleRange(min = -1e9, max = 1e9) double x,
            @ForAll long seed, @ForAll @IntRange(min = 1, max = 20) int m) {
        Bounds b = new Bounds(new double[] {lo, -1}, new double[] {lo + width, 1});
        assertThat(b.contains(b.sample(new SplittableRandom(seed)))).isTrue();
        assertThat(b.contains(b.clip(new double[] {x, x}))).isTrue();
        assertThat(b.contains(b.reflect(new double[] {x, x}))).as("reflect(%s)", x).isTrue();
        for (double[] p : b.latinHypercube(m, new SplittableRandom(seed))) {
            assertThat(b.contains(p)).isTrue();
        }
    }
}
