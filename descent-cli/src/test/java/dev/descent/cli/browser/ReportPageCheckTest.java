package dev.descent.cli.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The checker, on fixture pages (src/test/resources/browser/) whose PNGs are drawn here. One browser for all. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReportPageCheckTest {

    private static final Map<String, Color> FIGURES = Map.of("static", Color.BLUE, "f0", Color.RED,
            "f1", Color.GREEN, "f2", Color.ORANGE);

    private static HeadlessChromium browser;

    @TempDir
    Path dir;

    /** Launched by the first test; without chromium each test is skipped (an abort in @BeforeAll would hide them). */
    @BeforeEach
    void launch() {
        if (browser == null) {
            browser = HeadlessChromium.launchOrSkip();
        }
    }

    @AfterAll
    static void close() {
        if (browser != null) {
            browser.close();
            browser = null;
        }
    }

    @Test
    void aGoodPagePasses() throws IOException {
        List<String> failures = check("good.html", FIGURES);
        assertThat(failures).isEmpty();
        // it did look: the slider moved, and the SVG and every PNG came from file: URLs
        assertThat(browser.evaluate("document.getElementById('lr-value').textContent").asText()).isEqualTo("1e-2");
        assertThat(browser.requestedUrls()).anyMatch(u -> u.endsWith("/figures/plot.svg"))
                .anyMatch(u -> u.endsWith("/figures/f2.png")).allMatch(u -> u.startsWith("file:"));
        Path png = dir.resolve("good.png");
        browser.screenshot(png);
        BufferedImage shot = ImageIO.read(png.toFile());
        assertThat(shot.getWidth()).isEqualTo(1280);
        assertThat(shot.getHeight()).isGreaterThan(200);
    }

    @Test
    void aMissingImageFailsNamingIt() throws IOException {
        assertThat(check("missing-image.html", FIGURES))
                .anyMatch(f -> f.startsWith("img figures/missing.png (#gone) did not load"))
                .anyMatch(f -> f.startsWith("console error: log error: Failed to load resource") && f.contains("missing.png"));
    }

    @Test
    void aConsoleErrorFails() throws IOException {
        assertThat(check("console-error.html", FIGURES))
                .containsExactly("console error: console.error: figure data went missing");
    }

    @Test
    void aSliderThatDoesNotChangeTheImageFails() throws IOException {
        assertThat(check("broken-slider.html", FIGURES)).singleElement().asString()
                .startsWith("slider #lr: set to 2 (from 0), the image still shows ").contains("f0.png, not ")
                .endsWith("f2.png");
    }

    @Test
    void aSliderWhoseFramesLookAlikeFailsOnPixels() throws IOException {
        Map<String, Color> same = Map.of("static", Color.BLUE, "f0", Color.RED, "f1", Color.RED, "f2", Color.RED);
        assertThat(check("good.html", same))
                .containsExactly("slider #lr: set to 2 (from 0), the src changed but the displayed pixels did not");
    }

    @Test
    void aPageThatNeedsTheNetworkFails() throws IOException {
        assertThat(check("online-script.html", FIGURES))
                .contains("needs the network: requested http://cdn.example.com/plot.js");
    }

    /** Copies the fixture page and plot.svg into a temp dir, draws the PNGs, opens the page and checks it. */
    private List<String> check(String page, Map<String, Color> figures) throws IOException {
        Path figs = Files.createDirectories(dir.resolve("figures"));
        copy(page, dir.resolve(page));
        copy("plot.svg", figs.resolve("plot.svg"));
        for (Map.Entry<String, Color> f : figures.entrySet()) {
            BufferedImage img = new BufferedImage(120, 80, BufferedImage.TYPE_INT_RGB);
            Graphics2D g = img.createGraphics();
            g.setColor(f.getValue());
            g.fillRect(0, 0, 120, 80);
            g.dispose();
            ImageIO.write(img, "png", figs.resolve(f.getKey() + ".png").toFile());
        }
        browser.navigate(dir.resolve(page));
        long t0 = System.nanoTime();
        List<String> failures = ReportPageCheck.check(browser);
        System.out.printf("ReportPageCheck %s: %.0f ms, %s%n", page, (System.nanoTime() - t0) / 1e6, failures);
        return failures;
    }

    private static void copy(String resource, Path to) throws IOException {
        try (InputStream in = ReportPageCheckTest.class.getResourceAsStream("/browser/" + resource)) {
            assertThat(in).as(resource).isNotNull();
            Files.copy(in, to);
        }
    }
}
