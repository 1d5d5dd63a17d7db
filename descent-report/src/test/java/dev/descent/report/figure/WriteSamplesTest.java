package dev.descent.report.figure;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** Writes sample figures to {@code target/figure-samples/} for a person to look at. */
class WriteSamplesTest {

    static final Path OUT = Path.of("target", "figure-samples");

    @Test
    void writesTheSamples() throws IOException {
        Files.createDirectories(OUT);
        for (Figure f : new Figure[] {SampleFigures.rosenbrockPaths(), SampleFigures.lossCurves()}) {
            FigureRenderer.writePng(f, OUT.resolve(f.id() + ".png"));
            FigureRenderer.writeSvg(f, OUT.resolve(f.id() + ".svg"));
            FigureData.writeCsv(f, OUT.resolve(f.id() + ".csv"));
            assertThat(OUT.resolve(f.id() + ".png")).isNotEmptyFile();
        }
    }

    /** One contour figure per test function of the level rule, without paths: how the bands look. */
    @Test
    void writesTheContourGallery() throws IOException {
        Files.createDirectories(OUT);
        ContoursTest.functions().forEach(args -> {
            Object[] a = args.get();
            String name = (String) a[0];
            ContourField c = Contours.sample((java.util.function.DoubleBinaryOperator) a[1], (double) a[2],
                    (double) a[3], (double) a[4], (double) a[5], 120, 120, 12);
            Figure f = Figure.contour("contours-" + name.replace(' ', '-'), name, c, java.util.List.of(),
                    java.util.List.of()).withSize(480, 440);
            try {
                FigureRenderer.writePng(f, OUT.resolve(f.id() + ".png"));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(OUT.resolve(f.id() + ".png")).isNotEmptyFile();
        });
    }
}
