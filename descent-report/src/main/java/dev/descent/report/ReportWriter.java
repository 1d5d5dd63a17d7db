package dev.descent.report;

import dev.descent.report.figure.Figure;
import dev.descent.report.figure.FigureData;
import dev.descent.report.figure.FigureRenderer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/**
 * Writes a {@link Report} into a directory:
 *
 * <pre>
 *   DIR/index.html             the page (no network needed: styles and the slider script are inline)
 *   DIR/figures/&lt;id&gt;.png, .svg  every figure (slider frames as PNG)
 *   DIR/data/&lt;id&gt;.csv          the numbers behind every figure and table; &lt;id&gt;-grid.csv for contour fields
 *   DIR/manifest.json          {@link RunManifest}: version, seeds, specs, problems, runs, files
 * </pre>
 *
 * <p>Nothing is lost on failure: everything is written into a fresh sibling directory first and
 * swapped in at the end, so a failed write leaves the previous report as it was. An existing
 * {@code DIR} is replaced only if it is empty or looks like a descent report (it holds a
 * {@value RunManifest#FILE}); any other directory or file is refused, naming it.
 */
public final class ReportWriter {

    private ReportWriter() {
    }

    /** Refused: the directory exists and is not a descent report. */
    public static final class NotAReportException extends IOException {
        private static final long serialVersionUID = 1L;

        NotAReportException(String message) {
            super(message);
        }
    }

    /**
     * Refuses {@code dir} early (before any work) if it is a file or a directory that is not a
     * descent report, or if no directory can be made beside it (a probe is created and removed).
     */
    public static void checkTarget(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            // the report is made beside it and moved in: the parent must take a new directory
            Path parent = dir.toAbsolutePath().normalize().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
                Files.delete(Files.createTempDirectory(parent, "." + dir.getFileName() + ".probe-"));
            }
            return;
        }
        if (!Files.isDirectory(dir)) {
            throw new NotAReportException(dir + " exists and is not a directory");
        }
        if (Files.exists(dir.resolve(RunManifest.FILE))) {
            return;
        }
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir)) {
            if (s.iterator().hasNext()) {
                throw new NotAReportException(dir + " exists and is not a descent report (it has no "
                        + RunManifest.FILE + "); choose another directory or empty it");
            }
        }
    }

    /**
     * Writes the report.
     *
     * @param report   what to write
     * @param manifest completed with the list of files, then written
     * @param dir      the report directory (created, or replaced if it is a report)
     * @param progress told about each figure
     * @return the index.html written
     */
    public static Path write(Report report, RunManifest manifest, Path dir, ProgressListener progress) throws IOException {
        checkTarget(dir);
        Path abs = dir.toAbsolutePath().normalize();
        Path parent = abs.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = Files.createTempDirectory(parent, "." + abs.getFileName() + ".tmp-");
        try {
            writeInto(report, manifest, tmp, progress);
            swap(tmp, abs);
        } finally {
            deleteTree(tmp);
        }
        return abs.resolve("index.html");
    }

    private static void writeInto(Report report, RunManifest manifest, Path dir, ProgressListener progress) throws IOException {
        Path figures = Files.createDirectories(dir.resolve("figures"));
        Path data = Files.createDirectories(dir.resolve("data"));
        int total = 0;
        for (Section s : report.sections()) {
            for (Item item : s.items()) {
                total += item instanceof Item.Slider sl ? sl.frames().size() : item instanceof Item.FigureItem ? 1 : 0;
            }
        }
        int done = 0;
        StringBuilder body = new StringBuilder();
        StringBuilder toc = new StringBuilder();
        int number = 0;
        for (Section s : report.sections()) {
            number++;
            toc.append("<li><a href=\"#").append(s.id()).append("\">").append(Html.escape(s.title())).append("</a></li>\n");
            body.append("<section id=\"").append(s.id()).append("\">\n<h2>").append(number).append(". ")
                    .append(Html.escape(s.title())).append("</h2>\n").append(s.text()).append('\n');
            if (!s.equations().isBlank()) {
                body.append("<pre class=\"eq\">").append(Html.escape(s.equations().strip())).append("</pre>\n");
            }
            for (Item item : s.items()) {
                if (item instanceof Item.FigureItem f) {
                    progress.update("figure " + f.figure().id(), done, total);
                    writeFigure(f.figure(), figures, data, manifest, true);
                    done++;
                    body.append(figureHtml(f.figure(), f.caption()));
                } else if (item instanceof Item.Table t) {
                    writeTable(t, data.resolve(t.id() + ".csv"));
                    manifest.file(Map.of("table", t.id(), "csv", "data/" + t.id() + ".csv"));
                    body.append(tableHtml(t));
                } else if (item instanceof Item.Slider sl) {
                    for (Figure fr : sl.frames()) {
                        progress.update("figure " + fr.id(), done, total);
                        writeFigure(fr, figures, data, manifest, false);
                        done++;
                    }
                    body.append(sliderHtml(sl));
                } else if (item instanceof Item.Note n) {
                    body.append("<p class=\"").append(n.warning() ? "note warn" : "note").append("\">")
                            .append(Html.escape(n.text())).append("</p>\n");
                }
            }
            body.append("</section>\n");
        }
        progress.update("index.html", done, total);
        String html = PAGE.replace("{{title}}", Html.escape(report.title()))
                .replace("{{intro}}", report.intro())
                .replace("{{toc}}", toc.toString())
                .replace("{{body}}", body.toString());
        Files.writeString(dir.resolve("index.html"), html, StandardCharsets.UTF_8);
        manifest.write(dir.resolve(RunManifest.FILE));
    }

    private static void writeFigure(Figure f, Path figures, Path data, RunManifest manifest, boolean svg)
            throws IOException {
        FigureRenderer.writePng(f, figures.resolve(f.id() + ".png"));
        if (svg) {
            FigureRenderer.writeSvg(f, figures.resolve(f.id() + ".svg"));
        }
        FigureData.writeCsv(f, data.resolve(f.id() + ".csv"));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("figure", f.id());
        m.put("title", f.title());
        m.put("png", "figures/" + f.id() + ".png");
        m.put("svg", svg ? "figures/" + f.id() + ".svg" : null);
        m.put("csv", "data/" + f.id() + ".csv");
        if (f.contours() != null) {
            FigureData.writeGridCsv(f.contours(), data.resolve(f.id() + "-grid.csv"));
            m.put("grid_csv", "data/" + f.id() + "-grid.csv");
        }
        m.put("width", f.width());
        m.put("height", f.height());
        List<String> names = new ArrayList<>();
        f.series().forEach(s -> names.add(s.name()));
        m.put("series", names);
        manifest.file(m);
    }

    private static void writeTable(Item.Table t, Path file) throws IOException {
        List<Integer> keep = new ArrayList<>();
        List<String> header = new ArrayList<>();
        for (int c = 0; c < t.header().size(); c++) {
            if (!t.htmlOnly().contains(t.header().get(c))) {
                keep.add(c);
                header.add(t.header().get(c));
            }
        }
        try (CSVPrinter p = new CSVPrinter(Files.newBufferedWriter(file, StandardCharsets.UTF_8),
                CSVFormat.DEFAULT.builder().setHeader(header.toArray(String[]::new)).setRecordSeparator('\n')
                        .build())) {
            for (List<String> row : t.rows()) {
                List<String> cells = new ArrayList<>();
                for (int c : keep) {
                    cells.add(row.get(c));
                }
                p.printRecord(cells);
            }
        }
    }

    private static String figureHtml(Figure f, String caption) {
        return "<figure id=\"fig-" + f.id() + "\">\n<img src=\"figures/" + f.id() + ".png\" width=\"" + f.width()
                + "\" height=\"" + f.height() + "\" alt=\"" + Html.escape(f.title()) + "\">\n<figcaption>" + caption
                + " <span class=\"files\"><a href=\"figures/" + f.id() + ".svg\">SVG</a> · <a href=\"data/" + f.id()
                + ".csv\">CSV</a>" + (f.contours() != null ? " · <a href=\"data/" + f.id() + "-grid.csv\">grid CSV</a>"
                        : "") + "</span></figcaption>\n</figure>\n";
    }

    private static String tableHtml(Item.Table t) {
        StringBuilder b = new StringBuilder("<div class=\"table\"><table id=\"table-" + t.id() + "\">\n<caption>"
                + Html.escape(t.caption()) + " <a href=\"data/" + t.id() + ".csv\">CSV</a></caption>\n<tr>");
        for (String h : t.header()) {
            b.append("<th>").append(Html.escape(h)).append("</th>");
        }
        b.append("</tr>\n");
        for (List<String> row : t.rows()) {
            b.append("<tr>");
            for (String c : row) {
                b.append(NUMBER.matcher(c).matches() ? "<td class=\"num\">" : "<td>").append(Html.escape(c))
                        .append("</td>");
            }
            b.append("</tr>\n");
        }
        return b.append("</table></div>\n").toString();
    }

    /** Cells that are numbers are right-aligned; text is left-aligned. */
    private static final java.util.regex.Pattern NUMBER =
            java.util.regex.Pattern.compile("[-+−]?(\\d[\\d,]*(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?%?|–");

    private static String sliderHtml(Item.Slider s) {
        StringBuilder frames = new StringBuilder("[");
        StringBuilder labels = new StringBuilder("[");
        for (int i = 0; i < s.frames().size(); i++) {
            frames.append(i > 0 ? "," : "").append('"').append("figures/").append(s.frames().get(i).id()).append(".png\"");
            labels.append(i > 0 ? "," : "").append('"').append(jsonText(s.values().get(i))).append('"');
        }
        frames.append(']');
        labels.append(']');
        Figure first = s.frames().get(s.initial());
        String img = s.id() + "-img";
        return "<figure class=\"interactive\" id=\"fig-" + s.id() + "\">\n<label for=\"" + s.id() + "\">"
                + Html.escape(s.label()) + "</label>\n<input type=\"range\" class=\"descent-slider\" id=\"" + s.id()
                + "\" min=\"0\" max=\"" + (s.frames().size() - 1) + "\" step=\"1\" value=\"" + s.initial()
                + "\" data-target=\"" + img + "\" data-frames='" + Html.escape(frames.toString()) + "' data-labels='"
                + Html.escape(labels.toString()) + "'>\n<output id=\"" + s.id() + "-value\" for=\"" + s.id() + "\">"
                + Html.escape(s.values().get(s.initial())) + "</output>\n<img id=\"" + img + "\" src=\"figures/"
                + first.id() + ".png\" width=\"" + first.width() + "\" height=\"" + first.height() + "\" alt=\""
                + Html.escape(first.title()) + "\">\n<figcaption>" + s.caption() + "</figcaption>\n</figure>\n";
    }

    private static String jsonText(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private static void swap(Path tmp, Path dir) throws IOException {
        if (Files.exists(dir)) {
            Path old = Files.createTempDirectory(dir.getParent(), "." + dir.getFileName() + ".old-");
            Files.delete(old);
            Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                Files.move(old, dir, StandardCopyOption.ATOMIC_MOVE); // put the previous report back
                throw e;
            }
            deleteTree(old);
        } else {
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /** The page: styles and the slider's few lines of script inline, so it opens offline. */
    private static final String PAGE = """
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{{title}}</title>
            <style>
            body { font-family: system-ui, -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; color: #1d1d1f;
                   max-width: 980px; margin: 2em auto; padding: 0 1.2em; line-height: 1.5; }
            h1 { font-size: 1.9em; margin-bottom: .2em; }
            h2 { margin-top: 2.2em; border-bottom: 1px solid #ddd; padding-bottom: .2em; }
            nav ol { columns: 2; }
            pre.eq { background: #f6f8fa; border-left: 3px solid #4e79a7; padding: .7em 1em; overflow-x: auto;
                     font-size: .92em; line-height: 1.45; }
            figure { margin: 1.4em 0; }
            figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
            figcaption { font-size: .92em; color: #444; }
            .files { white-space: nowrap; margin-left: .4em; }
            .files a, caption a { color: #4e79a7; font-size: .9em; }
            .table { overflow-x: auto; }
            table { border-collapse: collapse; font-size: .88em; margin: 1em 0; }
            caption { text-align: left; font-weight: 600; padding-bottom: .3em; }
            th, td { border-bottom: 1px solid #e3e3e3; padding: .25em .6em; text-align: left; vertical-align: top; }
            td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
            th { background: #fafafa; }
            .note { background: #f3f6fa; padding: .5em .8em; border-radius: 4px; }
            .note.warn { background: #fff4e5; border-left: 3px solid #e8871e; }
            .interactive label { font-weight: 600; margin-right: .6em; }
            .interactive input { width: 320px; vertical-align: middle; }
            .interactive output { font-family: ui-monospace, monospace; margin-left: .6em; }
            footer { margin-top: 3em; font-size: .85em; color: #666; }
            </style>
            </head>
            <body>
            <h1>{{title}}</h1>
            {{intro}}
            <nav><ol>
            {{toc}}</ol></nav>
            {{body}}
            <footer>Every number on this page was computed by descent; the figures' numbers are in data/, the runs
            in <a href="manifest.json">manifest.json</a>.</footer>
            <script>
            // Sliders only swap images descent precomputed; nothing is computed here.
            for (const s of document.querySelectorAll('input.descent-slider')) {
              const frames = JSON.parse(s.dataset.frames), labels = JSON.parse(s.dataset.labels);
              const img = document.getElementById(s.dataset.target), out = document.getElementById(s.id + '-value');
              s.addEventListener('input', () => {
                const i = Number(s.value);
                img.src = frames[i];
                out.textContent = labels[i];
              });
            }
            </script>
            </body>
            </html>
            """;
}
