package dev.descent.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.descent.report.figure.Figure;
import dev.descent.report.figure.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportWriterTest {

    @TempDir
    Path tmp;

    static Report report(double last) {
        Figure f = Figure.lines("curve", "A curve", "step", "J", Figure.Scale.LINEAR, Figure.Scale.LOG,
                List.of(Series.overSteps("adam(lr=0.1)", new double[] {1, 0.5, last}, Series.Style.LINE)));
        Figure a = f.withSize(400, 300);
        Figure b = Figure.lines("frame-b", "B", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
                List.of(Series.overSteps("b", new double[] {3, 2, 1}, Series.Style.LINE)));
        Figure a2 = Figure.lines("frame-a", "A", "x", "y", Figure.Scale.LINEAR, Figure.Scale.LINEAR,
                List.of(Series.overSteps("a", new double[] {1, 2, 3}, Series.Style.LINE)));
        Section s = new Section("one", "One <&>", "<p>text</p>", "θ ← θ − ε g", List.of(
                new Item.FigureItem(a, "caption"),
                new Item.Table("t", "a table", List.of("spec", "steps", "time (ms)"),
                        List.of(List.of("adam(lr=0.1)", "3", "1.5")), List.of("time (ms)")),
                new Item.Slider("s", "rate", List.of("ε = 1", "ε = 2"), List.of(a2, b), 1, "slide"),
                new Item.Note("adam(lr=10) diverged at step 3", true)));
        return new Report("T", "<p>intro</p>", List.of(s));
    }

    @Test
    void writesThePageFiguresDataAndManifest() throws IOException {
        Path dir = tmp.resolve("r");
        Path index = ReportWriter.write(report(0.25), new RunManifest("0.1.0", "test"), dir, ProgressListener.NONE);
        assertThat(index).isEqualTo(dir.toAbsolutePath().resolve("index.html"));
        String html = Files.readString(index);
        assertThat(html).contains("<section id=\"one\">", "1. One &lt;&amp;&gt;", "figures/curve.png",
                "class=\"descent-slider\"", "data-target=\"s-img\"", "figures/frame-b.png", "<output id=\"s-value\"",
                "adam(lr=10) diverged at step 3", "θ ← θ − ε g").doesNotContain("http://", "https://");
        for (String f : new String[] {"figures/curve.png", "figures/curve.svg", "data/curve.csv", "figures/frame-a.png",
            "figures/frame-b.png", "data/t.csv", RunManifest.FILE}) {
            assertThat(dir.resolve(f)).as(f).isNotEmptyFile();
        }
        assertThat(Files.readString(dir.resolve("data/t.csv"))).isEqualTo("spec,steps\nadam(lr=0.1),3\n");
        String manifest = Files.readString(dir.resolve(RunManifest.FILE));
        assertThat(manifest).contains("\"descent_version\" : \"0.1.0\"", "\"figure\" : \"curve\"", "\"width\" : 400");
    }

    @Test
    void aReportIsReplacedAndAnyOtherDirectoryRefused() throws IOException {
        Path dir = tmp.resolve("r");
        ReportWriter.write(report(0.25), new RunManifest("0.1.0", "test"), dir, ProgressListener.NONE);
        String before = Files.readString(dir.resolve("data/curve.csv"));
        ReportWriter.write(report(0.125), new RunManifest("0.1.0", "test"), dir, ProgressListener.NONE);
        assertThat(Files.readString(dir.resolve("data/curve.csv"))).isNotEqualTo(before).contains("0.125");
        try (var s = Files.list(tmp)) {
            assertThat(s.map(p -> p.getFileName().toString()).toList()).containsExactly("r"); // no temp left
        }

        Path other = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(other.resolve("cat.jpg"), "meow");
        assertThatThrownBy(() -> ReportWriter.write(report(1), new RunManifest("0.1.0", "t"), other, ProgressListener.NONE))
                .isInstanceOf(ReportWriter.NotAReportException.class)
                .hasMessageContaining(other + " exists and is not a descent report (it has no manifest.json)");
        assertThat(Files.readString(other.resolve("cat.jpg"))).isEqualTo("meow");
        Path file = Files.writeString(tmp.resolve("file"), "x");
        assertThatThrownBy(() -> ReportWriter.checkTarget(file)).hasMessageContaining("is not a directory");
    }

    @Test
    void aFailedWriteLeavesThePreviousReport() throws IOException {
        Path dir = tmp.resolve("r");
        ReportWriter.write(report(0.25), new RunManifest("0.1.0", "test"), dir, ProgressListener.NONE);
        String before = Files.readString(dir.resolve("index.html"));
        Report bad = new Report("T", "", List.of(new Section("x", "X", "", "", List.of(new Item.FigureItem(
                Figure.lines("x", "X", "a", "b", Figure.Scale.LINEAR, Figure.Scale.LINEAR, List.of()), "c")))));
        ProgressListener failing = (what, done, total) -> {
            if (what.startsWith("figure")) {
                throw new IllegalStateException("disk full (simulated)");
            }
        };
        assertThatThrownBy(() -> ReportWriter.write(bad, new RunManifest("0.1.0", "t"), dir, failing))
                .hasMessageContaining("disk full");
        assertThat(Files.readString(dir.resolve("index.html"))).isEqualTo(before);
        try (var s = Files.list(tmp)) {
            assertThat(s.count()).isEqualTo(1);
        }
    }

    @Test
    void badItemsAreRefusedNamingThem() {
        assertThatThrownBy(() -> new Item.Table("t", "c", List.of("a", "b"), List.of(List.of("1")), List.of()))
                .hasMessageContaining("table t: row 0 has 1 cells, the header 2");
        assertThatThrownBy(() -> new Item.Slider("s", "l", List.of("1"), List.of(), 0, ""))
                .hasMessageContaining("slider s: 1 values and 0 frames");
        assertThatThrownBy(() -> new Section("Bad Id", "t", "", "", List.of())).hasMessageContaining("'Bad Id'");
        assertThatThrownBy(() -> new RunManifest("0", "c").put("runs", Map.of())).hasMessageContaining("reserved");
    }
}
