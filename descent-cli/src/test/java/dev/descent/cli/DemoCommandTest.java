package dev.descent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @TempDir
    Path tmp;

    @Test
    void quickWritesTheNineSectionsAndTheSameCsvTwice() throws IOException {
        Path a = tmp.resolve("a");
        CliRun r = CliRun.of("demo", "--quick", "--out", a.toString());
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("descent demo: wrote " + a.resolve("index.html").toAbsolutePath());
        String html = Files.readString(a.resolve("index.html"));
        List<String> sections = new ArrayList<>();
        Matcher m = Pattern.compile("<section id=\"([a-z0-9-]+)\">").matcher(html);
        while (m.find()) {
            sections.add(m.group(1));
        }
        assertThat(sections).containsExactly("paths", "loss-curves", "bias-correction", "terminal-velocity",
                "learning-rate", "minibatch", "range-test", "parameter-estimation", "interactive");
        // every image the page shows exists, is a PNG of the size the page states
        Matcher img = Pattern.compile("<img (?:id=\"[^\"]+\" )?src=\"([^\"]+)\" width=\"(\\d+)\" height=\"(\\d+)\"")
                .matcher(html);
        int images = 0;
        while (img.find()) {
            var png = ImageIO.read(a.resolve(img.group(1)).toFile());
            assertThat(png).as(img.group(1)).isNotNull();
            assertThat(png.getWidth()).isEqualTo(Integer.parseInt(img.group(2)));
            assertThat(png.getHeight()).isEqualTo(Integer.parseInt(img.group(3)));
            images++;
        }
        assertThat(images).isGreaterThanOrEqualTo(20);
        JsonNode manifest = new ObjectMapper().readTree(a.resolve("manifest.json").toFile());
        assertThat(manifest.get("generator").asText()).isEqualTo("descent");
        assertThat(manifest.get("settings").get("seed").asLong()).isEqualTo(1);
        assertThat(manifest.get("runs").size()).isGreaterThan(66); // 6 landscapes × 11 optimizers, and more
        for (JsonNode f : manifest.get("files")) {
            for (String key : new String[] {"png", "svg", "csv", "grid_csv"}) {
                if (f.hasNonNull(key)) {
                    assertThat(a.resolve(f.get(key).asText())).as(key).isNotEmptyFile();
                }
            }
        }

        Path b = tmp.resolve("b");
        assertThat(CliRun.of("demo", "--quick", "--out", b.toString()).exit()).isZero();
        Map<String, String> csvA = csv(a);
        assertThat(csvA).hasSizeGreaterThan(40);
        assertThat(csv(b)).isEqualTo(csvA);
    }

    static Map<String, String> csv(Path dir) throws IOException {
        Map<String, String> m = new TreeMap<>();
        try (Stream<Path> s = Files.list(dir.resolve("data"))) {
            for (Path p : s.toList()) {
                m.put(p.getFileName().toString(), Files.readString(p));
            }
        }
        return m;
    }

    @Test
    void aDirectoryThatIsNotAReportIsRefusedBeforeAnyWork() throws IOException {
        Path photos = Files.createDirectories(tmp.resolve("photos"));
        Files.writeString(photos.resolve("cat.jpg"), "meow");
        CliRun r = CliRun.of("demo", "--quick", "--out", photos.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("descent demo: --out " + photos + " exists and is not a descent report");
        assertThat(Files.readString(photos.resolve("cat.jpg"))).isEqualTo("meow");

        Path file = Files.writeString(tmp.resolve("plain"), "x");
        CliRun f = CliRun.of("demo", "--quick", "--out", file.resolve("report").toString());
        assertThat(f.exit()).isEqualTo(2);
        assertThat(f.err()).contains("descent demo: --out " + file.resolve("report")).contains(file.toString());
    }

    @Test
    void unknownOptionsAreUsageErrors() {
        CliRun o = CliRun.of("demo", "--bogus");
        assertThat(o.exit()).isEqualTo(2);
        assertThat(o.err()).contains("Unknown option: '--bogus'");
    }
}
