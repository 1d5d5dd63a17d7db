package dev.descent.report.figure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FigureDataTest {

    @TempDir
    Path dir;

    /** Doubles that round-trip badly through careless formatting. */
    private static double[] awkward(SplittableRandom rnd, int n) {
        double[] fixed = {0.1 + 0.2, -0.0, 0.0, Double.MIN_VALUE, Double.MAX_VALUE, -Double.MIN_NORMAL, 1e-300,
            Math.PI, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, 1.0 / 3, 123456789.123456789};
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = i < fixed.length ? fixed[i]
                    : Double.longBitsToDouble(rnd.nextLong() & 0x7FEF_FFFF_FFFF_FFFFL) * (rnd.nextBoolean() ? 1 : -1);
        }
        return v;
    }

    private static Figure figure() {
        SplittableRandom rnd = new SplittableRandom(3);
        List<Series> series = List.of(
                Series.of("adam:learningRate=1e-3,beta2=0.99", awkward(rnd, 200), awkward(rnd, 200), Series.Style.LINE),
                Series.of("quoted \"name\", with comma\nand a line break", awkward(rnd, 50), awkward(rnd, 50),
                        Series.Style.POINTS));
        return new Figure("data", "data", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LINEAR, series, null,
                List.of(new Marker("x*", 1.0, Math.sqrt(2)), new Marker("start", -0.0, Double.NaN)), 400, 300);
    }

    private static List<CSVRecord> read(Path file) throws IOException {
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8);
                CSVParser p = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get().parse(r)) {
            assertThat(p.getHeaderNames()).isNotEmpty();
            return p.getRecords();
        }
    }

    @Test
    void theCsvHasOneRowPerPointThenTheMarkersAndRoundTripsEveryBit() throws IOException {
        Figure f = figure();
        Path csv = dir.resolve("data.csv");
        FigureData.writeCsv(f, csv);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("series,index,x,y");
        List<CSVRecord> rows = read(csv);
        int r = 0;
        for (Series s : f.series()) {
            for (int i = 0; i < s.x().length; i++, r++) {
                CSVRecord row = rows.get(r);
                assertThat(row.get("series")).isEqualTo(s.name());
                assertThat(Integer.parseInt(row.get("index"))).isEqualTo(i);
                assertThat(Double.doubleToLongBits(Double.parseDouble(row.get("x"))))
                        .isEqualTo(Double.doubleToLongBits(s.x()[i]));
                assertThat(Double.doubleToLongBits(Double.parseDouble(row.get("y"))))
                        .isEqualTo(Double.doubleToLongBits(s.y()[i]));
            }
        }
        for (Marker m : f.markers()) {
            CSVRecord row = rows.get(r++);
            assertThat(row.get("series")).isEqualTo(FigureData.MARKER_PREFIX + m.label());
            assertThat(row.get("index")).isEqualTo("0");
            assertThat(Double.doubleToLongBits(Double.parseDouble(row.get("x")))).isEqualTo(Double.doubleToLongBits(m.x()));
            assertThat(Double.doubleToLongBits(Double.parseDouble(row.get("y")))).isEqualTo(Double.doubleToLongBits(m.y()));
        }
        assertThat(rows).hasSize(r);
    }

    @Test
    void theSameFigureWritesTheSameBytes() throws IOException {
        FigureData.writeCsv(figure(), dir.resolve("a.csv"));
        FigureData.writeCsv(figure(), dir.resolve("b.csv"));
        assertThat(Files.readAllBytes(dir.resolve("a.csv"))).isEqualTo(Files.readAllBytes(dir.resolve("b.csv")));
    }

    @Test
    void theGridCsvRoundTripsTheField() throws IOException {
        ContourField c = Contours.sample((x, y) -> x == 0 ? Double.NaN : Math.log(Math.abs(x)) * y, -1, 1, -0.5, 2, 7,
                5, 4);
        Path csv = dir.resolve("grid.csv");
        FigureData.writeGridCsv(c, csv);
        assertThat(Files.readAllLines(csv).get(0)).isEqualTo("x,y,z");
        List<CSVRecord> rows = read(csv);
        assertThat(rows).hasSize(35);
        int r = 0;
        for (int j = 0; j < c.ys().length; j++) {
            for (int i = 0; i < c.xs().length; i++, r++) {
                CSVRecord row = rows.get(r);
                assertThat(Double.parseDouble(row.get("x"))).isEqualTo(c.xs()[i]);
                assertThat(Double.parseDouble(row.get("y"))).isEqualTo(c.ys()[j]);
                assertThat(Double.doubleToLongBits(Double.parseDouble(row.get("z"))))
                        .isEqualTo(Double.doubleToLongBits(c.z()[j][i]));
            }
        }
    }

    @Test
    void aRewriteReplacesTheFileAndLeavesNoTemporaryFile() throws IOException {
        Path csv = dir.resolve("data.csv");
        FigureData.writeCsv(figure(), csv);
        Figure small = Figure.lines("small", "s", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
                List.of(Series.overSteps("a", new double[] {1, 2}, Series.Style.LINE)));
        FigureData.writeCsv(small, csv);
        assertThat(Files.readAllLines(csv)).containsExactly("series,index,x,y", "a,0,0.0,1.0", "a,1,1.0,2.0");
        assertThat(names(dir)).containsExactly("data.csv");
    }

    @Test
    void aRefusedRenameLeavesWhatWasThere() throws IOException {
        Path target = dir.resolve("data.csv");
        Files.createDirectories(target.resolve("child")); // a non-empty directory cannot be replaced
        assertThatThrownBy(() -> FigureData.writeCsv(figure(), target)).isInstanceOf(IOException.class);
        assertThat(target.resolve("child")).isDirectory();
        assertThat(names(dir)).containsExactly("data.csv");
    }

    @Test
    void aWriteIntoAReadOnlyDirectoryFailsAndLeavesTheOldFile() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("ro"));
        Path csv = sub.resolve("data.csv");
        Path grid = sub.resolve("grid.csv");
        Path png = sub.resolve("data.png");
        FigureData.writeCsv(figure(), csv);
        ContourField field = Contours.sample((x, y) -> x * y, 0, 1, 0, 1, 3, 3, 2);
        FigureData.writeGridCsv(field, grid);
        FigureRenderer.writePng(figure(), png);
        byte[] before = Files.readAllBytes(csv);
        byte[] gridBefore = Files.readAllBytes(grid);
        byte[] pngBefore = Files.readAllBytes(png);
        Runnable undo = makeReadOnly(sub);
        try {
            Figure other = Figure.lines("other", "o", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
                    List.of(Series.overSteps("b", new double[] {3}, Series.Style.LINE)));
            assertThatThrownBy(() -> FigureData.writeCsv(other, csv)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> FigureData.writeGridCsv(Contours.sample((x, y) -> 1, 0, 1, 0, 1, 2, 2, 1), grid))
                    .isInstanceOf(IOException.class);
            assertThatThrownBy(() -> FigureRenderer.writePng(other, png)).isInstanceOf(IOException.class);
            assertThatThrownBy(() -> FigureRenderer.writeSvg(other, png)).isInstanceOf(IOException.class);
        } finally {
            undo.run();
        }
        assertThat(Files.readAllBytes(csv)).isEqualTo(before);
        assertThat(Files.readAllBytes(grid)).isEqualTo(gridBefore);
        assertThat(Files.readAllBytes(png)).isEqualTo(pngBefore);
        assertThat(names(sub)).containsExactly("data.csv", "data.png", "grid.csv");
    }

    /**
     * Makes {@code d} refuse new files: by its permissions, or, where the process ignores them
     * (root), by the immutable attribute ({@code chattr +i}); skips the test if neither works.
     */
    private static Runnable makeReadOnly(Path d) throws Exception {
        if (d.toFile().setWritable(false, false) && !Files.isWritable(d)) {
            return () -> d.toFile().setWritable(true, false);
        }
        d.toFile().setWritable(true, false);
        boolean immutable;
        try {
            immutable = new ProcessBuilder("chattr", "+i", d.toString()).redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException e) {
            immutable = false;
        }
        boolean refuses = false;
        if (immutable) {
            try {
                Files.delete(Files.createFile(d.resolve("probe")));
            } catch (IOException expected) {
                refuses = true;
            }
        }
        if (!refuses) {
            if (immutable) {
                new ProcessBuilder("chattr", "-i", d.toString()).start().waitFor();
            }
            Assumptions.abort("cannot make a directory read-only here (root without chattr)");
        }
        return () -> {
            try {
                new ProcessBuilder("chattr", "-i", d.toString()).start().waitFor();
            } catch (IOException | InterruptedException e) {
                throw new IllegalStateException("could not undo chattr +i on " + d, e);
            }
        };
    }

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            List<String> names = new ArrayList<>(s.map(p -> p.getFileName().toString()).sorted().toList());
            return names;
        }
    }
}
