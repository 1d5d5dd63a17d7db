package dev.descent.report.figure;

import com.madgag.gif.fmsware.AnimatedGifEncoder;
import dev.descent.io.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.XYSeries.XYSeriesRenderStyle;
import org.knowm.xchart.style.Styler.LegendPosition;
import org.knowm.xchart.style.XYStyler;
import org.knowm.xchart.style.lines.SeriesLines;
import org.knowm.xchart.style.markers.SeriesMarkers;

/**
 * Draws a {@link Figure} with XChart: PNG through {@link BitmapEncoder}, SVG through
 * {@link VectorGraphicsEncoder} (VectorGraphics2D). A pure function of the figure: the same figure
 * gives the same PNG bytes and the same SVG text, and nothing needs a display (the JVM is put in
 * headless mode unless told otherwise).
 *
 * <p><b>Layers</b>, bottom to top: the filled contour bands (each region {@code {z ≥ level}} is a
 * hidden {@code PolygonArea} series, see {@link Contours}) in a lightened viridis, light = high;
 * thin translucent iso-lines; the series in order; the markers (x*, the start, …) as large outlined
 * symbols, first marker a star, then an open circle, a square, a diamond, a triangle.
 *
 * <p><b>Series</b> take the palette color of their position ({@link Palette}: Tableau 10 and two
 * more) unless {@link Series#color()} fixes one. {@code LINE} is a 2 px solid line, {@code DASHED}
 * a 2 px dashed one, {@code POINTS} outlined dots, {@code LINE_POINTS} a 1.4 px line with a dot
 * every 2.5 px of path (a dot per iterate would merge into a smear anyway). Points an axis cannot
 * show (not finite, or ≤ 0 on a log axis) are dropped and break the line; a series with nothing
 * left is left out of the chart and its legend; the renderer never throws on data.
 *
 * <p><b>Size and speed.</b> XChart strokes every segment of a line series as its own shape (one SVG
 * element each, and a dash pattern restarting at every segment), except in its "smooth" mode,
 * which strokes one path per unbroken run. Lines are therefore (1) thinned to points half a pixel
 * apart ({@link PlotFrame#thin}: invisible, and a path of 5000 converged iterates becomes a few
 * hundred points), (2) split into straight pieces of at most 3 px ({@link PlotFrame#subdivide}),
 * so XChart's smoothing curves stay within a quarter pixel of the polyline, and (3) drawn smooth.
 * Iso-lines, a grid cell between points, are drawn smooth as they are. With the SVG's coordinates
 * rounded to 1/100 px ({@link SvgFinish}), a contour figure with twelve paths of 5000 points is
 * about 1 MB of SVG, and renders in about 0.1 s to PNG and 0.15 s to SVG after warm-up.
 *
 * <p><b>Axes</b>: a contour figure's range is its grid's, edge to edge (paths leaving it are
 * clipped, not allowed to widen it); a line figure's is XChart's automatic one. <b>Legend</b>: the
 * series names and marker labels, never the bands; placed by {@link LegendSpot} (an empty corner,
 * below, or to the right). A line figure's log axis over more than four decades is drawn as
 * decades labelled 10ⁿ (see {@code Decades}). <b>Text</b>: sans-serif, title 16 px, axis titles 13 px, ticks and legend 12 px
 * at widths up to 800 px, scaled up with wider figures; white background, antialiased.
 */
public final class FigureRenderer {

    /** Lines are thinned to points this far apart. */
    private static final double FINE_PX = 0.5;
    /** The dots of LINE_POINTS are thinned to this spacing. */
    private static final double MARKED_PX = 2.5;
    /** Lines are split into straight pieces at most this long before XChart smooths them. */
    private static final double PIECE_PX = 3;
    /** Iso-lines are thinned to points this far apart. */
    private static final double ISO_PX = 2;
    /** Above this many decades a line figure's log axis is drawn as {@link Decades}. */
    private static final double NATIVE_DECADES = 4;
    private static final String SUPERSCRIPTS = "\u2070\u00B9\u00B2\u00B3\u2074\u2075\u2076\u2077\u2078\u2079";
    private static final float[] DASH = {7f, 4f};
    private static final BasicStroke SOLID = new BasicStroke(2f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke DASHED = new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f,
            DASH, 0f);
    private static final BasicStroke THIN = new BasicStroke(1.4f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final BasicStroke ISO = new BasicStroke(0.6f, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    private static final Color ISO_COLOR = new Color(0, 0, 0, 56);
    private static final Color INK = new Color(0x222222);
    private static final Glyph[] MARKERS = {
        new Glyph(Glyph.Kind.STAR, 17, Color.BLACK, Color.WHITE, 1.2f),
        new Glyph(Glyph.Kind.CIRCLE, 11, Color.WHITE, Color.BLACK, 2f),
        new Glyph(Glyph.Kind.SQUARE, 11, Color.BLACK, Color.WHITE, 1.2f),
        new Glyph(Glyph.Kind.DIAMOND, 12, Color.BLACK, Color.WHITE, 1.2f),
        new Glyph(Glyph.Kind.TRIANGLE, 12, Color.BLACK, Color.WHITE, 1.2f),
    };
    private static final Glyph DOT = new Glyph(Glyph.Kind.CIRCLE, 4.5, null, null, 0f);
    private static final Glyph POINT = new Glyph(Glyph.Kind.CIRCLE, 7, null, Color.WHITE, 0.8f);

    private FigureRenderer() {
    }

    /** The figure as an image of exactly {@code f.width() × f.height()} pixels (RGB). */
    public static BufferedImage render(Figure f) {
        headless();
        return BitmapEncoder.getBufferedImage(chart(f));
    }

    /** Writes the figure as PNG, atomically ({@link AtomicFiles}): a failed write leaves the old file. */
    public static void writePng(Figure f, Path file) throws IOException {
        headless();
        byte[] png = BitmapEncoder.getBitmapBytes(chart(f), BitmapEncoder.BitmapFormat.PNG);
        AtomicFiles.write(file, out -> out.write(png));
    }

    /**
     * Writes the figure as SVG 1.1, atomically. The text is drawn as outlines (XChart's way), so the
     * title, axes and legend names are also given as the SVG's {@code <title>} and {@code <desc>}.
     */
    public static void writeSvg(Figure f, Path file) throws IOException {
        byte[] svg = svg(f);
        AtomicFiles.write(file, out -> out.write(svg));
    }

    /**
     * Writes an animated GIF of the paths growing: frame k of {@code frames} shows the first
     * k/frames of every series (the contours and markers throughout), about 3 s in all, the last
     * frame held for 2 s; it loops. Cost: about 80 ms a frame at 720 × 640 on two cores (frames
     * are rendered in parallel, then quantized and encoded in order), so 30 frames take ~2.5 s.
     *
     * @throws IllegalArgumentException if frames is below 1
     */
    public static void writeAnimatedGif(Figure f, Path file, int frames) throws IOException {
        if (frames < 1) {
            throw new IllegalArgumentException("frames = " + frames + " must be at least 1");
        }
        headless();
        ContourLayer layer = f.contours() == null ? null : ContourLayer.of(f.contours());
        int delayMs = Math.max(20, 3000 / frames);
        int batch = Math.max(1, Runtime.getRuntime().availableProcessors());
        AtomicFiles.write(file, out -> {
            AnimatedGifEncoder gif = new AnimatedGifEncoder();
            gif.setRepeat(0);
            gif.setQuality(20); // NeuQuant's sampling step: twice as fast as the default 10, as good on flat colors
            if (!gif.start(out)) {
                throw new IOException("the GIF encoder did not start");
            }
            // Frames are independent charts: render a batch in parallel, then encode it in order.
            for (int from = 1; from <= frames; from += batch) {
                List<BufferedImage> images = IntStream.range(from, Math.min(frames, from + batch - 1) + 1).parallel()
                        .mapToObj(k -> BitmapEncoder.getBufferedImage(chart(f, layer, (double) k / frames)))
                        .toList();
                for (int k = 0; k < images.size(); k++) {
                    boolean last = from + k == frames;
                    gif.setDelay(last ? 2000 : delayMs);
                    if (!gif.addFrame(images.get(k))) {
                        throw new IOException("the GIF encoder refused frame " + (from + k));
                    }
                }
            }
            if (!gif.finish()) {
                throw new IOException("the GIF encoder could not finish");
            }
        });
    }

    /** The SVG text of the figure (with its title and description). */
    static byte[] svg(Figure f) throws IOException {
        headless();
        XYChart chart = chart(f);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(1 << 16);
        VectorGraphicsEncoder.saveVectorGraphic(chart, bytes, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        List<String> legend = new ArrayList<>();
        for (XYSeries s : chart.getSeriesMap().values()) {
            if (s.isShowInLegend()) {
                legend.add(s.getLabel());
            }
        }
        return SvgFinish.annotate(bytes.toByteArray(), f.title(), SvgFinish.describe(f, legend));
    }

    /** The configured XChart chart, not yet painted (its layout happens when it is). */
    static XYChart chart(Figure f) {
        headless();
        return chart(f, f.contours() == null ? null : ContourLayer.of(f.contours()), 1.0);
    }

    /** The chart with the first {@code fraction} of every series (for animation frames). */
    private static XYChart chart(Figure f, ContourLayer layer, double fraction) {
        double scale = Math.max(1.0, f.width() / 800.0);
        XYChart chart = new XYChart(f.width(), f.height());
        chart.setTitle(f.title());
        chart.setXAxisTitle(f.xLabel());
        chart.setYAxisTitle(f.yLabel());
        XYStyler st = chart.getStyler();
        style(st, f, scale);
        PlotFrame frame = f.contours() == null ? autoFrame(f) : contourFrame(f, st, layer);
        Decades decades = Decades.of(f, frame, st);
        if (fraction < 1 && f.contours() == null) { // animation frames keep the whole figure's axes
            st.setXAxisMin(decades.axisX(frame.x0())).setXAxisMax(decades.axisX(frame.x1()));
            st.setYAxisMin(decades.axisY(frame.y0())).setYAxisMax(decades.axisY(frame.y1()));
        }
        if (f.contours() != null) {
            addContours(chart, layer, frame);
        }

        List<LegendSpot.Drawn> drawn = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        for (int i = 0; i < f.series().size(); i++) {
            Series s = f.series().get(i);
            double[][] xy = frame.drawable(prefix(s.x(), fraction), prefix(s.y(), fraction));
            if (xy == null) {
                continue; // nothing this figure's axes can show
            }
            double[][] drawable = xy;
            xy = frame.thin(drawable, FINE_PX);
            Color color = s.color() >= 0 ? new Color(s.color() & 0xFFFFFF) : Palette.series(i);
            String name = label(s.name());
            if (s.style() == Series.Style.POINTS) {
                XYSeries points = chart.addSeries("series " + i, decades.x(xy[0]), decades.y(xy[1]));
                points.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(POINT);
                points.setLabel(name);
                colors(points, color);
            } else {
                double[][] fine = frame.subdivide(xy, PIECE_PX);
                XYSeries line = chart.addSeries("series " + i, decades.x(fine[0]), decades.y(fine[1]));
                lines(line, s.style() == Series.Style.DASHED ? DASHED : s.style() == Series.Style.LINE ? SOLID : THIN,
                        SeriesMarkers.NONE);
                line.setSmooth(true); // one path per run; see PlotFrame.subdivide
                line.setLabel(name);
                colors(line, color);
                if (s.style() == Series.Style.LINE_POINTS) {
                    double[][] marks = frame.thin(drawable, MARKED_PX);
                    XYSeries dots = chart.addSeries("series " + i + " points", decades.x(marks[0]), decades.y(marks[1]));
                    dots.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(DOT);
                    dots.setShowInLegend(false);
                    colors(dots, color);
                }
            }
            drawn.add(new LegendSpot.Drawn(xy[0], xy[1], s.style() == Series.Style.POINTS));
            labels.add(name);
        }
        for (int m = 0; m < f.markers().size(); m++) {
            Marker mk = f.markers().get(m);
            double[][] xy = frame.drawable(new double[] {mk.x()}, new double[] {mk.y()});
            if (xy == null) {
                continue;
            }
            XYSeries xs = chart.addSeries("marker " + m, decades.x(xy[0]), decades.y(xy[1]));
            xs.setLabel(label(mk.label()));
            xs.setXYSeriesRenderStyle(XYSeriesRenderStyle.Scatter).setMarker(MARKERS[m % MARKERS.length]);
            colors(xs, Color.BLACK);
            drawn.add(new LegendSpot.Drawn(xy[0], xy[1], true));
            labels.add(xs.getLabel());
        }
        if (labels.isEmpty()) {
            st.setLegendVisible(false);
        } else {
            LegendSpot.Placement place = LegendSpot.choose(f, frame, drawn, labels, st.getLegendFont(), scale,
                    st.getLegendSeriesLineLength(), st.getLegendPadding(), st.getPlotContentSize(),
                    f.contours() != null);
            st.setLegendPosition(place.position());
            st.setLegendLayout(place.layout());
        }
        return chart;
    }

    /** A contour figure's axes span its grid, edge to edge. */
    private static PlotFrame contourFrame(Figure f, XYStyler st, ContourLayer layer) {
        double[] xs = f.contours().xs();
        double[] ys = f.contours().ys();
        st.setXAxisMin(xs[0]).setXAxisMax(xs[xs.length - 1]);
        st.setYAxisMin(ys[0]).setYAxisMax(ys[ys.length - 1]);
        st.setPlotContentSize(1.0);
        st.setPlotGridLinesVisible(false);
        return PlotFrame.fixed(f, xs[0], xs[xs.length - 1], ys[0], ys[ys.length - 1]);
    }

    /** A line figure's frame: the range of everything drawable, as XChart's automatic range. */
    private static PlotFrame autoFrame(Figure f) {
        boolean logX = f.xScale() == Figure.Scale.LOG;
        boolean logY = f.yScale() == Figure.Scale.LOG;
        List<double[][]> all = new ArrayList<>();
        for (Series s : f.series()) {
            double[][] xy = PlotFrame.drawable(s.x(), s.y(), logX, logY);
            if (xy != null) {
                all.add(xy);
            }
        }
        for (Marker m : f.markers()) {
            double[][] xy = PlotFrame.drawable(new double[] {m.x()}, new double[] {m.y()}, logX, logY);
            if (xy != null) {
                all.add(xy);
            }
        }
        return PlotFrame.auto(f, all);
    }

    /**
     * How a log axis is drawn. XChart's own log axis labels every decade and draws a grid line at
     * every 2, 3, …, 9 of each, which turns into a solid gray band and overlapping labels once a
     * line figure spans more than {@value #NATIVE_DECADES} decades (a loss falling from 10² to
     * 10⁻²⁷). Such an axis is drawn instead as a linear axis of log₁₀ values, where XChart spaces
     * the ticks so their labels fit, labelled 10ⁿ. Contour figures keep XChart's log axis.
     */
    private record Decades(boolean x, boolean y, boolean logX, boolean logY) {

        static Decades of(Figure f, PlotFrame frame, XYStyler st) {
            boolean line = f.contours() == null;
            // XChart's log axis labels only whole decades: a narrow range (a loss from 2 to 0.3) got
            // no labels at all, so every log axis of a line figure is log₁₀ values on a linear axis,
            // labelled 10ⁿ over wide ranges and with the plain values over narrow ones
            boolean dx = line && frame.logX();
            boolean dy = line && frame.logY();
            if (dx) {
                st.setXAxisLogarithmic(false);
                st.setxAxisTickLabelsFormattingFunction(frame.x1() - frame.x0() > NATIVE_DECADES
                        ? FigureRenderer::wideLog : FigureRenderer::plainOfLog);
            }
            if (dy) {
                st.setYAxisLogarithmic(false);
                st.setyAxisTickLabelsFormattingFunction(frame.y1() - frame.y0() > NATIVE_DECADES
                        ? FigureRenderer::wideLog : FigureRenderer::plainOfLog);
            }
            return new Decades(dx, dy, frame.logX(), frame.logY());
        }

        double[] x(double[] v) {
            return x ? log10(v) : v;
        }

        double[] y(double[] v) {
            return y ? log10(v) : v;
        }

        /** An axis-unit value (log₁₀ on a log axis) as XChart's axis takes it. */
        double axisX(double axisUnits) {
            return x || !logX ? axisUnits : Math.pow(10, axisUnits);
        }

        double axisY(double axisUnits) {
            return y || !logY ? axisUnits : Math.pow(10, axisUnits);
        }

        private static double[] log10(double[] v) {
            double[] out = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                out[i] = Math.log10(v[i]);
            }
            return out;
        }
    }

    private static void addContours(XYChart chart, ContourLayer layer, PlotFrame frame) {
        List<ContourLayer.Fill> fills = layer.fills();
        for (int k = 0; k < fills.size(); k++) {
            ContourLayer.Fill fill = fills.get(k);
            XYSeries band = chart.addSeries("band " + k, fill.x(), fill.y());
            band.setXYSeriesRenderStyle(XYSeriesRenderStyle.PolygonArea);
            colors(band, fill.color());
            band.setLineStyle(SeriesLines.NONE);
            band.setMarker(SeriesMarkers.NONE);
            band.setShowInLegend(false);
        }
        double[][] iso = frame.thin(layer.isoLines(), ISO_PX);
        if (iso[0].length > 1) {
            XYSeries lines = chart.addSeries("iso-lines", iso[0], iso[1]);
            lines(lines, ISO, SeriesMarkers.NONE);
            // One curve per line instead of an element per segment: XChart's smoothing bends a
            // segment by at most a tenth of its length, and iso-line points are a grid cell apart.
            lines.setSmooth(true);
            colors(lines, ISO_COLOR);
            lines.setShowInLegend(false);
        }
    }

    private static void colors(XYSeries s, Color color) {
        s.setLineColor(color);
        s.setMarkerColor(color);
        s.setFillColor(color);
    }

    private static void lines(XYSeries s, BasicStroke stroke, org.knowm.xchart.style.markers.Marker marker) {
        s.setXYSeriesRenderStyle(XYSeriesRenderStyle.Line);
        s.setLineStyle(stroke);
        s.setMarker(marker);
    }

    private static void style(XYStyler st, Figure f, double scale) {
        st.setAntiAlias(true);
        st.setChartBackgroundColor(Color.WHITE);
        st.setPlotBackgroundColor(Color.WHITE);
        st.setChartFontColor(INK);
        st.setChartTitleBoxVisible(false);
        st.setChartTitleVisible(!f.title().isBlank());
        st.setChartTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(16 * scale)));
        st.setChartTitlePadding((int) Math.round(8 * scale));
        st.setChartPadding((int) Math.round(10 * scale));
        st.setAxisTitleFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(13 * scale)));
        st.setAxisTickLabelsFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * scale)));
        st.setAxisTickLabelsColor(INK);
        st.setAxisTickMarksColor(new Color(0x555555));
        st.setXAxisTitleVisible(!f.xLabel().isBlank());
        st.setYAxisTitleVisible(!f.yLabel().isBlank());
        st.setAxisTitlePadding((int) Math.round(6 * scale));
        st.setPlotBorderVisible(true);
        st.setPlotBorderColor(new Color(0x555555));
        st.setPlotGridLinesColor(new Color(0xE6E6E6));
        st.setPlotGridLinesStroke(new BasicStroke(1f));
        st.setPlotMargin(0);
        st.setLegendFont(new Font(Font.SANS_SERIF, Font.PLAIN, (int) Math.round(12 * scale)));
        st.setLegendBackgroundColor(new Color(255, 255, 255, 235));
        st.setLegendBorderColor(new Color(0xBBBBBB));
        st.setLegendPadding((int) Math.round(6 * scale));
        st.setLegendSeriesLineLength((int) Math.round(24 * scale));
        st.setMarkerSize(6);
        st.setToolTipsEnabled(false);
        st.setCursorEnabled(false);
        st.setZoomEnabled(false);
        st.setXAxisLogarithmic(f.xScale() == Figure.Scale.LOG);
        st.setYAxisLogarithmic(f.yScale() == Figure.Scale.LOG);
    }

    /** A tick label of a decades axis: 10ⁿ at whole n, nothing between. */
    /**
     * A tick of a wide log axis: 10ⁿ on whole decades; between them (XChart may space ticks by
     * half decades) the plain value where it is short, so that no axis is left unlabelled.
     */
    static String wideLog(Double log10) {
        String p = powerOfTen(log10);
        if (!p.isEmpty()) {
            return p;
        }
        return Math.abs(log10) > 4 ? String.format(java.util.Locale.ROOT, "%.1e", Math.pow(10, log10))
                : plainOfLog(log10);
    }

    /** 10^log10 as a plain number with two significant digits (a tick of a narrow log axis). */
    static String plainOfLog(Double log10) {
        double v = Math.pow(10, log10);
        return new java.math.BigDecimal(v).round(new java.math.MathContext(2)).stripTrailingZeros().toPlainString();
    }

    static String powerOfTen(Double log10) {
        long n = Math.round(log10);
        if (Math.abs(log10 - n) > 1e-9 * Math.max(1, Math.abs(log10))) {
            return "";
        }
        if (n == 0) {
            return "1";
        }
        if (n == 1) {
            return "10";
        }
        String digits = Long.toString(n);
        StringBuilder sb = new StringBuilder("10");
        for (char ch : digits.toCharArray()) {
            sb.append(ch == '-' ? '\u207B' : SUPERSCRIPTS.charAt(ch - '0'));
        }
        return sb.toString();
    }

    /** The first ⌈fraction·n⌉ values (all of them for fraction ≥ 1). */
    private static double[] prefix(double[] v, double fraction) {
        if (fraction >= 1) {
            return v;
        }
        int n = (int) Math.ceil(fraction * v.length);
        return java.util.Arrays.copyOf(v, Math.max(Math.min(n, v.length), Math.min(1, v.length)));
    }

    /** XChart measures every legend line with a TextLayout, which refuses empty text. */
    private static String label(String name) {
        String oneLine = name.replace('\n', ' ').replace('\r', ' ');
        return oneLine.isBlank() ? " " : oneLine;
    }

    private static void headless() {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }
}
