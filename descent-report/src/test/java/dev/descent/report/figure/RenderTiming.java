package dev.descent.report.figure;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Not a test: run by hand ({@code java -cp … dev.descent.report.figure.RenderTiming}) to see how
 * long a contour figure with 12 paths of 5000 points takes to render to PNG and SVG after warm-up.
 * The house rule is no timing assertions in unit tests.
 */
public final class RenderTiming {

    private RenderTiming() {
    }

    static Figure twelvePaths() {
        ContourField field = Contours.sample(SampleFigures::rosenbrock, -2, 2, -1, 3, 120, 120, 12);
        SplittableRandom rnd = new SplittableRandom(42);
        List<Series> paths = new ArrayList<>();
        for (int p = 0; p < 12; p++) {
            double[][] run = SampleFigures.heavyBall(-1.8 + 0.3 * rnd.nextDouble(), 2.0 + rnd.nextDouble(),
                    1e-4 * (1 + p), 0.8 + 0.015 * p, 4999);
            paths.add(Series.of("path " + p, run[0], run[1], Series.Style.LINE_POINTS));
        }
        return Figure.contour("many", "12 paths of 5000 points", field, paths, List.of(new Marker("x*", 1, 1)));
    }

    public static void main(String[] args) throws Exception {
        Figure f = twelvePaths();
        for (int i = 0; i < 10; i++) {
            org.knowm.xchart.BitmapEncoder.getBitmapBytes(FigureRenderer.chart(f), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
            FigureRenderer.svg(f);
        }
        int n = 10;
        long png = 0;
        long svg = 0;
        int bytes = 0;
        for (int i = 0; i < n; i++) {
            long t0 = System.nanoTime();
            org.knowm.xchart.BitmapEncoder.getBitmapBytes(FigureRenderer.chart(f), org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
            long t1 = System.nanoTime();
            bytes = FigureRenderer.svg(f).length;
            long t2 = System.nanoTime();
            png += t1 - t0;
            svg += t2 - t1;
        }
        System.out.printf("PNG %.0f ms, SVG %.0f ms (%d bytes)%n", png / 1e6 / n, svg / 1e6 / n, bytes);
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            FigureRenderer.writeAnimatedGif(SampleFigures.rosenbrockPaths(), java.nio.file.Path.of("target", "timing.gif"),
                    30);
            System.out.printf("GIF of 30 frames %.0f ms%n", (System.nanoTime() - t0) / 1e6);
        }
    }
}
