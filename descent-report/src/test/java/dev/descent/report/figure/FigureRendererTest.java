package dev.descent.report.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.xml.parsers.DocumentBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.w3c.dom.Document;

class FigureRendererTest {

    @TempDir
    Path dir;

    /** A quadratic bowl with its minimum off-centre, and nothing drawn over it. */
    private static Figure bowl() {
        ContourField c = Contours.sample((x, y) -> (x - 0.5) * (x - 0.5) + 3 * (y + 0.25) * (y + 0.25), -2, 2, -2, 2,
                80, 80, 10);
        return Figure.contour("bowl", "bowl", c, List.of(), List.of());
    }

    @Test
    void theImageHasTheFiguresExactSize() throws IOException {
        for (Figure f : List.of(bowl(), bowl().withSize(333, 217), SampleFigures.lossCurves(),
                SampleFigures.lossCurves().withSize(1601, 901))) {
            BufferedImage img = FigureRenderer.render(f);
            assertThat(img.getWidth()).isEqualTo(f.width());
            assertThat(img.getHeight()).isEqualTo(f.height());
            Path png = dir.resolve(f.id() + "-" + f.width() + ".png");
            FigureRenderer.writePng(f, png);
            BufferedImage read = ImageIO.read(png.toFile());
            assertThat(read.getWidth()).isEqualTo(f.width());
            assertThat(read.getHeight()).isEqualTo(f.height());
        }
    }

    @Test
    void theMinimumOfAQuadraticIsPaintedInTheLowestBandAndAFarCornerInTheHighest() {
        Figure f = bowl();
        XYChart chart = FigureRenderer.chart(f);
        BufferedImage img = BitmapEncoder.getBufferedImage(chart); // paints, so the layout is known
        int bands = f.contours().levels().length + 1;
        Color lowest = Palette.band(0, bands);
        Color highest = Palette.band(bands - 1, bands);
        assertThat(rgbAt(img, chart, 0.5, -0.25)).isEqualTo(lowest.getRGB());
        assertThat(rgbAt(img, chart, -1.95, 1.95)).isEqualTo(highest.getRGB());
        // and the bands are ordered along a ray from the minimum: never darker going out
        int previous = -1;
        for (double t = 0; t <= 1.0; t += 0.02) {
            int rgb = rgbAt(img, chart, 0.5 - 2.4 * t, -0.25 + 2.2 * t);
            int band = bandOf(rgb, bands);
            if (band >= 0) { // pixels on an iso-line or an edge are blends, not band colours
                assertThat(band).isGreaterThanOrEqualTo(previous);
                previous = band;
            }
        }
        assertThat(previous).isEqualTo(bands - 1);
    }

    @Test
    void pathsLeavingTheGridAreClippedAndDoNotWidenTheAxes() {
        Figure plain = bowl();
        Series inside = Series.of("path", new double[] {0, 1, -1}, new double[] {0, 1, -1}, Series.Style.LINE);
        Series leaving = Series.of("path", new double[] {0, 40, -30}, new double[] {0, 50, -60}, Series.Style.LINE);
        XYChart a = FigureRenderer.chart(withSeries(plain, inside));
        XYChart b = FigureRenderer.chart(withSeries(plain, leaving));
        BufferedImage ia = BitmapEncoder.getBufferedImage(a);
        BufferedImage ib = BitmapEncoder.getBufferedImage(b);
        for (double v : new double[] {-2, 0.5, 2}) {
            assertThat(b.getScreenXFromChart(v)).isEqualTo(a.getScreenXFromChart(v));
            assertThat(b.getScreenYFromChart(v)).isEqualTo(a.getScreenYFromChart(v));
        }
        assertThat(b.getScreenXFromChart(2) - b.getScreenXFromChart(-2)).isGreaterThan(300);
        int bands = plain.contours().levels().length + 1;
        assertThat(rgbAt(ib, b, -1.95, 1.95)).isEqualTo(Palette.band(bands - 1, bands).getRGB());
        assertThat(rgbAt(ia, a, -1.95, 1.95)).isEqualTo(Palette.band(bands - 1, bands).getRGB());
        // outside the plot (left of the y axis) the page stays white: the path is clipped
        int leftOfPlot = (int) b.getScreenXFromChart(-2) - 30;
        for (int py = 0; py < ib.getHeight(); py += 7) {
            int rgb = ib.getRGB(Math.max(0, leftOfPlot - 20), py) & 0xFFFFFF;
            assertThat(rgb).isNotEqualTo(Palette.series(0).getRGB() & 0xFFFFFF);
        }
    }

    private static Figure withSeries(Figure f, Series s) {
        return new Figure(f.id(), f.title(), f.xLabel(), f.yLabel(), f.xScale(), f.yScale(), List.of(s), f.contours(),
                f.markers(), f.width(), f.height());
    }

    @Test
    void aSeriesInAFixedColorIsPaintedInThatColor() {
        int green = 0x00A000;
        double[] y = new double[200];
        for (int i = 0; i < y.length; i++) {
            y[i] = Math.sin(i / 20.0);
        }
        Figure with = Figure.lines("fixed", "fixed color", "step", "value", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
                List.of(Series.overSteps("wave", y, Series.Style.LINE).withColor(green)));
        Figure without = Figure.lines("fixed", "fixed color", "step", "value", Figure.Scale.LINEAR,
                Figure.Scale.LINEAR, List.of(Series.overSteps("wave", y, Series.Style.LINE)));
        assertThat(count(FigureRenderer.render(with), green)).isGreaterThan(300);
        assertThat(count(FigureRenderer.render(without), green)).isZero();
        // and the default is the palette's first color
        assertThat(count(FigureRenderer.render(without), Palette.series(0).getRGB() & 0xFFFFFF)).isGreaterThan(300);
    }

    @Test
    void markersArePaintedWhereTheyAre() {
        Figure f = Figure.contour("m", "markers", bowl().contours(), List.of(),
                List.of(new Marker("x*", 0.5, -0.25), new Marker("start", -1.5, 1.5)));
        XYChart chart = FigureRenderer.chart(f);
        BufferedImage img = BitmapEncoder.getBufferedImage(chart);
        assertThat(rgbAt(img, chart, 0.5, -0.25)).isEqualTo(Color.BLACK.getRGB()); // the star's centre
        assertThat(rgbAt(img, chart, -1.5, 1.5)).isEqualTo(Color.WHITE.getRGB()); // the open circle's
    }

    @Test
    void theSvgIsXmlWithAnSvgRootOfTheFiguresSizeNamingTheLegendEntries() throws Exception {
        Figure f = SampleFigures.rosenbrockPaths();
        Path svg = dir.resolve("paths.svg");
        FigureRenderer.writeSvg(f, svg);
        DocumentBuilder parser = SvgFinish.parser().newDocumentBuilder();
        Document doc = parser.parse(svg.toFile());
        assertThat(doc.getDocumentElement().getLocalName()).isEqualTo("svg");
        assertThat(doc.getDocumentElement().getNamespaceURI()).isEqualTo("http://www.w3.org/2000/svg");
        assertThat(doc.getDocumentElement().getAttribute("viewBox")).isEqualTo("0 0 720 640");
        String text = doc.getDocumentElement().getTextContent();
        for (Series s : f.series()) {
            assertThat(text).contains(s.name());
        }
        assertThat(text).contains("x* = (1, 1)", "start", f.title());
        assertThat(doc.getElementsByTagName("path").getLength()).isGreaterThan(10);
    }

    @Test
    void theSameFigureGivesTheSameBytes() throws IOException {
        for (Figure f : List.of(SampleFigures.rosenbrockPaths(), SampleFigures.lossCurves())) {
            Path a = dir.resolve("a.png");
            Path b = dir.resolve("b.png");
            FigureRenderer.writePng(f, a);
            FigureRenderer.writePng(f, b);
            assertThat(Files.readAllBytes(a)).isEqualTo(Files.readAllBytes(b));
            assertThat(FigureRenderer.svg(f)).isEqualTo(FigureRenderer.svg(f));
        }
    }

    @Test
    void logAxesDropWhatTheyCannotShowAndNeverThrow() throws IOException {
        double[] x = {0, 1, 2, 3, 4, 5, 6};
        double[] y = {10, 0, -3, Double.NaN, Double.POSITIVE_INFINITY, 1e-3, 1e-4};
        List<Series> series = List.of(
                Series.of("mixed", x, y, Series.Style.LINE_POINTS),
                Series.of("nothing drawable", new double[] {1, 2}, new double[] {0, -1}, Series.Style.LINE),
                Series.of("empty", new double[0], new double[0], Series.Style.POINTS),
                Series.of("", new double[] {1, 2}, new double[] {1, 2}, Series.Style.DASHED));
        for (Figure.Scale xs : Figure.Scale.values()) {
            Figure f = new Figure("log", "log axes", "x", "y", xs, Figure.Scale.LOG, series, null,
                    List.of(new Marker("at zero", 0, 0)), 640, 400);
            assertThatCode(() -> FigureRenderer.render(f)).doesNotThrowAnyException();
            FigureRenderer.writePng(f, dir.resolve("log.png"));
            FigureRenderer.writeSvg(f, dir.resolve("log.svg"));
            String svg = Files.readString(dir.resolve("log.svg"));
            assertThat(svg).contains("legend: mixed").doesNotContain("nothing drawable").doesNotContain("legend: empty");
        }
        Figure nothing = Figure.lines("none", "nothing at all", "x", "y", Figure.Scale.LOG, Figure.Scale.LOG,
                List.of(Series.of("zeros", new double[] {0, 0}, new double[] {0, 0}, Series.Style.LINE)));
        assertThatCode(() -> FigureRenderer.render(nothing)).doesNotThrowAnyException();
        assertThatCode(() -> FigureRenderer.render(Figure.lines("empty", "", "", "", Figure.Scale.LINEAR,
                Figure.Scale.LINEAR, List.of()))).doesNotThrowAnyException();
    }

    @Test
    void aLogAxisOverManyDecadesIsLabelledInPowersOfTen() {
        assertThat(FigureRenderer.powerOfTen(-27.0)).isEqualTo("10⁻²⁷");
        assertThat(FigureRenderer.powerOfTen(0.0)).isEqualTo("1");
        assertThat(FigureRenderer.powerOfTen(1.0)).isEqualTo("10");
        assertThat(FigureRenderer.powerOfTen(12.0)).isEqualTo("10¹²");
        assertThat(FigureRenderer.powerOfTen(2.5)).isEmpty();
        XYChart chart = FigureRenderer.chart(SampleFigures.lossCurves()); // 10² down to 10⁻²⁸
        assertThat(chart.getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(chart.getStyler().getyAxisTickLabelsFormattingFunction()).isNotNull();
        double[] y = {1, 0.5, 0.1, 0.05};
        XYChart few = FigureRenderer.chart(Figure.lines("few", "few decades", "x", "y", Figure.Scale.LINEAR,
                Figure.Scale.LOG, List.of(Series.overSteps("a", y, Series.Style.LINE))));
        // XChart's own log axis labels only whole decades (none here): plain values on log₁₀ positions
        assertThat(few.getStyler().isYAxisLogarithmic()).isFalse();
        assertThat(few.getStyler().getyAxisTickLabelsFormattingFunction().apply(Math.log10(0.2))).isEqualTo("0.2");
        assertThat(FigureRenderer.plainOfLog(Math.log10(3.2))).isEqualTo("3.2");
    }

    @Test
    void theLegendTakesAnEmptyCornerOfALineChartAndStaysOutOfAContourField() {
        double[] y = new double[100];
        for (int i = 0; i < y.length; i++) {
            y[i] = 100.0 / (i + 1);
        }
        XYChart decreasing = FigureRenderer.chart(Figure.lines("d", "decreasing", "step", "loss", Figure.Scale.LINEAR,
                Figure.Scale.LINEAR, List.of(Series.overSteps("sgd", y, Series.Style.LINE))));
        assertThat(decreasing.getStyler().getLegendPosition()).isEqualTo(LegendPosition.InsideNE);
        double[] up = new double[100];
        for (int i = 0; i < up.length; i++) {
            up[i] = i * i;
        }
        XYChart increasing = FigureRenderer.chart(Figure.lines("u", "increasing", "step", "loss", Figure.Scale.LINEAR,
                Figure.Scale.LINEAR, List.of(Series.overSteps("sgd", up, Series.Style.LINE))));
        assertThat(increasing.getStyler().getLegendPosition()).isEqualTo(LegendPosition.InsideNW);
        Figure contour = Figure.contour("c", "c", bowl().contours(),
                List.of(Series.of("adam", new double[] {1, 0}, new double[] {1, 0}, Series.Style.LINE_POINTS)),
                List.of(new Marker("x*", 0.5, -0.25)));
        assertThat(FigureRenderer.chart(contour).getStyler().getLegendPosition()).isEqualTo(LegendPosition.OutsideE);
    }

    @Test
    void twelveLongPathsOnAContourStayASmallSvg() throws IOException {
        Figure f = RenderTiming.twelvePaths();
        byte[] svg = FigureRenderer.svg(f);
        assertThat(svg.length).isLessThan(2_000_000);
        assertThat(FigureRenderer.render(f).getWidth()).isEqualTo(720);
    }

    @Test
    void anAnimatedGifHasTheFramesOfTheFiguresSize() throws IOException {
        Figure f = SampleFigures.rosenbrockPaths().withSize(360, 320);
        Path gif = dir.resolve("paths.gif");
        FigureRenderer.writeAnimatedGif(f, gif, 6);
        try (ImageInputStream in = ImageIO.createImageInputStream(new ByteArrayInputStream(Files.readAllBytes(gif)))) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            assertThat(reader.getNumImages(true)).isEqualTo(6);
            BufferedImage first = reader.read(0);
            assertThat(first.getWidth()).isEqualTo(360);
            assertThat(first.getHeight()).isEqualTo(320);
        }
    }

    @Test
    void renderingNeedsNoDisplay() {
        FigureRenderer.render(bowl());
        assertThat(java.awt.GraphicsEnvironment.isHeadless()).isTrue();
    }

    private static int rgbAt(BufferedImage img, XYChart chart, double x, double y) {
        int px = (int) Math.round(chart.getScreenXFromChart(x));
        int py = (int) Math.round(chart.getScreenYFromChart(y));
        return img.getRGB(px, py);
    }

    /** The band whose color this is exactly, or -1. */
    private static int bandOf(int rgb, int bands) {
        for (int k = 0; k < bands; k++) {
            if (Palette.band(k, bands).getRGB() == rgb) {
                return k;
            }
        }
        return -1;
    }

    private static long count(BufferedImage img, int rgb) {
        int[] px = img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
        return Arrays.stream(px).filter(p -> (p & 0xFFFFFF) == rgb).count();
    }
}
