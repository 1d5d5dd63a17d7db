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
}
