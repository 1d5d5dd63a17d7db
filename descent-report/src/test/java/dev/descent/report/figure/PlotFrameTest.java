package dev.descent.report.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlotFrameTest {

    private static final Figure LINEAR = Figure.lines("f", "f", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
            List.of()).withSize(1000, 1000);
    private static final Figure LOG_Y = Figure.lines("f", "f", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LOG,
            List.of()).withSize(1000, 1000);

    @Test
    void pointsALogAxisCannotShowBecomeBreaksAndAllOfThemMakeNothing() {
        PlotFrame frame = PlotFrame.fixed(LOG_Y, 0, 10, 1e-3, 1e3);
        double[][] xy = frame.drawable(new double[] {0, 1, 2, 3, Double.NaN}, new double[] {1, 0, -1, 10, 5});
        assertThat(xy[1]).containsExactly(1, Double.NaN, Double.NaN, 10, Double.NaN);
        assertThat(xy[0]).containsExactly(0, Double.NaN, Double.NaN, 3, Double.NaN);
        assertThat(frame.drawable(new double[] {1, 2}, new double[] {0, -1})).isNull();
        assertThat(frame.drawable(new double[0], new double[0])).isNull();
    }

    @Test
    void thinningKeepsTheEndsOfEveryRunAndPointsTheToleranceApart() {
        PlotFrame frame = PlotFrame.fixed(LINEAR, 0, 1000, 0, 1000); // one unit per pixel
        double[] x = new double[1001];
        double[] y = new double[1001];
        for (int i = 0; i < x.length; i++) {
            x[i] = i * 0.1; // 0 .. 100 px in steps of 0.1 px
            y[i] = i == 500 ? Double.NaN : 0;
        }
        double[][] t = frame.thin(new double[][] {x, y}, 1.0);
        assertThat(t[0][0]).isEqualTo(0);
        assertThat(t[0][t[0].length - 1]).isEqualTo(100);
        int breaks = 0;
        for (int i = 1; i < t[0].length; i++) {
            if (Double.isNaN(t[1][i])) {
                breaks++;
                assertThat(t[0][i - 1]).isEqualTo(x[499]); // the run before the break ends where it ended
                assertThat(t[0][i + 1]).isEqualTo(x[501]);
            }
        }
        assertThat(breaks).isEqualTo(1);
        assertThat(t[0].length).isBetween(95, 110);
    }

    @Test
    void subdivisionMakesPiecesNoLongerThanAskedAlongTheStraightSegmentAlsoOnALogAxis() {
        PlotFrame frame = PlotFrame.fixed(LOG_Y, 0, 1000, 1, 1e10); // 100 px per decade
        double[][] xy = {{0, 300}, {1, 1e4}}; // 300 px right, 400 px up: 500 px long
        double[][] fine = frame.subdivide(xy, 3);
        assertThat(fine[0].length).isEqualTo(1 + 167);
        for (int i = 1; i < fine[0].length; i++) {
            double dx = frame.px(fine[0][i]) - frame.px(fine[0][i - 1]);
            double dy = frame.py(fine[1][i]) - frame.py(fine[1][i - 1]);
            assertThat(Math.hypot(dx, dy)).isLessThanOrEqualTo(3.0 + 1e-9);
            assertThat(Math.log10(fine[1][i])).isCloseTo(4 * fine[0][i] / 300, within(1e-9)); // straight on screen
        }
        assertThat(fine[0][fine[0].length - 1]).isEqualTo(300);
        assertThat(fine[1][fine[1].length - 1]).isEqualTo(1e4);
    }

    @Test
    void aSegmentFarOutsideThePlotIsSplitOnlyWhereItCanBeSeen() {
        PlotFrame frame = PlotFrame.fixed(LINEAR, 0, 1000, 0, 1000);
        double[][] far = frame.subdivide(new double[][] {{500, 1e9}, {500, 500}}, 3);
        assertThat(far[0].length).isLessThan(700); // 1.5 plot widths of 3 px pieces, not 3·10⁸
        double[][] away = frame.subdivide(new double[][] {{5e6, 6e6}, {5e6, 6e6}}, 3);
        assertThat(away[0]).containsExactly(5e6, 6e6);
    }

    @Test
    void svgCoordinatesAreRoundedToHundredthsOfAPixel() {
        assertThat(SvgFinish.round("M406.23374118676315,-0.004 L12.5,3.10 C-7.996,1.0E-5 2,3"))
                .isEqualTo("M406.23,0 L12.5,3.1 C-8,0 2,3");
    }
}
