package dev.descent.report.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.awt.geom.Path2D;
import java.util.SplittableRandom;
import java.util.function.DoubleBinaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ContoursTest {

    /** The test functions of the level rule, each on its usual square. */
    static Stream<Arguments> functions() {
        return Stream.of(
                Arguments.of("rosenbrock", (DoubleBinaryOperator) SampleFigures::rosenbrock, -2.0, 2.0, -1.0, 3.0),
                Arguments.of("beale", (DoubleBinaryOperator) ContoursTest::beale, -4.5, 4.5, -4.5, 4.5),
                Arguments.of("ill-conditioned quadratic", (DoubleBinaryOperator) (x, y) -> x * x + 100 * y * y,
                        -2.0, 2.0, -2.0, 2.0),
                Arguments.of("saddle", (DoubleBinaryOperator) (x, y) -> x * x - y * y, -1.0, 1.0, -1.0, 1.0),
                Arguments.of("himmelblau", (DoubleBinaryOperator) ContoursTest::himmelblau, -5.0, 5.0, -5.0, 5.0),
                Arguments.of("rastrigin", (DoubleBinaryOperator) ContoursTest::rastrigin, -5.12, 5.12, -5.12, 5.12));
    }

    static double beale(double x, double y) {
        double a = 1.5 - x + x * y;
        double b = 2.25 - x + x * y * y;
        double c = 2.625 - x + x * y * y * y;
        return a * a + b * b + c * c;
    }

    static double himmelblau(double x, double y) {
        double a = x * x + y - 11;
        double b = x + y * y - 7;
        return a * a + b * b;
    }

    static double rastrigin(double x, double y) {
        return 20 + x * x - 10 * Math.cos(2 * Math.PI * x) + y * y - 10 * Math.cos(2 * Math.PI * y);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void levelsIncreaseStrictlyAndLieAboveTheMinimum(String name, DoubleBinaryOperator f, double x0, double x1,
            double y0, double y1) {
        ContourField c = Contours.sample(f, x0, x1, y0, y1, 120, 120, 12);
        double[] levels = c.levels();
        assertThat(levels).hasSizeBetween(8, 12);
        for (int k = 1; k < levels.length; k++) {
            assertThat(levels[k]).as("levels[%d] of %s", k, name).isGreaterThan(levels[k - 1]);
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (double[] row : c.z()) {
            for (double v : row) {
                min = Math.min(min, v);
                max = Math.max(max, v);
            }
        }
        assertThat(levels[0]).isGreaterThan(min);
        assertThat(levels[levels.length - 1]).isLessThan(max);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void everyBandHoldsSomeGridNodes(String name, DoubleBinaryOperator f, double x0, double x1, double y0, double y1) {
        ContourField c = Contours.sample(f, x0, x1, y0, y1, 120, 120, 12);
        int[] count = new int[c.levels().length + 1];
        for (double[] row : c.z()) {
            for (double v : row) {
                count[Contours.band(c.levels(), v)]++;
            }
        }
        for (int k = 0; k < count.length; k++) {
            assertThat(count[k]).as("nodes in band %d of %s", k, name).isPositive();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("functions")
    void theFilledRegionIsTheSuperlevelSet(String name, DoubleBinaryOperator f, double x0, double x1, double y0,
            double y1) {
        ContourField c = Contours.sample(f, x0, x1, y0, y1, 120, 120, 12);
        SplittableRandom rnd = new SplittableRandom(7);
        for (double level : c.levels()) {
            Path2D path = nonZeroPath(Contours.filledRegion(c, level));
            int agree = 0;
            int n = 4000;
            for (int s = 0; s < n; s++) {
                double x = x0 + (x1 - x0) * rnd.nextDouble();
                double y = y0 + (y1 - y0) * rnd.nextDouble();
                boolean inside = f.applyAsDouble(x, y) >= level;
                if (path.contains(x, y) == inside) {
                    agree++;
                }
            }
            // disagreement only within a grid cell of the iso-line
            assertThat(agree).as("%s at level %s", name, level).isGreaterThan((int) (0.985 * n));
        }
    }

    @Test
    void theRegionOutsideACircleHasTheSquareMinusTheDiscAsArea() {
        ContourField c = Contours.sample((x, y) -> x * x + y * y, -2, 2, -2, 2, 201, 201, 5);
        for (double r : new double[] {0.5, 1.0, 1.5}) {
            double[][] region = Contours.filledRegion(c, r * r);
            assertThat(signedArea(region)).isCloseTo(16 - Math.PI * r * r, within(0.01));
        }
    }

    @Test
    void theMinimumOfAQuadraticIsInTheLowestBandAndTheCornersInTheHighest() {
        ContourField c = Contours.sample((x, y) -> (x - 0.3) * (x - 0.3) + 4 * (y + 0.2) * (y + 0.2), -2, 2, -2, 2,
                81, 81, 10);
        int bi = 0;
        int bj = 0;
        for (int j = 0; j < c.ys().length; j++) {
            for (int i = 0; i < c.xs().length; i++) {
                if (c.z()[j][i] < c.z()[bj][bi]) {
                    bi = i;
                    bj = j;
                }
            }
        }
        assertThat(c.xs()[bi]).isCloseTo(0.3, within(0.05));
        assertThat(c.ys()[bj]).isCloseTo(-0.2, within(0.05));
        assertThat(Contours.band(c.levels(), c.z()[bj][bi])).isZero();
        assertThat(Contours.band(c.levels(), c.z()[0][0])).isEqualTo(c.levels().length);
        assertThat(Contours.band(c.levels(), c.z()[80][80])).isEqualTo(c.levels().length);
    }

    @Test
    void aSaddleGetsLevelsOnBothSidesOfZeroNearlySymmetric() {
        ContourField c = Contours.sample((x, y) -> x * x - y * y, -1, 1, -1, 1, 101, 101, 11);
        double[] levels = c.levels();
        assertThat(levels[0]).isNegative();
        assertThat(levels[levels.length - 1]).isPositive();
        for (int k = 0; k < levels.length; k++) {
            assertThat(levels[k]).isCloseTo(-levels[levels.length - 1 - k], within(0.02));
        }
        // the saddle point is in the middle band
        assertThat(Contours.band(levels, 0.0)).isEqualTo(levels.length / 2 + (levels.length % 2 == 1 ? 1 : 0));
    }

    @Test
    void heavyTailedFunctionsGetLogSpacedLevels() {
        ContourField c = Contours.sample(SampleFigures::rosenbrock, -2, 2, -1, 3, 120, 120, 12);
        double min = Double.POSITIVE_INFINITY;
        for (double[] row : c.z()) {
            for (double v : row) {
                min = Math.min(min, v);
            }
        }
        double[] l = c.levels();
        double ratio = (l[1] - min) / (l[0] - min);
        assertThat(ratio).isGreaterThan(1.5);
        for (int k = 2; k < l.length; k++) {
            assertThat((l[k] - min) / (l[k - 1] - min)).isCloseTo(ratio, within(1e-6 * ratio));
        }
    }

    @Test
    void nanAndInfinityAreTheTopBandAndDoNotBreakTheGeometry() {
        DoubleBinaryOperator f = (x, y) -> x > 0.5 ? Double.NaN : y > 0.5 ? Double.POSITIVE_INFINITY : x * x + y * y;
        ContourField c = Contours.sample(f, -1, 1, -1, 1, 41, 41, 6);
        assertThat(c.levels()).isNotEmpty();
        for (double v : c.levels()) {
            assertThat(v).isFinite();
        }
        assertThat(Contours.band(c.levels(), Double.NaN)).isEqualTo(c.levels().length);
        assertThat(Contours.band(c.levels(), Double.POSITIVE_INFINITY)).isEqualTo(c.levels().length);
        double top = c.levels()[c.levels().length - 1];
        Path2D region = nonZeroPath(Contours.filledRegion(c, top));
        assertThat(region.contains(0.8, -0.8)).as("the NaN part is above every level").isTrue();
        assertThat(region.contains(-0.8, 0.8)).as("the +∞ part is above every level").isTrue();
        assertThat(region.contains(0, 0)).isFalse();
        double[][] iso = Contours.isoLines(c, c.levels()[0]);
        for (int i = 0; i < iso[0].length; i++) {
            assertThat(Double.isNaN(iso[0][i]) || Double.isFinite(iso[0][i])).isTrue();
        }
    }

    @Test
    void isoLinesLieOnTheirLevelAndStayInsideTheGrid() {
        ContourField c = Contours.sample((x, y) -> x * x + y * y, -1.2, 1.2, -1.2, 1.2, 121, 121, 4);
        double[][] iso = Contours.isoLines(c, 1.0); // the unit circle, inside the grid
        int points = 0;
        for (int i = 0; i < iso[0].length; i++) {
            if (!Double.isNaN(iso[0][i])) {
                points++;
                double r = Math.hypot(iso[0][i], iso[1][i]);
                assertThat(r).isCloseTo(1.0, within(2e-3));
            }
        }
        assertThat(points).isGreaterThan(200);
        // a circle cut by the grid border: only the part inside, never the border itself
        double[][] cut = Contours.isoLines(c, 1.44 * 1.2);
        for (int i = 0; i < cut[0].length; i++) {
            if (!Double.isNaN(cut[0][i])) {
                assertThat(Math.hypot(cut[0][i], cut[1][i])).isCloseTo(Math.sqrt(1.44 * 1.2), within(5e-3));
            }
        }
    }

    @Test
    void aConstantFieldHasNoLevelsAndOneBand() {
        ContourField c = Contours.sample((x, y) -> 3.0, 0, 1, 0, 1, 5, 5, 8);
        assertThat(c.levels()).isEmpty();
        assertThat(Contours.band(c.levels(), 3.0)).isZero();
    }

    @Test
    void aValueOnALevelBelongsToTheBandAboveIt() {
        double[] levels = {1, 2, 3};
        assertThat(Contours.band(levels, 0.5)).isZero();
        assertThat(Contours.band(levels, 1)).isEqualTo(1);
        assertThat(Contours.band(levels, 2.5)).isEqualTo(2);
        assertThat(Contours.band(levels, 3)).isEqualTo(3);
    }

    @Test
    void badArgumentsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> Contours.sample((x, y) -> 0, 0, 1, 0, 1, 1, 5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1×5");
        assertThatThrownBy(() -> Contours.sample((x, y) -> 0, 1, 1, 0, 1, 5, 5, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[1.0, 1.0]");
        assertThatThrownBy(() -> Contours.sample((x, y) -> 0, 0, 1, 0, 1, 5, 5, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("levelCount = 0");
    }

    static Path2D nonZeroPath(double[][] xy) {
        Path2D.Double p = new Path2D.Double(Path2D.WIND_NON_ZERO);
        p.moveTo(xy[0][0], xy[1][0]);
        for (int i = 1; i < xy[0].length; i++) {
            p.lineTo(xy[0][i], xy[1][i]);
        }
        p.closePath();
        return p;
    }

    static double signedArea(double[][] xy) {
        double s = 0;
        int n = xy[0].length;
        for (int k = 0; k < n; k++) {
            int m = (k + 1) % n;
            s += xy[0][k] * xy[1][m] - xy[0][m] * xy[1][k];
        }
        return s / 2;
    }
}
